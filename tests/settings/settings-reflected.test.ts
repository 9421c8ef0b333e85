import { afterAll, beforeAll, expect, test } from 'vitest';
import { todayIn } from '../../src/crm/calendar-date.js';
import { Staff } from '../../src/crm/models/staff.js';
import { runCommandForStaff } from '../../src/features/commands/run-command-for-staff.js';
import { createLogger } from '../../src/logger.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// Settings changed through PUT /api/admin/settings show in what people see: command replies, the
// manager's digest, the sidebar's stages (/api/me), numbers of new customers and tickets, the cycle
// of a level, the default digest schedule.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let sales: string;
let seq = 0;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('root', 'admin');
  sales = await app.login('lei', 'sales', ['east']);
  await app.login('boss', 'manager', ['east']);
  await Staff.updateOne({ userId: 'lei' }, { $set: { name: '李雷' } });
  expect((await app.request('POST', '/api/customers', { token: sales, body: { name: '星河科技' } })).body.code).toBe('C00001');

  const stages = (await app.request('GET', '/api/admin/settings', { token: admin })).body.stages;
  stages[1].names = { zh: '有意向', en: 'Interested' };
  const res = await app.request('PUT', '/api/admin/settings', {
    token: admin,
    body: {
      stages,
      numbering: { customers: 'KH-{yyyy}-{seq:3}', tickets: 'GD{seq:5}' },
      levels: ['VIP', '普通'],
      contactCycles: [{ level: 'VIP', days: 7 }],
      digestDefaults: { daily: { time: '17:35', weekdays: [1, 2, 3, 4, 5] } },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

async function run(userId: string, text: string) {
  const staff = (await Staff.findOne({ userId }))!;
  return runCommandForStaff(
    { tenantId: app.service.deps.defaultTenantId, platform: 'wecom', staff, platformUserId: userId, text, eventKey: `settings-cmd:${++seq}`, receivedAt: new Date() },
    { logger: createLogger('silent'), defaultTimeZone: 'Asia/Shanghai', renderers: renderersUnderTest() },
  );
}
const textOf = (body: MessageBody) => (body.type === 'markdown' ? body.markdown : body.type === 'text' ? body.text : JSON.stringify(body));

test('/阶段 and /客户 reply with the renamed stage; the new name, the old aliases and the English name all find it', async () => {
  const moved = await run('lei', '/阶段 星河科技 有意向');
  expect(moved.status).toBe('ok');
  expect(textOf(moved.reply)).toContain('✅ 星河科技（C00001）：潜在 → 有意向');
  // An alias the stage had before the rename still works; the English reply uses the English name.
  expect(textOf((await run('lei', '/stage 星河科技 intent')).reply)).toContain('already at "Interested"');
  expect(textOf((await run('lei', '/阶段 星河科技 Interested')).reply)).toContain('已经是「有意向」阶段');
  expect(textOf((await run('lei', '/客户 星河科技')).reply)).toContain('有意向');
  const unknown = await run('lei', '/阶段 星河科技 意向');
  expect(textOf(unknown.reply)).toContain('可选：潜在、有意向、谈判、成交、流失');
});

test("the manager's daily digest names the stage by its new name", async () => {
  const digest = await run('boss', '/日报');
  expect(digest.status).toBe('ok');
  expect(textOf(digest.reply)).toContain('星河科技（李雷）：潜在 → 有意向');
});

test('the sidebar gets the renamed stage under the same key', async () => {
  const me = await app.request('GET', '/api/me', { token: sales });
  expect(me.body.tenant.stages.map((s: { key: string; name: string }) => `${s.key}:${s.name}`)).toEqual(['lead:潜在', 'intent:有意向', 'negotiating:谈判', 'won:成交', 'lost:流失']);
  expect(me.body.tenant.stages[1]).toMatchObject({ key: 'intent', name: '有意向', nameEn: 'Interested' });
});

test('new customers and tickets are numbered in the configured formats, each with its own counter; a level brings its cycle', async () => {
  const year = todayIn('Asia/Shanghai').slice(0, 4);
  const vip = await app.request('POST', '/api/customers', { token: sales, body: { name: '大客户', level: 'VIP' } });
  expect(vip.body).toMatchObject({ code: `KH-${year}-002`, contactCycleDays: 7 });
  const byCommand = await run('lei', '/新建 小客户');
  expect(textOf(byCommand.reply)).toContain(`小客户（KH-${year}-003）`);
  const plain = await app.request('POST', '/api/customers', { token: sales, body: { name: '普通客户', level: '普通' } });
  expect(plain.body).toMatchObject({ code: `KH-${year}-004`, contactCycleDays: null });

  const numbers: string[] = [];
  for (const title of ['安装问题', '退货']) {
    const ticket = await app.request('POST', '/api/tickets', { token: sales, body: { customerId: vip.body.id, title } });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    numbers.push(ticket.body.number);
  }
  expect(numbers).toEqual(['GD00001', 'GD00002']);
  // /解决 finds a ticket by its number as written, or by its digits alone.
  const byNumber = await run('lei', '/解决 GD00001 已上门处理');
  expect(byNumber.status).toBe('ok');
  expect(textOf(byNumber.reply)).toContain('GD00001');
  const byDigits = await run('lei', '/解决 2 已退款');
  expect(byDigits.status).toBe('ok');
  expect(textOf(byDigits.reply)).toContain('GD00002');
});

test('people on the default digest schedule get the tenant default', async () => {
  const subs = await app.request('GET', '/api/digests/subscriptions', { token: admin });
  const boss = subs.body.items.find((s: { recipientName: string; kind: string }) => s.kind === 'daily');
  expect(boss).toMatchObject({ isDefault: true, schedule: { time: '17:35', weekdays: [1, 2, 3, 4, 5] } });
});
