import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AppModule } from '../../src/app/app-module.js';
import { startTestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// A module's `handles` list is what app-modules.ts checks at compile time, so buildService holds
// each module to it: registering a handler it did not declare, or declaring one it never
// registers, stops the service from being built.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());

test('a module that registers a handler for a kind it does not declare is refused', async () => {
  const sneaky: AppModule = {
    name: 'sneaky',
    handles: [],
    setup(deps) {
      deps.inboxHandlers.on('tag.changed', async () => {});
    },
  };
  await expect(startTestApp({ modules: [sneaky] })).rejects.toThrow(/module 'sneaky'.*tag\.changed/);
});

test('a module that declares a kind it never registers is refused', async () => {
  const boastful: AppModule = { name: 'boastful', handles: ['staff.left'], setup() {} };
  await expect(startTestApp({ modules: [boastful] })).rejects.toThrow(/module 'boastful'.*staff\.left/);
});

test('a module that declares exactly what it registers is built', async () => {
  const honest: AppModule = {
    name: 'honest',
    handles: ['staff.left'],
    setup(deps) {
      deps.inboxHandlers.on('staff.left', async () => {});
    },
  };
  const app = await startTestApp({ modules: [honest] });
  expect(app.service.deps.inboxHandlers.kinds()).toEqual(new Set(['staff.left']));
  await app.close();
});
