import { afterAll, beforeAll, expect, test } from 'vitest';
import { SurveyTemplate } from '../../src/crm/surveys/survey-template-model.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { serviceTemplate } from './survey-fixtures.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let alice: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('root', 'admin');
  alice = await app.login('alice', 'sales', ['east']);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const post = (body: unknown, token = admin) => app.request('POST', '/api/surveys/templates', { token, body });

test('an admin creates version 1; a PUT stores version 2 beside it; everyone reads the current version', async () => {
  const created = await post(serviceTemplate);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ key: 'service', version: 1, kind: 'service_satisfaction', active: true });
  expect(created.body.items[0]).toMatchObject({ key: 'speed', type: 'scale5', required: true, category: 'response', weight: 2 });
  expect(created.body.items[1]).toMatchObject({ weight: 1, required: true });

  const revised = await app.request('PUT', '/api/surveys/templates/service', {
    token: admin,
    body: { name: '服务满意度 v2', kind: 'service_satisfaction', items: serviceTemplate.items.slice(0, 3) },
  });
  expect(revised.status).toBe(200);
  expect(revised.body).toMatchObject({ key: 'service', version: 2, name: '服务满意度 v2' });
  expect(revised.body.items).toHaveLength(3);
  expect(await SurveyTemplate.countDocuments({ key: 'service' })).toBe(2);

  const read = await app.request('GET', '/api/surveys/templates/service', { token: alice });
  expect(read.body).toMatchObject({ version: 2 });
  const list = await app.request('GET', '/api/surveys/templates', { token: alice });
  expect(list.body.items.map((t: { key: string; version: number }) => `${t.key}@${t.version}`)).toEqual(['service@2']);
});

test('a second POST of the same key is a 409; sales may not define templates', async () => {
  const again = await post({ ...serviceTemplate, key: 'dup' });
  expect(again.status).toBe(201);
  expect((await post({ ...serviceTemplate, key: 'dup' })).status).toBe(409);
  expect((await post({ ...serviceTemplate, key: 'mine' }, alice)).status).toBe(403);
  expect(await SurveyTemplate.countDocuments({ key: 'mine' })).toBe(0);
});

test.each([
  ['no items', { ...serviceTemplate, key: 'empty', items: [] }, 'items'],
  ['an unknown item type', { ...serviceTemplate, key: 'badtype', items: [{ key: 'x', label: { zh: 'x' }, type: 'stars' }] }, 'items.0.type'],
  ['a choice without options', { ...serviceTemplate, key: 'noopts', items: [{ key: 'x', label: { zh: 'x' }, type: 'single' }] }, 'items.0.options'],
  ['a zero weight', { ...serviceTemplate, key: 'zero', items: [{ key: 'x', label: { zh: 'x' }, type: 'scale5', weight: 0 }] }, 'items.0.weight'],
  ['a repeated item key', { ...serviceTemplate, key: 'twice', items: [serviceTemplate.items[0], serviceTemplate.items[0]] }, 'items.1.key'],
  ['an empty label', { ...serviceTemplate, key: 'nolabel', items: [{ key: 'x', label: { zh: '' }, type: 'text' }] }, 'items.0.label.zh'],
  ['an unknown kind', { ...serviceTemplate, key: 'kind', kind: 'marketing' }, 'kind'],
])('a template with %s is a 400 naming the field; nothing is stored', async (_what, body, field) => {
  const res = await post(body);
  expect(res.status).toBe(400);
  expect(res.body.error.message).toContain(`${field}:`);
  expect(await SurveyTemplate.countDocuments({ key: (body as { key: string }).key })).toBe(0);
});
