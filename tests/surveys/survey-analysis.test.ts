import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Staff } from '../../src/crm/models/staff.js';
import { SurveyResponse } from '../../src/crm/surveys/survey-response-model.js';
import { SurveyTemplate } from '../../src/crm/surveys/survey-template-model.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { serviceTemplate } from './survey-fixtures.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let alice: string;
let carol: string;
const ids: Record<string, Types.ObjectId> = {};

/**
 * The fixture, by hand (speed weighs 2, quality 1; Asia/Shanghai weeks start on Monday):
 *   alice/east  Mon 2 Mar   speed 5 quality 3 nps 10      (10+3)/3
 *   alice/east  Wed 4 Mar   speed 4 quality 4 nps 9       (8+4)/3      alice: 25/6 = 4.17, NPS 2 promoters = 100
 *   amy/east    Tue 10 Mar  speed 2 quality 2 nps 5       amy: 6/3 = 2.00, NPS 1 detractor = -100
 *   bob/west    Wed 11 Mar  speed 3 quality 4 nps 7       bob: 10/3 = 3.33, NPS passive = 0
 *   east: 31/9 = 3.44, NPS (2−1)/3 = 33.3   → alice +0.73, amy −1.44;  west: 3.33 → bob 0
 *   overall: 41/12 = 3.42, NPS (2−1)/4 = 25
 *   items: speed (5+4+2+3)/4 = 3.5, quality (3+4+2+4)/4 = 3.25; categories the same by category
 *   weeks: 2 Mar alice only 4.17 / 100; 9 Mar (6+10)/6 = 2.67, NPS (0−1)/2 = −50
 */
const FIXTURE = [
  { staff: 'alice', dept: 'east', at: '2026-03-02T02:00:00Z', speed: 5, quality: 3, nps: 10 },
  { staff: 'alice', dept: 'east', at: '2026-03-04T02:00:00Z', speed: 4, quality: 4, nps: 9 },
  { staff: 'amy', dept: 'east', at: '2026-03-10T02:00:00Z', speed: 2, quality: 2, nps: 5 },
  { staff: 'bob', dept: 'west', at: '2026-03-11T02:00:00Z', speed: 3, quality: 4, nps: 7 },
];

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('root', 'admin');
  alice = await app.login('alice', 'sales', ['east']);
  await app.login('amy', 'sales', ['east']);
  await app.login('bob', 'sales', ['west']);
  carol = await app.login('carol', 'manager', ['east']);
  expect((await app.request('POST', '/api/surveys/templates', { token: admin, body: serviceTemplate })).status).toBe(201);
  const template = (await SurveyTemplate.findOne({ key: 'service' }).lean())!;
  for (const s of await Staff.find({}).lean()) ids[s.userId] = s._id;
  await SurveyResponse.insertMany(
    FIXTURE.map((f) => ({
      tenantId: template.tenantId,
      customerId: new Types.ObjectId(),
      templateId: template._id,
      templateKey: 'service',
      templateVersion: 1,
      templateKind: 'service_satisfaction',
      staffId: ids[f.staff],
      departments: [f.dept],
      channel: 'link',
      answers: [],
      scores: [
        { item: 'speed', type: 'scale5', category: 'response', weight: 2, value: f.speed },
        { item: 'quality', type: 'scale5', category: 'result', weight: 1, value: f.quality },
        { item: 'nps', type: 'nps', category: null, weight: 1, value: f.nps },
      ],
      low: false,
      submittedAt: new Date(f.at),
    })),
  );
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const analysis = async (token: string, query: string, period = 'from=2026-03-01&to=2026-03-31') => {
  const res = await app.request('GET', `/api/surveys/analysis?${period}&${query}`, { token });
  expect(res.status).toBe(200);
  return res.body;
};

test('an admin sees every staff member against their department average, by hand', async () => {
  const body = await analysis(admin, 'groupBy=staff&templateKey=service');
  expect(body.overall).toEqual({ responses: 4, average: 3.42, scaleAnswers: 8, nps: 25, npsAnswers: 4 });
  expect(body.staffVsDepartment).toEqual([
    { staffId: String(ids.alice), name: 'alice', department: 'east', average: 4.17, nps: 100, responses: 2, departmentAverage: 3.44, departmentNps: 33.3, departmentResponses: 3, difference: 0.73 },
    { staffId: String(ids.amy), name: 'amy', department: 'east', average: 2, nps: -100, responses: 1, departmentAverage: 3.44, departmentNps: 33.3, departmentResponses: 3, difference: -1.44 },
    { staffId: String(ids.bob), name: 'bob', department: 'west', average: 3.33, nps: 0, responses: 1, departmentAverage: 3.33, departmentNps: 0, departmentResponses: 1, difference: 0 },
  ]);
  expect(body.rows.map((r: { label: string; average: number }) => [r.label, r.average])).toEqual(
    expect.arrayContaining([
      ['alice', 4.17],
      ['amy', 2],
      ['bob', 3.33],
    ]),
  );
  expect(body.trend).toEqual([
    { weekStart: '2026-03-02', responses: 2, average: 4.17, scaleAnswers: 4, nps: 100, npsAnswers: 2 },
    { weekStart: '2026-03-09', responses: 2, average: 2.67, scaleAnswers: 4, nps: -50, npsAnswers: 2 },
  ]);
});

test('per item, per category and per department', async () => {
  const items = await analysis(admin, 'groupBy=item');
  expect(items.rows.map((r: { key: string; label: string; average: number | null; nps: number | null }) => [r.key, r.label, r.average, r.nps])).toEqual([
    ['service.nps', '您有多大可能向朋友推荐我们？', null, 25],
    ['service.quality', '解决质量', 3.25, null],
    ['service.speed', '响应速度', 3.5, null],
  ]);
  const categories = await analysis(admin, 'groupBy=category');
  expect(categories.rows.map((r: { key: string; average: number }) => [r.key, r.average])).toEqual([
    ['response', 3.5],
    ['result', 3.25],
  ]);
  const departments = await analysis(admin, 'groupBy=department');
  expect(departments.rows.map((r: { key: string; average: number; nps: number; responses: number }) => [r.key, r.average, r.nps, r.responses])).toEqual([
    ['east', 3.44, 33.3, 3],
    ['west', 3.33, 0, 1],
  ]);
});

test('scope: a salesperson sees only their own rows but the whole department average; a manager their department', async () => {
  const own = await analysis(alice, 'groupBy=staff');
  expect(own.overall).toMatchObject({ responses: 2, average: 4.17 });
  expect(own.staffVsDepartment).toEqual([expect.objectContaining({ name: 'alice', average: 4.17, departmentAverage: 3.44, difference: 0.73 })]);
  const team = await analysis(carol, 'groupBy=staff');
  expect(team.staffVsDepartment.map((s: { name: string }) => s.name)).toEqual(['alice', 'amy']);
  expect(team.overall).toMatchObject({ responses: 3, average: 3.44 });
});

test('the period and template filters, and bad queries are a 400 naming the field', async () => {
  const secondWeek = await analysis(admin, 'groupBy=staff', 'from=2026-03-09&to=2026-03-31');
  expect(secondWeek.overall).toMatchObject({ responses: 2, average: 2.67 });
  const none = await analysis(admin, 'templateKey=sales');
  expect(none.overall).toEqual({ responses: 0, average: null, scaleAnswers: 0, nps: null, npsAnswers: 0 });
  const bad = await app.request('GET', '/api/surveys/analysis?groupBy=week&from=2026-3-1', { token: admin });
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toContain('groupBy');
  expect(bad.body.error.message).toContain('from');
});

test('export: the staff comparison as CSV and XLSX', async () => {
  const csv = await fetch(`${app.baseUrl}/api/surveys/analysis?from=2026-03-01&to=2026-03-31&groupBy=staff&format=csv`, { headers: { authorization: `Bearer ${admin}` } });
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-disposition')).toContain('survey-analysis-staff-2026-03-01-2026-03-31.csv');
  const text = await csv.text();
  expect(text).toContain('员工,部门,回复数,平均分,NPS,部门回复数,部门平均分,部门 NPS,与部门平均差');
  expect(text).toContain('alice,east,2,4.17,100,3,3.44,33.3,0.73');
  expect(text).toContain('amy,east,1,2,-100,3,3.44,33.3,-1.44');
  const xlsx = await fetch(`${app.baseUrl}/api/surveys/analysis?groupBy=item&format=xlsx`, { headers: { authorization: `Bearer ${admin}` } });
  expect(xlsx.status).toBe(200);
  expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
});
