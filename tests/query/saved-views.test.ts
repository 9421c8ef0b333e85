import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SavedView } from '../../src/crm/models/saved-view.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let mia: string; // manager, east
let rita: string; // sales, east
let sam: string; // sales, west

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('root', 'admin');
  mia = await app.login('mia', 'manager', ['east']);
  rita = await app.login('rita', 'sales', ['east']);
  sam = await app.login('sam', 'sales', ['west']);
  for (const [token, name] of [[rita, 'Rita 女客户'], [sam, 'Sam 女客户']] as const) {
    const res = await app.request('POST', '/api/customers', { token, body: { name, tags: ['vip'], customFields: { gender: 'female' } } });
    expect(res.status).toBe(201);
  }
  await app.request('POST', '/api/customers', { token: rita, body: { name: 'Rita 男客户', customFields: { gender: 'male' } } });
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const women = { op: 'and', conditions: [{ field: 'custom.gender', operator: 'eq', value: 'female' }] };
const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((c) => c.name).sort();

describe('saved views', () => {
  test('a shared view runs in each caller’s own scope', async () => {
    const created = await app.request('POST', '/api/views', { token: mia, body: { name: '女客户', filter: women, columns: ['name', 'stage', 'custom.gender'], shared: true } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '女客户', shared: true, columns: ['name', 'stage', 'custom.gender'] });
    const id = created.body.id;

    for (const [token, expected] of [[admin, ['Rita 女客户', 'Sam 女客户']], [mia, ['Rita 女客户']], [rita, ['Rita 女客户']], [sam, ['Sam 女客户']]] as const) {
      const run = await app.request('POST', `/api/views/${id}/run`, { token, body: {} });
      expect(run.status).toBe(200);
      expect(names(run)).toEqual(expected);
      expect(run.body.columns).toEqual(['name', 'stage', 'custom.gender']);
    }
    expect((await app.request('GET', '/api/views', { token: sam })).body.items.map((v: { name: string }) => v.name)).toContain('女客户');
    // Others may run a shared view but not change it; an admin may.
    expect((await app.request('PATCH', `/api/views/${id}`, { token: sam, body: { name: '改' } })).status).toBe(403);
    expect((await app.request('PATCH', `/api/views/${id}`, { token: admin, body: { name: '女客户（全部）' } })).body.name).toBe('女客户（全部）');
  });

  test('a personal view is invisible to others; salespeople cannot share', async () => {
    const mine = await app.request('POST', '/api/views', { token: rita, body: { name: '我的 VIP', filter: { op: 'and', conditions: [{ field: 'tags', operator: 'eq', value: 'vip' }] } } });
    expect(mine.status).toBe(201);
    expect(mine.body.shared).toBe(false);
    expect(names(await app.request('POST', `/api/views/${mine.body.id}/run`, { token: rita, body: { page: { size: 10 } } }))).toEqual(['Rita 女客户']);
    expect((await app.request('POST', `/api/views/${mine.body.id}/run`, { token: sam, body: {} })).status).toBe(404);
    expect((await app.request('GET', '/api/views', { token: sam })).body.items.map((v: { name: string }) => v.name)).not.toContain('我的 VIP');
    expect((await app.request('DELETE', `/api/views/${mine.body.id}`, { token: sam })).status).toBe(404);

    const share = await app.request('POST', '/api/views', { token: rita, body: { name: '分享', filter: women, shared: true } });
    expect(share.status).toBe(403);
    expect((await app.request('DELETE', `/api/views/${mine.body.id}`, { token: rita })).status).toBe(204);
    expect(await SavedView.countDocuments({ name: '我的 VIP' })).toBe(0);
  });

  test.each([
    ['filter.conditions.0.field', { name: 'x', filter: { op: 'and', conditions: [{ field: '$where', operator: 'eq', value: 1 }] } }],
    ['filter.conditions.0.value', { name: 'x', filter: { op: 'and', conditions: [{ field: 'custom.gender', operator: 'eq', value: { $ne: null } }] } }],
    ['columns.1', { name: 'x', filter: women, columns: ['name', 'custom.nope'] }],
    ['columns.0', { name: 'x', filter: women, columns: ['$where'] }],
    ['name', { name: '', filter: women }],
  ])('a bad view is a 400 naming %s; nothing saved', async (path, body) => {
    const before = await SavedView.countDocuments();
    const res = await app.request('POST', '/api/views', { token: mia, body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(path);
    expect(await SavedView.countDocuments()).toBe(before);
  });
});
