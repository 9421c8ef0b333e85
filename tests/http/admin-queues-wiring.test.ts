import { afterAll, beforeAll, expect, test } from 'vitest';
import { appModules } from '../../src/app/app-modules.js';
import { inboxModule } from '../../src/queue/inbox/inbox-module.js';
import { outboxModule } from '../../src/queue/outbox/outbox-module.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// Its own file (own process): the full app registers every feature's handlers and senders.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

test('the service mounts the inbox/outbox admin API and starts both workers with the app', async () => {
  expect(appModules).toContain(inboxModule);
  expect(appModules).toContain(outboxModule);
  const token = await app.login('root', 'admin');
  expect((await app.request('GET', '/api/admin/inbox?status=dead', { token })).status).toBe(200);
  expect((await app.request('GET', '/api/admin/outbox?status=dead', { token })).status).toBe(200);
  expect(typeof inboxModule.start).toBe('function');
  expect(typeof outboxModule.start).toBe('function');
});
