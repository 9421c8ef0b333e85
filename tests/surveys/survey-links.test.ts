import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { relayActivities } from '../../src/features/domain-events/relay-activities.js';
import { Activity } from '../../src/crm/models/activity.js';
import { SurveyInvitation } from '../../src/crm/surveys/survey-invitation-model.js';
import { SurveyResponse } from '../../src/crm/surveys/survey-response-model.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { serviceTemplate } from './survey-fixtures.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let alice: string;
let bob: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp({ env: { PUBLIC_BASE_URL: 'https://crm.example.com' } });
  admin = await app.login('root', 'admin');
  alice = await app.login('alice', 'sales', ['east']);
  bob = await app.login('bob', 'sales', ['west']);
  expect((await app.request('POST', '/api/surveys/templates', { token: admin, body: serviceTemplate })).status).toBe(201);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const newCustomer = async (name: string, token = alice) => (await app.request('POST', '/api/customers', { token, body: { name } })).body as { id: string; code: string };
const invite = (customerId: string, token = alice) => app.request('POST', '/api/surveys/invitations', { token, body: { customerId, templateKey: 'service' } });
const pathOf = (url: string) => new URL(url).pathname;
const postForm = (path: string, form: string, headers: Record<string, string> = {}) =>
  app.request('POST', path, { rawBody: form, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
const postJson = (path: string, answers: Record<string, unknown>) => app.request('POST', path, { body: { answers } });
const relayAndDrain = async () => {
  while ((await relayActivities(app.service.deps.inbox, app.service.deps.domainEvents)) > 0);
  await app.service.deps.inbox.drain();
};
const timelineTypes = async (customerId: string) =>
  (await Activity.find({ customerId: new Types.ObjectId(customerId) }).sort({ at: 1, _id: 1 }).lean()).map((a) => a.type);

test('invitation → the client answers the form over HTTP → timeline entry and a low-score notice to the owner', async () => {
  const customer = await newCustomer('张三');
  const invited = await invite(customer.id);
  expect(invited.status).toBe(201);
  expect(invited.body.url).toMatch(/^https:\/\/crm\.example\.com\/s\/[a-f0-9]{24}\.[0-9a-z]+\.[\w-]+\.[\w-]{43}$/);
  expect(invited.body).toMatchObject({ templateKey: 'service', templateVersion: 1 });
  const path = pathOf(invited.body.url);

  const form = await app.request('GET', path, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
  expect(form.status).toBe(200);
  expect(form.headers.get('content-type')).toContain('text/html');
  expect(form.body).toContain('name="viewport"');
  expect(form.body).toContain('响应速度');
  expect(form.body).not.toContain('Response speed');
  const english = await app.request('GET', `${path}?lang=en`);
  expect(english.body).toContain('Response speed');

  const answered = await postForm(path, 'speed=1&quality=4&nps=3&channel=phone&comment=%E5%A4%AA%E6%85%A2%E4%BA%86');
  expect(answered.status).toBe(201);
  expect(answered.body).toContain('感谢您的反馈');

  const [response] = await SurveyResponse.find({ customerId: new Types.ObjectId(customer.id) }).lean();
  expect(response).toMatchObject({ templateVersion: 1, channel: 'link', low: true, departments: ['east'] });
  expect(response!.answers).toEqual([
    { key: 'speed', value: 1 },
    { key: 'quality', value: 4 },
    { key: 'nps', value: 3 },
    { key: 'channel', value: 'phone' },
    { key: 'comment', value: '太慢了' },
  ]);
  expect(await timelineTypes(customer.id)).toEqual(['created', 'survey_sent', 'survey_answered']);
  const activity = await Activity.findOne({ customerId: new Types.ObjectId(customer.id), type: 'survey_answered' }).lean();
  expect(activity!.data).toMatchObject({ low: true, lowItems: ['speed', 'nps'], templateKey: 'service' });
  expect(activity!.content).toContain('响应速度 1/5');

  await relayAndDrain();
  await relayAndDrain();
  const notices = await OutboxMessage.find({ dedupeKey: `survey-low:${String(activity!._id)}` }).lean();
  expect(notices).toHaveLength(1);
  expect(notices[0]!.to).toMatchObject({ type: 'user', platformUserId: 'alice' });
  expect(JSON.stringify(notices[0]!.body)).toContain('满意度偏低：张三');
  expect(JSON.stringify(notices[0]!.body)).toContain('太慢了');
});

test('a good answer lands on the timeline and notifies nobody', async () => {
  const customer = await newCustomer('李四');
  const path = pathOf((await invite(customer.id)).body.url);
  const answered = await postJson(path, { speed: 5, quality: 3, nps: 9 });
  expect(answered.status).toBe(201);
  expect(answered.body.low).toBe(false);
  await relayAndDrain();
  const activity = await Activity.findOne({ customerId: new Types.ObjectId(customer.id), type: 'survey_answered' }).lean();
  expect(await OutboxMessage.countDocuments({ dedupeKey: `survey-low:${String(activity!._id)}` })).toBe(0);
});

test('a used link is refused (410) on open and on post, and nothing changes', async () => {
  const customer = await newCustomer('王五');
  const path = pathOf((await invite(customer.id)).body.url);
  expect((await postJson(path, { speed: 4, quality: 4, nps: 8 })).status).toBe(201);
  const again = await postForm(path, 'speed=1&quality=1&nps=0');
  expect(again.status).toBe(410);
  expect(again.body).toContain('您已经提交过了');
  expect((await app.request('GET', path)).status).toBe(410);
  expect(await SurveyResponse.countDocuments({ customerId: new Types.ObjectId(customer.id) })).toBe(1);
  expect((await timelineTypes(customer.id)).filter((t) => t === 'survey_answered')).toHaveLength(1);
});

test('an expired link is refused (410) and nothing changes', async () => {
  const customer = await newCustomer('过期客户');
  const invited = (await invite(customer.id)).body;
  await SurveyInvitation.updateOne({ _id: new Types.ObjectId(invited.id) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
  const path = pathOf(invited.url);
  const opened = await app.request('GET', `${path}?lang=en`);
  expect(opened.status).toBe(410);
  expect(opened.body).toContain('Link expired');
  expect((await postForm(path, 'speed=5&quality=5&nps=10')).status).toBe(410);
  expect((await postJson(path, { speed: 5, quality: 5, nps: 10 })).status).toBe(410);
  expect(await SurveyResponse.countDocuments({ customerId: new Types.ObjectId(customer.id) })).toBe(0);
  expect((await SurveyInvitation.findById(invited.id).lean())!.usedAt).toBeNull();
});

test('forged links are refused (403), unknown ones 404, never a 500, and nothing changes', async () => {
  const customer = await newCustomer('伪造客户');
  const invited = (await invite(customer.id)).body;
  const path = pathOf(invited.url);
  const tampered = path.slice(0, -1) + (path.endsWith('A') ? 'B' : 'A');
  // Another invitation id under the same signature: the signature covers the id.
  const otherId = path.replace(/\/s\/[a-f0-9]{24}/, `/s/${new Types.ObjectId().toHexString()}`);
  const longer = path.replace(/\.(\d|[a-z])+\./, '.zzzzzzzz.');
  for (const forged of [tampered, otherId, longer, '/s/not-a-token', '/s/%00%ff', `/s/${'a'.repeat(500)}`]) {
    const opened = await app.request('GET', forged);
    expect(opened.status, forged).toBe(403);
    expect(opened.body).toContain('链接无效');
    expect((await postForm(forged, 'speed=5&quality=5&nps=10')).status, forged).toBe(403);
  }
  expect(await SurveyResponse.countDocuments({ customerId: new Types.ObjectId(customer.id) })).toBe(0);
  expect((await SurveyInvitation.findById(invited.id).lean())!.usedAt).toBeNull();

  await SurveyInvitation.deleteOne({ _id: new Types.ObjectId(invited.id) });
  expect((await app.request('GET', path)).status).toBe(404);
  expect((await postForm(path, 'speed=5&quality=5&nps=10')).status).toBe(404);
});

test('out-of-range and missing required answers are a 400 naming the item; the link stays open', async () => {
  const customer = await newCustomer('校验客户');
  const invited = (await invite(customer.id)).body;
  const path = pathOf(invited.url);
  const outOfRange = await postJson(path, { speed: 6, quality: 4, nps: 8 });
  expect(outOfRange.status).toBe(400);
  expect(outOfRange.body.error.message).toContain('answers.speed: must be a whole number from 1 to 5');
  const missing = await postJson(path, { speed: 3, nps: 11, channel: 'fax' });
  expect(missing.status).toBe(400);
  expect(missing.body.error.message).toContain('answers.quality: required');
  expect(missing.body.error.message).toContain('answers.nps: must be a whole number from 0 to 10');
  expect(missing.body.error.message).toContain('answers.channel: must be one of phone, wechat');
  expect((await postJson(path, { speed: 3, quality: 3, nps: 5, bogus: 1 })).body.error.message).toContain('answers.bogus');

  // The form post gets the form back, the problem marked beside its question, the given answers kept.
  const form = await postForm(path, 'speed=2&nps=7');
  expect(form.status).toBe(400);
  expect(form.body).toMatch(/<fieldset data-item="quality" class="problem">/);
  expect(form.body).toMatch(/value="2" checked/);

  expect(await SurveyResponse.countDocuments({ customerId: new Types.ObjectId(customer.id) })).toBe(0);
  expect((await SurveyInvitation.findById(invited.id).lean())!.usedAt).toBeNull();
  expect((await postJson(path, { speed: 3, quality: 3, nps: 8 })).status).toBe(201);
});

test('a do-not-survey customer never gets an invitation, nor recorded answers', async () => {
  const customer = await newCustomer('不要问卷');
  await app.request('PATCH', `/api/customers/${customer.id}`, { token: alice, body: { doNotSurvey: true } });
  const refused = await invite(customer.id);
  expect(refused.status).toBe(409);
  expect(refused.body.error.message).toContain('does not accept surveys');
  const recorded = await app.request('POST', '/api/surveys/responses', { token: alice, body: { customerId: customer.id, templateKey: 'service', answers: { speed: 5, quality: 5, nps: 10 } } });
  expect(recorded.status).toBe(409);
  expect(await SurveyInvitation.countDocuments({ customerId: new Types.ObjectId(customer.id) })).toBe(0);
  expect(await timelineTypes(customer.id)).toEqual(['created', 'opt_out_changed']);
});

test('invitations follow the data scope: bob cannot invite alice’s customer', async () => {
  const customer = await newCustomer('别人的客户');
  expect((await invite(customer.id, bob)).status).toBe(404);
  expect((await app.request('POST', '/api/surveys/invitations', { token: alice, body: { customerId: customer.id, templateKey: 'nope' } })).status).toBe(404);
  expect((await app.request('POST', '/api/surveys/invitations', { token: alice, body: { customerId: 'x' } })).body.error.message).toContain('customerId');
});

test('staff record answers taken on a call, with or without the invitation; the link is then used up', async () => {
  const customer = await newCustomer('电话回访');
  const recorded = await app.request('POST', '/api/surveys/responses', { token: alice, body: { customerId: customer.id, templateKey: 'service', answers: { speed: 4, quality: 5, nps: 9 } } });
  expect(recorded.status).toBe(201);
  expect(recorded.body).toMatchObject({ channel: 'call', low: false, templateVersion: 1 });

  const invited = (await invite(customer.id)).body;
  const byCall = await app.request('POST', `/api/surveys/invitations/${invited.id}/answers`, { token: alice, body: { answers: { speed: 2, quality: 3, nps: 7 } } });
  expect(byCall.status).toBe(201);
  expect(byCall.body.low).toBe(true);
  expect((await app.request('GET', pathOf(invited.url))).status).toBe(410);
  expect((await app.request('POST', `/api/surveys/invitations/${invited.id}/answers`, { token: alice, body: { answers: { speed: 2, quality: 3, nps: 7 } } })).status).toBe(409);
  const bad = await app.request('POST', '/api/surveys/responses', { token: alice, body: { customerId: customer.id, templateKey: 'service', answers: { speed: 0 } } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toContain('answers.speed');
  expect(await SurveyResponse.countDocuments({ customerId: new Types.ObjectId(customer.id) })).toBe(2);
});

test('an answer keeps the template version its invitation was made with', async () => {
  const customer = await newCustomer('版本客户');
  const invited = (await invite(customer.id)).body;
  const revised = await app.request('PUT', '/api/surveys/templates/service', {
    token: admin,
    body: { name: '服务满意度 v2', kind: 'service_satisfaction', items: [{ key: 'overall', label: { zh: '总体满意度' }, type: 'scale5', required: true }] },
  });
  expect(revised.body.version).toBe(2);
  const form = await app.request('GET', pathOf(invited.url));
  expect(form.body).toContain('响应速度');
  expect((await postJson(pathOf(invited.url), { speed: 5, quality: 5, nps: 10 })).status).toBe(201);
  expect((await SurveyResponse.findOne({ invitationId: new Types.ObjectId(invited.id) }).lean())!.templateVersion).toBe(1);
  const next = (await invite(customer.id)).body;
  expect(next.templateVersion).toBe(2);
});
