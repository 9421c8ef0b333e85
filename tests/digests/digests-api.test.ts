import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { dingtalkModule } from '../../src/channels/dingtalk/dingtalk-module.js';
import { wecomModule } from '../../src/channels/wecom/wecom-module.js';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { dashboardModule } from '../../src/features/dashboard/dashboard-module.js';
import { devAuthModule } from '../../src/features/auth/dev-auth-module.js';
import { digestsModule } from '../../src/features/digests/digests-module.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { seedCustomer, seedFollowUp, seedStageMove, sh } from '../support/seed-digest-data.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
const token: Record<string, string> = {};
const id: Record<string, Types.ObjectId> = {};
const AT = sh('2025-03-14 18:05').toISOString();

async function login(name: string, role: 'sales' | 'manager' | 'admin', departments: string[]) {
  const userId = `user${Object.keys(token).length + 1}`;
  const res = await app.request('POST', '/api/auth/dev', { body: { userId, name, role, departments } });
  expect(res.status).toBe(200);
  token[name] = res.body.token;
  id[name] = new Types.ObjectId(res.body.staffId as string);
}

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp({ modules: [devAuthModule, wecomModule, dingtalkModule, digestsModule, dashboardModule], env: { PUBLIC_BASE_URL: 'https://crm.example.com' } });
  await login('经理', 'manager', ['华东']);
  await login('安娜', 'sales', ['华东']);
  await login('贝拉', 'sales', ['华东']);
  await login('西门', 'sales', ['华南']);
  await login('管理员', 'admin', []);
  const tid = app.service.deps.defaultTenantId;
  const c1 = await seedCustomer(tid, id['安娜']!, '星河科技', { createdAt: sh('2025-03-14 09:00'), source: '官网', stage: 'intent' });
  const c2 = await seedCustomer(tid, id['贝拉']!, '北辰贸易', { createdAt: sh('2025-03-03 09:00'), stage: 'won', nextFollowUpAt: sh('2025-03-01 09:00') });
  await seedCustomer(tid, id['贝拉']!, '逾期客户', { createdAt: sh('2025-02-20 09:00'), nextFollowUpAt: sh('2025-03-12 09:00'), stage: 'lead' });
  await seedCustomer(tid, id['西门']!, '南方客户', { createdAt: sh('2025-03-14 09:00'), nextFollowUpAt: sh('2025-03-10 09:00') });
  await seedFollowUp(tid, c1._id, id['安娜']!, sh('2025-03-14 10:00'));
  await seedFollowUp(tid, c1._id, id['安娜']!, sh('2025-03-13 23:30'));
  await seedFollowUp(tid, c2._id, id['贝拉']!, sh('2025-03-11 10:00'));
  await seedFollowUp(tid, c2._id, id['贝拉']!, sh('2025-02-25 10:00'));
  await seedStageMove(tid, c2._id, id['贝拉']!, 'negotiating', 'won', sh('2025-03-12 15:00'));
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

test('GET /api/digests/preview returns { kind, period, markdown, stats } for a manager', async () => {
  const res = await app.request('GET', `/api/digests/preview?kind=daily&at=${encodeURIComponent(AT)}`, { token: token['经理'] });
  expect(res.status).toBe(200);
  expect(res.body.kind).toBe('daily');
  expect(res.body.period).toEqual({ key: '2025-03-14', start: '2025-03-13T16:00:00.000Z', end: '2025-03-14T16:00:00.000Z', timezone: 'Asia/Shanghai' });
  expect(res.body.stats.newCustomers).toEqual({ total: 1, bySource: [{ source: '官网', count: 1 }] });
  expect(res.body.stats.followUps.total).toBe(1);
  expect(res.body.stats.followUps.reps.map((r: { name: string; count: number }) => [r.name, r.count])).toEqual([['安娜', 1], ['贝拉', 0]]);
  expect(res.body.stats.overdue.total).toBe(1);
  expect(res.body.markdown).toContain('## 销售日报 3月14日（周五）');
  expect(res.body.markdown).toContain('[查看团队看板](https://crm.example.com/sidebar/dashboard.html)');
  expect(res.body.form).toBe('markdown');

  const weekly = await app.request('GET', `/api/digests/preview?kind=weekly&channel=dingtalk&at=${encodeURIComponent(sh('2025-03-17 09:05').toISOString())}`, { token: token['经理'] });
  expect(weekly.status).toBe(200);
  expect(weekly.body.period.key).toBe('2025-W11');
  expect(weekly.body.stats.compare.won).toEqual({ current: 1, previous: 0, change: 1 });
  expect(weekly.body.stats.compare.followUps).toEqual({ current: 3, previous: 0, change: 3 });
  expect(weekly.body.markdown).not.toContain('<font');
});

test('preview: salespeople get only their morning list; bad input is a 400; no token a 401', async () => {
  expect((await app.request('GET', '/api/digests/preview?kind=daily', { token: token['安娜'] })).status).toBe(403);
  const morning = await app.request('GET', `/api/digests/preview?kind=morning&at=${encodeURIComponent(AT)}`, { token: token['贝拉'] });
  expect(morning.status).toBe(200);
  expect(morning.body.stats.items.map((i: { customerName: string }) => i.customerName)).toEqual(['逾期客户']);
  expect((await app.request('GET', '/api/digests/preview?kind=monthly', { token: token['经理'] })).status).toBe(400);
  expect((await app.request('GET', '/api/digests/preview?at=yesterday', { token: token['经理'] })).status).toBe(400);
  expect((await app.request('GET', '/api/digests/preview?kind=daily')).status).toBe(401);
});

test('subscriptions: defaults by role, managers opt out, admins set schedules and channels (audited)', async () => {
  const mine = await app.request('GET', '/api/digests/subscriptions', { token: token['经理'] });
  expect(mine.body.items.map((s: { kind: string; schedule: unknown; isDefault: boolean }) => [s.kind, s.schedule, s.isDefault])).toEqual([
    ['daily', { time: '18:05', weekdays: [1, 2, 3, 4, 5, 6, 7] }, true],
    ['weekly', { time: '09:05', weekdays: [1] }, true],
  ]);
  const optOut = await app.request('PUT', `/api/digests/subscriptions/${id['经理']}/daily`, { token: token['经理'], body: { enabled: false } });
  expect(optOut.status).toBe(200);
  expect(optOut.body).toMatchObject({ kind: 'daily', enabled: false, schedule: { time: '18:05' } });
  const notMine = await app.request('PUT', `/api/digests/subscriptions/${id['经理']}/weekly`, { token: token['经理'], body: { schedule: { time: '08:05', weekdays: [1] } } });
  expect(notMine.status).toBe(403);
  expect((await app.request('PUT', `/api/digests/subscriptions/${id['安娜']}/morning`, { token: token['经理'], body: { enabled: false } })).status).toBe(403);

  const onTheHour = await app.request('PUT', `/api/digests/subscriptions/${id['安娜']}/morning`, {
    token: token['管理员'],
    body: { schedule: { time: '09:00', weekdays: [1, 2, 3, 4, 5] } },
  });
  expect(onTheHour.status).toBe(400);
  expect(JSON.stringify(onTheHour.body)).toContain('avoid minutes :00 and :30');
  const set = await app.request('PUT', `/api/digests/subscriptions/${id['安娜']}/morning`, {
    token: token['管理员'],
    body: { schedule: { time: '08:15', weekdays: [5, 1, 2, 3, 4] }, channel: 'dingtalk' },
  });
  expect(set.status).toBe(200);
  expect(set.body).toEqual({ recipientId: String(id['安娜']), kind: 'morning', schedule: { time: '08:15', weekdays: [1, 2, 3, 4, 5] }, channel: 'dingtalk', enabled: true, isDefault: false });
  expect((await app.request('PUT', `/api/digests/subscriptions/${id['安娜']}/hourly`, { token: token['管理员'], body: { enabled: true } })).status).toBe(400);
  expect((await app.request('PUT', `/api/digests/subscriptions/${new Types.ObjectId()}/daily`, { token: token['管理员'], body: { enabled: true } })).status).toBe(404);

  const all = await app.request('GET', '/api/digests/subscriptions', { token: token['管理员'] });
  const rows = all.body.items.map((s: { recipientName: string; kind: string; enabled: boolean; channel: string }) => `${s.recipientName}:${s.kind}:${s.enabled}:${s.channel}`);
  expect(rows).toEqual(expect.arrayContaining(['经理:daily:false:wecom', '经理:weekly:true:wecom', '安娜:morning:true:dingtalk', '贝拉:morning:true:wecom']));
  expect(rows).toHaveLength(5);
  expect(await AuditLog.countDocuments({ action: 'digest_subscription.set' })).toBe(2);
});

test('GET /api/dashboard: funnel, follow-ups per rep this week, 8-week trend, overdue list — for managers', async () => {
  const res = await app.request('GET', `/api/dashboard?at=${encodeURIComponent(AT)}`, { token: token['经理'] });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('private, no-store');
  const v = res.body;
  expect(v.period).toEqual({ key: '2025-W11', start: '2025-03-09T16:00:00.000Z', end: '2025-03-16T16:00:00.000Z' });
  expect(v.scope).toEqual({ departments: ['华东'], wholeTenant: false, staffCount: 3 });
  expect(v.funnel.map((s: { key: string; count: number }) => [s.key, s.count])).toEqual([['lead', 1], ['intent', 1], ['negotiating', 0], ['won', 1], ['lost', 0]]);
  expect(v.followUpsPerRep).toEqual([
    { staffId: String(id['安娜']), name: '安娜', count: 2 },
    { staffId: String(id['贝拉']), name: '贝拉', count: 1 },
  ]);
  expect(v.teamAverage).toBe(1.5);
  expect(v.trend).toHaveLength(8);
  expect(v.trend.map((w: { key: string }) => w.key)).toEqual(['2025-W04', '2025-W05', '2025-W06', '2025-W07', '2025-W08', '2025-W09', '2025-W10', '2025-W11']);
  expect(v.trend.at(-1)).toMatchObject({ followUps: 3, newCustomers: 1, won: 1 });
  expect(v.trend.at(-2)).toMatchObject({ followUps: 0, newCustomers: 1, won: 0 });
  expect(v.trend.at(-3)).toMatchObject({ followUps: 1, newCustomers: 0, won: 0 }); // W09: the 02-25 follow-up
  expect(v.trend.at(-4)).toMatchObject({ followUps: 0, newCustomers: 1, won: 0 }); // W08: 逾期客户 created 02-20
  expect(v.overdue).toEqual([expect.objectContaining({ name: '逾期客户', ownerName: '贝拉', daysOverdue: 2 })]);
  expect(v.overdueTotal).toBe(1);

  expect((await app.request('GET', '/api/dashboard', { token: token['安娜'] })).status).toBe(403);
  expect((await app.request('GET', '/api/dashboard')).status).toBe(401);
  const admin = await app.request('GET', `/api/dashboard?at=${encodeURIComponent(AT)}`, { token: token['管理员'] });
  expect(admin.body.scope.wholeTenant).toBe(true);
  expect(admin.body.overdueTotal).toBe(2);
});
