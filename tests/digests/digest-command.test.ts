import { afterAll, beforeAll, expect, test } from 'vitest';
import { logFollowUp } from '../../src/crm/activities/log-follow-up.js';
import { runCommandForStaff } from '../../src/features/commands/run-command-for-staff.js';
import type { StaffDoc } from '../../src/crm/models/staff.js';
import { createLogger } from '../../src/logger.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { useTestDatabase } from '../support/test-db.js';
import { seedCustomer, seedFollowUp, seedStaff, seedTenant, sh } from '../support/seed-digest-data.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenantId: import('mongoose').Types.ObjectId;
const staff: Record<string, StaffDoc> = {};
const NOW = sh('2025-03-14 18:30');
let seq = 0;
let customerId: import('mongoose').Types.ObjectId;

beforeAll(async () => {
  db = await useTestDatabase();
  tenantId = (await seedTenant('cmd'))._id;
  staff.mgr = await seedStaff(tenantId, '周经理', 'manager', ['华东']);
  staff.rep = await seedStaff(tenantId, '安娜', 'sales', ['华东']);
  const c = await seedCustomer(tenantId, staff.rep._id, '星河科技', { createdAt: sh('2025-03-14 09:00'), nextFollowUpAt: sh('2025-03-13 10:00'), stage: 'intent' });
  customerId = c._id;
  await seedFollowUp(tenantId, c._id, staff.rep._id, sh('2025-03-14 10:00'));
  await seedFollowUp(tenantId, c._id, staff.rep._id, sh('2025-03-12 10:00'));
});
afterAll(() => db.drop());

async function run(who: string, text: string, platform: 'wecom' | 'dingtalk' = 'wecom') {
  return runCommandForStaff(
    { tenantId, platform, staff: staff[who]!, platformUserId: staff[who]!.userId, text, eventKey: `digest-cmd:${++seq}`, receivedAt: NOW },
    { logger: createLogger('silent'), defaultTimeZone: 'Asia/Shanghai', renderers: renderersUnderTest(), now: () => NOW },
  );
}

const markdownOf = (body: MessageBody) => (body.type === 'markdown' ? body.markdown : JSON.stringify(body));

test('/日报 gives a manager the daily digest as of now', async () => {
  const outcome = await run('mgr', '/日报');
  expect(outcome).toMatchObject({ status: 'ok', command: 'digest' });
  const md = markdownOf(outcome.reply);
  expect(md).toContain('## 销售日报 3月14日（周五）');
  expect(md).toContain('**新增客户 1**：未填来源 1');
  expect(md).toContain('**跟进 1 次**，人均 1');
});

test('/digest weekly and /日报 周报 give last week; DingTalk gets its own markdown', async () => {
  const a = await run('mgr', '/digest weekly');
  const b = await run('mgr', '/日报 周报', 'dingtalk');
  expect(markdownOf(a.reply)).toContain('## 销售周报 3/3–3/9');
  expect(markdownOf(b.reply)).toContain('## 销售周报 3/3–3/9\n\n');
  expect(markdownOf(b.reply)).not.toContain('<font');
});

test("a salesperson's /日报 is their list of whom to contact; the team digests are refused", async () => {
  const mine = await run('rep', '/日报');
  expect(mine.status).toBe('ok');
  expect(markdownOf(mine.reply)).toContain('> 安娜 · 逾期 1 · 今日 0');
  expect(markdownOf(mine.reply)).toContain('- <font color="warning">逾期 3/13</font> 跟进 星河科技 ');
  // Logging the follow-up (the domain service moves lastContactAt) settles it.
  const rep = staff.rep!;
  await logFollowUp(
    { tenantId, staffId: rep._id, role: 'sales', departments: rep.departments, source: 'command' },
    customerId,
    { content: '电话沟通', at: sh('2025-03-14 18:20') },
  );
  expect(markdownOf((await run('rep', '/日报')).reply)).toContain('今天没有到期的跟进和提醒');
  const refused = await run('rep', '/日报 周报');
  expect(refused.status).toBe('rejected');
  expect(JSON.stringify(refused.reply)).toContain('日报和周报面向经理和管理员');
  const unknown = await run('mgr', '/日报 月报');
  expect(unknown.status).toBe('rejected');
  expect(JSON.stringify(unknown.reply)).toContain('没有「月报」这种摘要');
});
