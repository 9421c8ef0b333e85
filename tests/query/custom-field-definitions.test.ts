import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CustomFieldDefinition } from '../../src/crm/models/custom-field-definition.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let rep: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('root', 'admin');
  rep = await app.login('rita', 'sales', ['east']);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

describe('custom field definitions', () => {
  test('the classic dimensions are seeded once, on the first read, for everyone', async () => {
    const [a, b] = await Promise.all([
      app.request('GET', '/api/custom-fields', { token: rep }),
      app.request('GET', '/api/custom-fields', { token: rep }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const labels = a.body.items.map((d: { label: { zh: string } }) => d.label.zh);
    expect(labels).toEqual(['来访方式', '购买预期', '消息来源', '客户性质', '产品需求', '性别', '职业']);
    expect(await CustomFieldDefinition.countDocuments()).toBe(7);
    const gender = a.body.items.find((d: { key: string }) => d.key === 'gender');
    expect(gender).toMatchObject({ type: 'single', required: false, segmentation: true, options: [{ value: 'male', label: { zh: '男', en: 'Male' } }, { value: 'female' }] });
    expect(a.body.items.find((d: { key: string }) => d.key === 'product_needs').type).toBe('multi');
  });

  test('admins create, relabel and archive; others may not', async () => {
    const body = { key: 'budget', label: { zh: '预算', en: 'Budget' }, type: 'number', order: 80 };
    expect((await app.request('POST', '/api/admin/custom-fields', { token: rep, body })).status).toBe(403);
    const created = await app.request('POST', '/api/admin/custom-fields', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'budget', type: 'number', required: false, archived: false });
    expect((await app.request('POST', '/api/admin/custom-fields', { token: admin, body })).status).toBe(409);

    const relabelled = await app.request('PATCH', '/api/admin/custom-fields/budget', { token: admin, body: { label: { zh: '年度预算', en: 'Annual budget' } } });
    expect(relabelled.status).toBe(200);
    expect(relabelled.body.label.zh).toBe('年度预算');

    expect((await app.request('DELETE', '/api/admin/custom-fields/budget', { token: admin })).body.archived).toBe(true);
    const visible = (await app.request('GET', '/api/custom-fields', { token: rep })).body.items.map((d: { key: string }) => d.key);
    expect(visible).not.toContain('budget');
    const all = (await app.request('GET', '/api/admin/custom-fields', { token: admin })).body.items.map((d: { key: string }) => d.key);
    expect(all).toContain('budget');
    expect((await app.request('GET', '/api/admin/custom-fields', { token: rep })).status).toBe(403);
    expect((await app.request('PATCH', '/api/admin/custom-fields/nope', { token: admin, body: { order: 1 } })).status).toBe(404);
  });

  test('an option left out of an update stays, archived, so records holding it keep their label', async () => {
    const res = await app.request('PATCH', '/api/admin/custom-fields/gender', {
      token: admin,
      body: { options: [{ value: 'male', label: { zh: '男士', en: 'Man' } }, { value: 'other', label: { zh: '其他', en: 'Other' } }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.options).toEqual([
      { value: 'male', label: { zh: '男士', en: 'Man' }, archived: false },
      { value: 'other', label: { zh: '其他', en: 'Other' }, archived: false },
      { value: 'female', label: { zh: '女', en: 'Female' }, archived: true },
    ]);
  });

  test.each([
    ['key', { key: '$where', label: { zh: 'x', en: 'x' }, type: 'text' }],
    ['key', { key: 'a.b', label: { zh: 'x', en: 'x' }, type: 'text' }],
    ['key', { key: '__proto__', label: { zh: 'x', en: 'x' }, type: 'text' }],
    ['label.en', { key: 'ok1', label: { zh: 'x', en: '' }, type: 'text' }],
    ['type', { key: 'ok2', label: { zh: 'x', en: 'x' }, type: 'color' }],
    ['options', { key: 'ok3', label: { zh: 'x', en: 'x' }, type: 'single' }],
    ['options', { key: 'ok4', label: { zh: 'x', en: 'x' }, type: 'text', options: [{ value: 'a', label: { zh: 'a', en: 'a' } }] }],
    ['options', { key: 'ok5', label: { zh: 'x', en: 'x' }, type: 'multi', options: [{ value: 'a', label: { zh: 'a', en: 'a' } }, { value: 'a', label: { zh: 'b', en: 'b' } }] }],
    ['options.0.value', { key: 'ok6', label: { zh: 'x', en: 'x' }, type: 'single', options: [{ value: '$gt', label: { zh: 'a', en: 'a' } }] }],
    ['required', { key: 'ok7', label: { zh: 'x', en: 'x' }, type: 'text', required: 'yes' }],
  ])('a bad definition is a 400 naming %s; nothing is written', async (path, body) => {
    const before = await CustomFieldDefinition.countDocuments();
    const res = await app.request('POST', '/api/admin/custom-fields', { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`${path}:`);
    expect(await CustomFieldDefinition.countDocuments()).toBe(before);
  });

  test('options on a field without options are refused on update too', async () => {
    const res = await app.request('PATCH', '/api/admin/custom-fields/budget', { token: admin, body: { options: [{ value: 'a', label: { zh: 'a', en: 'a' } }] } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('options:');
  });
});
