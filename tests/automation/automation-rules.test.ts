import { Types } from 'mongoose';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { systemActor } from '../../src/crm/actor.js';
import { recordActivity } from '../../src/crm/activities/record-activity.js';
import { AutomationRule, AutomationRun } from '../../src/crm/models/automation-rule.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Reminder } from '../../src/crm/models/reminder.js';
import { relayActivities } from '../../src/features/domain-events/relay-activities.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
// Three service instances on one database, as in production behind a load balancer.
let apps: TestApp[];
let app: TestApp;
let admin: string;
let alice: string;
let tenantId: Types.ObjectId;
const surveyed: string[] = [];

beforeAll(async () => {
  db = await useTestDatabase();
  apps = [await startTestApp(), await startTestApp(), await startTestApp()];
  app = apps[0]!;
  admin = await app.login('root', 'admin');
  alice = await app.login('alice', 'sales', ['east']);
  await app.login('dave', 'sales', ['east']);
  await app.login('carol', 'manager', ['east']);
  tenantId = app.service.deps.defaultTenantId;
  // A survey-like action, as the surveys module registers one: it must never reach a do-not-survey customer.
  for (const service of apps) {
    service.service.deps.automationActions.register({
      type: 'probe_survey',
      purpose: 'survey',
      params: z.object({}).strict(),
      describe: () => 'send a survey',
      run: async (_p, context) => {
        surveyed.push(context.customer.name);
        return 'sent';
      },
    });
  }
}, 120_000);
afterAll(async () => {
  for (const service of apps) await service.close();
  await db.drop();
});
beforeEach(async () => {
  // Facts an earlier test left unrelayed must not reach this test's rules.
  await deliver();
  await AutomationRule.deleteMany({});
  await AutomationRun.deleteMany({});
  await Reminder.deleteMany({});
  surveyed.length = 0;
});

const post = (path: string, body: unknown, token = admin) => app.request('POST', path, { token, body });
async function newCustomer(name: string, extra: Record<string, unknown> = {}, token = alice): Promise<string> {
  const res = await post('/api/customers', { name, ...extra }, token);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
async function rule(body: Record<string, unknown>): Promise<string> {
  const res = await post('/api/admin/automation/rules', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
/** Every instance relays and drains at once: the domain events reach the rules through the shared inbox. */
async function deliver(): Promise<void> {
  await Promise.all(
    apps.map(async (service) => {
      while ((await relayActivities(service.service.deps.inbox, service.service.deps.domainEvents, { batch: 5 })) > 0);
    }),
  );
  await Promise.all(apps.map((service) => service.service.deps.inbox.drain()));
}
const runsOf = (ruleId: string) => app.request('GET', `/api/admin/automation/rules/${ruleId}/runs`, { token: admin }).then((r) => r.body.items as { status: string; reason: string | null; results: { type: string; ok: boolean; text: string }[] }[]);
const scanJob = (service: TestApp) => service.service.deps.jobs.list().find((j) => j.name === 'automation-time-triggers')!;
const scanAll = (now: Date) =>
  Promise.all(apps.map((service, i) => scanJob(service).run({ now, instanceId: `i${i}`, stillLeader: async () => true })));

test('bad rules are refused naming the field, and nothing is saved', async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ name: 'x', trigger: { type: 'stage_changed', to: '成交' }, actions: [{ type: 'create_task', params: { text: 'a' } }], colour: 'red' }, /colour/],
    [{ name: 'x', trigger: { type: 'stage_changed', to: '成交' }, actions: [{ type: 'launch_rocket', params: {} }] }, /actions\.0\.type: unknown action "launch_rocket"/],
    [{ name: 'x', trigger: { type: 'stage_changed', to: '成交' }, actions: [{ type: 'create_task', params: { text: 'a', dueInDays: -3 } }] }, /actions\.0\.params\.dueInDays/],
    [{ name: 'x', trigger: { type: 'stage_changed', to: '火星' }, actions: [{ type: 'create_task', params: { text: 'a' } }] }, /trigger\.to: unknown stage "火星"/],
    [{ name: 'x', trigger: { type: 'no_contact', days: 0 }, actions: [{ type: 'create_task', params: { text: 'a' } }] }, /trigger\.days/],
    [{ name: 'x', trigger: { type: 'contract_signed' }, conditions: [{ field: 'tags', op: 'in', value: 'VIP' }], actions: [{ type: 'create_task', params: { text: 'a' } }] }, /conditions\.0\.value: in takes a list/],
    [{ name: 'x', trigger: { type: 'contract_signed' }, conditions: [{ field: '$where', op: 'is', value: '1' }], actions: [{ type: 'create_task', params: { text: 'a' } }] }, /conditions\.0\.field/],
    [{ name: 'x', trigger: { type: 'contract_signed' }, actions: [] }, /actions/],
  ];
  for (const [body, message] of cases) {
    const res = await post('/api/admin/automation/rules', body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.message).toMatch(message);
  }
  expect((await post('/api/admin/automation/rules', { name: 'x', trigger: { type: 'contract_signed' }, actions: [{ type: 'create_task', params: { text: 'a' } }] }, alice)).status).toBe(403);
  expect(await AutomationRule.countDocuments()).toBe(0);
});

test('a rule whose action triggers itself, directly or through another rule, is refused at save time', async () => {
  const self = await post('/api/admin/automation/rules', { name: '自循环', trigger: { type: 'stage_changed', to: '谈判' }, actions: [{ type: 'set_stage', params: { stage: 'negotiation' } }] });
  expect(self.status).toBe(409);
  expect(self.body.error.message).toContain('自循环 → 自循环');
  await rule({ name: 'A', trigger: { type: 'stage_changed', to: '谈判' }, actions: [{ type: 'set_stage', params: { stage: '成交' } }] });
  const b = await post('/api/admin/automation/rules', { name: 'B', trigger: { type: 'stage_changed', to: 'won' }, actions: [{ type: 'set_stage', params: { stage: '谈判' } }] });
  expect(b.status).toBe(409);
  expect(b.body.error.message).toMatch(/B → A → B/);
  // Switched off, B can be saved; switching it on is refused for the same reason.
  const off = await post('/api/admin/automation/rules', { name: 'B', enabled: false, trigger: { type: 'stage_changed', to: 'won' }, actions: [{ type: 'set_stage', params: { stage: '谈判' } }] });
  expect(off.status).toBe(201);
  expect((await post(`/api/admin/automation/rules/${off.body.id}/enabled`, { enabled: true })).status).toBe(409);
  expect(await AutomationRule.countDocuments({ enabled: true })).toBe(1);
});

test('stage changed → conditions → task, tags and a chat notice, exactly once across three instances and redeliveries', async () => {
  const id = await rule({
    name: '成交后关怀',
    trigger: { type: 'stage_changed', to: '成交' },
    conditions: [{ field: 'tags', op: 'is', value: 'VIP' }, { field: 'ownerDepartment', op: 'in', value: ['east'] }],
    actions: [
      { type: 'create_task', params: { text: '安排回访', dueInDays: 3 } },
      { type: 'add_tags', params: { tags: ['老客户'] } },
      { type: 'notify_owner', params: { text: 'VIP 客户成交了' } },
      { type: 'notify_manager', params: { text: 'VIP 成交' } },
    ],
  });
  const vip = await newCustomer('VIP 王总', { tags: ['VIP'] });
  const plain = await newCustomer('普通李总');
  for (const c of [vip, plain]) expect((await app.request('PATCH', `/api/customers/${c}`, { token: alice, body: { stage: '成交' } })).status).toBe(200);
  await deliver();
  // Redelivery: the same occurrences handed to every instance again, at once.
  const activity = await (await import('../../src/crm/models/activity.js')).Activity.findOne({ customerId: new Types.ObjectId(vip), type: 'stage_changed' }).lean();
  const event = { tenantId: String(tenantId), attempts: 2, activity: { id: String(activity!._id), type: 'stage_changed', customerId: vip, authorId: null, at: activity!.at.toISOString(), source: 'api', data: activity!.data as Record<string, unknown> } };
  await Promise.all(apps.map((service) => service.service.deps.domainEvents.find('automation')!.handle(event)));

  const runs = await runsOf(id);
  expect(runs.map((r) => r.status).sort()).toEqual(['done', 'skipped']);
  expect(runs.find((r) => r.status === 'skipped')!.reason).toBe('客户不满足条件');
  expect(runs.find((r) => r.status === 'done')!.results.map((r) => r.type)).toEqual(['create_task', 'add_tags', 'notify_owner', 'notify_manager']);
  const reminders = await Reminder.find({ origin: 'automation' }).lean();
  expect(reminders).toHaveLength(1);
  expect(reminders[0]!.text).toBe('安排回访');
  expect(String(reminders[0]!.customerId)).toBe(vip);
  expect((await Customer.findById(vip).lean())!.tags.sort()).toEqual(['VIP', '老客户']);
  expect((await Customer.findById(plain).lean())!.tags).toEqual([]);
  const notices = await OutboxMessage.find({ dedupeKey: { $regex: '^automation:' } }).lean();
  expect(notices.map((n) => (n.to as { platformUserId: string }).platformUserId).sort()).toEqual(['alice', 'carol']);
});

test('round-robin assignment within a department keeps its pick on redelivery', async () => {
  const id = await rule({ name: '新线索分配', trigger: { type: 'contact_added', state: 'expo2026' }, actions: [{ type: 'assign_owner', params: { department: 'east' } }] });
  const customers = [await newCustomer('线索一'), await newCustomer('线索二'), await newCustomer('线索三')];
  for (const c of customers) {
    await recordActivity(systemActor(tenantId), { customerId: new Types.ObjectId(c), type: 'contact_added', data: { platform: 'wecom', userId: 'alice', state: 'expo2026' } });
  }
  await recordActivity(systemActor(tenantId), { customerId: new Types.ObjectId(customers[0]!), type: 'contact_added', data: { platform: 'wecom', userId: 'alice', state: 'other-code' } });
  await deliver();
  const owners = await Promise.all(customers.map(async (c) => String((await Customer.findById(c).lean())!.ownerId)));
  // alice and dave take turns (carol is a manager, root an admin: not in the rotation); the
  // instances handle the three occurrences in any order, so one of them gets two.
  const counts = [...owners.reduce((m, o) => m.set(o, (m.get(o) ?? 0) + 1), new Map<string, number>()).values()].sort();
  expect(counts).toEqual([1, 2]);
  // Redelivered, each run keeps the owner it picked (the turn counter does not move on).
  const activities = await (await import('../../src/crm/models/activity.js')).Activity.find({ type: 'contact_added', 'data.state': 'expo2026' }).lean();
  await Promise.all(
    activities.map((a) =>
      apps[1]!.service.deps.domainEvents.find('automation')!.handle({ tenantId: String(tenantId), attempts: 2, activity: { id: String(a._id), type: a.type, customerId: String(a.customerId), authorId: null, at: a.at.toISOString(), source: 'event', data: a.data as Record<string, unknown> } }),
    ),
  );
  expect(await Promise.all(customers.map(async (c) => String((await Customer.findById(c).lean())!.ownerId)))).toEqual(owners);
  expect((await runsOf(id)).filter((r) => r.status === 'done')).toHaveLength(3);
});

test('ticket resolved and survey answered low fire their rules; do-not-survey customers are skipped, never contacted', async () => {
  const resolved = await rule({ name: '工单解决后回访', trigger: { type: 'ticket_resolved' }, actions: [{ type: 'probe_survey', params: {} }] });
  const low = await rule({ name: '低分告警', trigger: { type: 'survey_answered_low' }, actions: [{ type: 'notify_manager', params: { text: '客户打了低分' } }] });
  const happy = await newCustomer('愿意调查');
  const refuses = await newCustomer('不接受调查');
  await Customer.collection.updateOne({ _id: new Types.ObjectId(refuses) }, { $set: { doNotSurvey: true } });
  for (const c of [happy, refuses]) {
    await recordActivity(systemActor(tenantId), { customerId: new Types.ObjectId(c), type: 'ticket_status_changed', data: { from: 'in_progress', to: 'resolved' } });
  }
  await recordActivity(systemActor(tenantId), { customerId: new Types.ObjectId(happy), type: 'ticket_status_changed', data: { from: 'new', to: 'in_progress' } });
  await recordActivity(systemActor(tenantId), { customerId: new Types.ObjectId(happy), type: 'survey_answered', data: { low: true } });
  await recordActivity(systemActor(tenantId), { customerId: new Types.ObjectId(refuses), type: 'survey_answered', data: { low: false } });
  await deliver();
  expect(surveyed).toEqual(['愿意调查']);
  const resolvedRuns = await runsOf(resolved);
  expect(resolvedRuns).toHaveLength(2);
  expect(resolvedRuns.flatMap((r) => r.results.map((x) => x.text)).sort()).toEqual(['sent', '已跳过：客户不接受调查']);
  expect((await runsOf(low)).map((r) => r.status)).toEqual(['done']);
});

test('time triggers: no contact for N days, contract ending, payment overdue — once per occurrence however often scanned', async () => {
  const now = new Date('2026-12-03T02:00:00Z');
  const silentId = await rule({ name: '30 天未联系', trigger: { type: 'no_contact', days: 30 }, conditions: [{ field: 'tags', op: 'is', value: '重点' }], actions: [{ type: 'create_task', params: { text: '该联系了' } }] });
  const endingId = await rule({ name: '合同到期', trigger: { type: 'contract_ending', days: 30 }, actions: [{ type: 'notify_owner', params: { text: '合同快到期' } }] });
  const overdueId = await rule({ name: '回款逾期', trigger: { type: 'payment_overdue' }, actions: [{ type: 'create_task', params: { text: '催款' } }] });
  const silent = await newCustomer('沉默客户', { tags: ['重点'] });
  const recent = await newCustomer('常联系', { tags: ['重点'] });
  await Customer.updateOne({ _id: silent }, { $set: { lastContactAt: new Date('2026-10-01T00:00:00Z') } });
  await Customer.updateOne({ _id: recent }, { $set: { lastContactAt: new Date('2026-11-30T00:00:00Z') } });
  const contract = (await post('/api/contracts', { customerId: recent, title: '年度合同', amount: 1_000_000, endDate: '2026-12-20' }, alice)).body;
  expect(contract.id, JSON.stringify(contract)).toBeTruthy();
  for (const installment of [{ dueDate: '2026-11-01', amount: 400_000 }, { dueDate: '2027-03-01', amount: 600_000 }]) {
    expect((await post(`/api/contracts/${contract.id}/installments`, installment, alice)).status).toBe(201);
  }
  expect((await post(`/api/contracts/${contract.id}/status`, { status: 'signed' }, alice)).status).toBe(200);

  await scanAll(now);
  await scanAll(new Date(now.getTime() + 20 * 60_000));
  expect((await runsOf(silentId)).map((r) => r.status)).toEqual(['done']);
  expect((await runsOf(endingId)).map((r) => r.status)).toEqual(['done']);
  expect((await runsOf(overdueId)).map((r) => r.status)).toEqual(['done']);
  expect((await Reminder.find({ origin: 'automation' }).lean()).map((r) => r.text).sort()).toEqual(['催款', '该联系了']);

  // A contact ends the silence; a new silence later is a new occurrence.
  await Customer.updateOne({ _id: silent }, { $set: { lastContactAt: new Date('2026-10-20T00:00:00Z') } });
  await scanAll(new Date(now.getTime() + 40 * 60_000));
  expect((await runsOf(silentId)).map((r) => r.status)).toEqual(['done', 'done']);
});

test('rate cap per rule, the on/off switch, and a dry run that writes nothing', async () => {
  const capped = await rule({ name: '限流', maxRunsPerHour: 2, trigger: { type: 'contract_signed' }, actions: [{ type: 'create_task', params: { text: '签约跟进' } }] });
  const off = await rule({ name: '关闭的', enabled: false, trigger: { type: 'contract_signed' }, actions: [{ type: 'create_task', params: { text: '不该出现' } }] });
  for (const name of ['签一', '签二', '签三']) {
    const c = await newCustomer(name);
    await recordActivity(systemActor(tenantId), { customerId: new Types.ObjectId(c), type: 'contract_signed', data: {} });
  }
  await deliver();
  const runs = await runsOf(capped);
  expect(runs.map((r) => r.status).sort()).toEqual(['done', 'done', 'rate_limited']);
  expect(await Reminder.countDocuments({ text: '签约跟进' })).toBe(2);
  expect(await runsOf(off)).toHaveLength(0);

  await newCustomer('VIP 甲', { tags: ['VIP'] });
  const refusing = await newCustomer('VIP 乙', { tags: ['VIP'] });
  await Customer.collection.updateOne({ _id: new Types.ObjectId(refusing) }, { $set: { doNotSurvey: true } });
  const before = { runs: await AutomationRun.countDocuments(), reminders: await Reminder.countDocuments() };
  const dry = await post('/api/admin/automation/dry-run', { name: '预演', trigger: { type: 'stage_changed', to: '成交' }, conditions: [{ field: 'tags', op: 'is', value: 'VIP' }], actions: [{ type: 'create_task', params: { text: '回访' } }, { type: 'probe_survey', params: {} }] });
  expect(dry.status, JSON.stringify(dry.body)).toBe(200);
  expect(dry.body.matching).toBe(await Customer.countDocuments({ tags: 'VIP', deletedAt: null }));
  expect(dry.body.actions).toEqual(['给负责人建待办「回访」（立即）', 'send a survey']);
  expect(dry.body.customers.find((c: { name: string }) => c.name === 'VIP 乙').skipped).toEqual(['probe_survey']);
  expect({ runs: await AutomationRun.countDocuments(), reminders: await Reminder.countDocuments() }).toEqual(before);
  expect(surveyed).toEqual([]);
});

test('send_survey: the owner gets one signed link per occurrence to forward; a do-not-survey customer never gets an invitation', async () => {
  const { serviceTemplate } = await import('../surveys/survey-fixtures.js');
  const { SurveyInvitation } = await import('../../src/crm/surveys/survey-invitation-model.js');
  expect((await post('/api/surveys/templates', serviceTemplate)).status).toBe(201);
  const id = await rule({ name: '解决后调查', trigger: { type: 'ticket_resolved' }, actions: [{ type: 'send_survey', params: { templateKey: 'service' } }] });
  const willing = await newCustomer('愿意回答');
  const refusing = await newCustomer('拒绝调查');
  expect((await app.request('PATCH', `/api/customers/${refusing}`, { token: alice, body: { doNotSurvey: true } })).status).toBe(200);
  for (const c of [willing, refusing]) {
    await recordActivity(systemActor(tenantId), { customerId: new Types.ObjectId(c), type: 'ticket_status_changed', data: { from: 'in_progress', to: 'resolved' } });
  }
  await deliver();
  const activity = await (await import('../../src/crm/models/activity.js')).Activity.findOne({ customerId: new Types.ObjectId(willing), type: 'ticket_status_changed' }).lean();
  await apps[2]!.service.deps.domainEvents.find('automation')!.handle({ tenantId: String(tenantId), attempts: 2, activity: { id: String(activity!._id), type: activity!.type, customerId: willing, authorId: null, at: activity!.at.toISOString(), source: 'event', data: activity!.data as Record<string, unknown> } });

  expect(await SurveyInvitation.countDocuments({ customerId: new Types.ObjectId(willing) })).toBe(1);
  expect(await SurveyInvitation.countDocuments({ customerId: new Types.ObjectId(refusing) })).toBe(0);
  const runs = await runsOf(id);
  expect(runs.flatMap((r) => r.results.map((x) => x.text)).sort()).toEqual(['问卷链接已发给 alice', '已跳过：客户不接受调查'].sort());
  const notices = await OutboxMessage.find({ dedupeKey: { $regex: `^automation:${id}:` } }).lean();
  expect(notices).toHaveLength(1);
  expect(JSON.stringify(notices[0]!.body)).toMatch(/请把这份满意度调查转发给客户：http[^"]*\/s\/[\w.-]+/);
});

test('remove_tags and set_stage run under conditions on level and segment; a customer outside them is left alone', async () => {
  const id = await rule({
    name: '签约后整理',
    trigger: { type: 'contract_signed' },
    conditions: [{ field: 'level', op: 'is', value: 'A' }, { field: 'segment', op: 'is_not', value: '一般挽留' }],
    actions: [{ type: 'remove_tags', params: { tags: ['冷淡'] } }, { type: 'set_stage', params: { stage: '谈判' } }],
  });
  const a = await newCustomer('A 级', { level: 'A', tags: ['冷淡', '老客户'] });
  const b = await newCustomer('B 级', { level: 'B', tags: ['冷淡'] });
  const lapsed = await newCustomer('A 级挽留', { level: 'A', tags: ['冷淡'] });
  await Customer.collection.updateOne({ _id: new Types.ObjectId(lapsed) }, { $set: { 'rfm.segment': '一般挽留' } });
  for (const c of [a, b, lapsed]) await recordActivity(systemActor(tenantId), { customerId: new Types.ObjectId(c), type: 'contract_signed', data: {} });
  await deliver();
  const after = async (c: string) => {
    const doc = (await Customer.findById(c).lean())!;
    return [doc.tags, doc.stage];
  };
  expect(await after(a)).toEqual([['老客户'], 'negotiating']);
  expect(await after(b)).toEqual([['冷淡'], 'lead']);
  expect(await after(lapsed)).toEqual([['冷淡'], 'lead']);
  expect((await runsOf(id)).map((r) => r.status).sort()).toEqual(['done', 'skipped', 'skipped']);
  // The stage move is on the timeline as the automation's doing.
  const moved = await (await import('../../src/crm/models/activity.js')).Activity.findOne({ customerId: new Types.ObjectId(a), type: 'stage_changed' }).lean();
  expect(moved).toMatchObject({ source: 'automation', content: '自动化规则「签约后整理」' });
});

test('a universal-query filter narrows a rule beyond its conditions (AND/OR over any field); a bad or operator-shaped filter is refused naming it', async () => {
  const filter = { op: 'or', conditions: [{ field: 'industry', operator: 'eq', value: '制造' }, { field: 'contactCycleDays', operator: 'lte', value: 7 }] };
  const id = await rule({
    name: '制造业或高频联系',
    trigger: { type: 'stage_changed', to: '成交' },
    conditions: [{ field: 'tags', op: 'is', value: 'VIP' }],
    filter,
    actions: [{ type: 'add_tags', params: { tags: ['筛选命中'] } }],
  });
  const maker = await newCustomer('制造王总', { tags: ['VIP'], industry: '制造' });
  const frequent = await newCustomer('高频李总', { tags: ['VIP'], industry: '零售', contactCycleDays: 5 });
  const neither = await newCustomer('零售赵总', { tags: ['VIP'], industry: '零售', contactCycleDays: 30 });
  const notVip = await newCustomer('制造钱总', { industry: '制造' });
  const all = [maker, frequent, neither, notVip];

  // The dry run counts with the same filter the runs use.
  const dry = await post('/api/admin/automation/dry-run', { name: '预演', trigger: { type: 'stage_changed', to: '成交' }, conditions: [{ field: 'tags', op: 'is', value: 'VIP' }], filter, actions: [{ type: 'add_tags', params: { tags: ['x'] } }] });
  expect(dry.status, JSON.stringify(dry.body)).toBe(200);
  expect(dry.body.customers.map((c: { name: string }) => c.name).sort()).toEqual(['制造王总', '高频李总']);

  for (const c of all) expect((await app.request('PATCH', `/api/customers/${c}`, { token: alice, body: { stage: '成交' } })).status).toBe(200);
  await deliver();
  const tagged = async (c: string) => (await Customer.findById(c).lean())!.tags.includes('筛选命中');
  expect(await Promise.all(all.map(tagged))).toEqual([true, true, false, false]);
  expect((await runsOf(id)).map((r) => r.status).sort()).toEqual(['done', 'done', 'skipped', 'skipped']);

  const before = await AutomationRule.countDocuments();
  for (const [bad, path] of [
    [{ op: 'and', conditions: [{ field: 'nosuchfield', operator: 'eq', value: 1 }] }, 'filter.conditions.0.field'],
    [{ op: 'and', conditions: [{ field: 'industry', operator: 'eq', value: { $ne: '' } }] }, 'filter.conditions.0.value'],
    [{ op: 'and', conditions: [{ field: 'contactCycleDays', operator: 'lte', value: '7; drop' }] }, 'filter.conditions.0.value'],
  ] as const) {
    const res = await post('/api/admin/automation/rules', { name: '坏筛选', trigger: { type: 'stage_changed', to: '成交' }, filter: bad, actions: [{ type: 'add_tags', params: { tags: ['x'] } }] });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(JSON.stringify(res.body)).toContain(path);
  }
  expect(await AutomationRule.countDocuments()).toBe(before);
});
