import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandOutcome, CommandStatus } from '../../bot-commands/index.js';
import { systemActor, type Actor } from '../../src/crm/actor.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { Activity } from '../../src/crm/models/activity.js';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Customer, type CustomerDoc } from '../../src/crm/models/customer.js';
import { Reminder } from '../../src/crm/models/reminder.js';
import type { StaffDoc } from '../../src/crm/models/staff.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { upsertStaff } from '../../src/crm/staff/upsert-staff.js';
import { runCommandForStaff } from '../../src/features/commands/run-command-for-staff.js';
import { createLogger } from '../../src/logger.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { useTestDatabase } from '../support/test-db.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';

/**
 * Realistic command lines, run one after another as real staff against the real database:
 * each row checks the status and reply (the parse) and what changed in the database (the
 * effect). A row that is not `ok` — and any row marked `noWrite` — must leave customers,
 * activities, reminders and the audit log exactly as they were.
 */

const ZONE = 'Asia/Shanghai';
/** Wednesday 2026-05-13 10:00 in Shanghai. */
const NOW = new Date('2026-05-13T02:00:00Z');
const local = (d: Date | null | undefined) => (d ? DateTime.fromJSDate(d, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm') : null);

type Who = 'wang' | 'li' | 'mgr' | 'admin';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenantId: Types.ObjectId;
const staff = {} as Record<Who, StaffDoc>;
const customers = new Map<string, CustomerDoc>();
let eventSeq = 0;

interface Row {
  input: string;
  as?: Who;
  status: CommandStatus;
  command?: string;
  /** Substrings the reply must contain. */
  reply?: (string | RegExp)[];
  /** The reply must not contain these. */
  notReply?: string[];
  noWrite?: boolean;
  effect?: (outcome: CommandOutcome) => Promise<void>;
}

function textOf(body: MessageBody): string {
  if (body.type === 'text') return body.text;
  if (body.type === 'markdown') return body.markdown;
  const c = body.card;
  return [c.title, c.subtitle ?? '', ...c.fields.map((f) => `${f.label}: ${f.value}`), ...(c.lines ?? []), ...(c.links ?? []).map((l) => l.url), c.footer ?? ''].join('\n');
}

const code = (name: string) => customers.get(name)!.code;
const fresh = async (name: string) => (await Customer.findById(customers.get(name)!._id))!;
/** `{张三}` in an input or expected reply stands for that fixture customer's code. */
const fill = (s: string) => s.replace(/\{([^}]+)\}/g, (_, name: string) => code(name));

async function lastActivity(name: string) {
  return Activity.findOne({ tenantId, customerId: customers.get(name)!._id }).sort({ _id: -1 }).lean();
}
async function lastAudit() {
  return AuditLog.findOne({ tenantId }).sort({ _id: -1 }).lean();
}
async function snapshot() {
  const [c, a, r, l] = await Promise.all([
    Customer.find({ tenantId }).lean(),
    Activity.countDocuments({ tenantId }),
    Reminder.countDocuments({ tenantId }),
    AuditLog.countDocuments({ tenantId }),
  ]);
  return { customers: JSON.stringify(c), activities: a, reminders: r, audit: l };
}
async function expectCommandAudit(who: Who) {
  const audit = await lastAudit();
  expect(audit?.source).toBe('command');
  expect(String(audit?.actorId)).toBe(String(staff[who]._id));
}

beforeAll(async () => {
  db = await useTestDatabase();
  const tenant = await Tenant.create({ slug: `t-${new Types.ObjectId().toHexString()}`, name: '测试公司', timezone: ZONE });
  tenantId = tenant._id;
  const sys = systemActor(tenantId, 'import');
  staff.wang = await upsertStaff(sys, tenantId, { userId: 'wang', name: '王销售', role: 'sales', departments: ['east'] });
  staff.li = await upsertStaff(sys, tenantId, { userId: 'li', name: '李销售', role: 'sales', departments: ['west'] });
  staff.mgr = await upsertStaff(sys, tenantId, { userId: 'zhao', name: '赵经理', role: 'manager', departments: ['east'] });
  staff.admin = await upsertStaff(sys, tenantId, { userId: 'qian', name: '钱管理', role: 'admin' });
  const as = (who: Who): Actor => ({
    tenantId,
    staffId: staff[who]._id,
    role: staff[who].role,
    departments: staff[who].departments,
    source: 'import',
    name: staff[who].name,
  });
  const add = async (who: Who, key: string, input: Parameters<typeof createCustomer>[1]) => {
    customers.set(key, await createCustomer(as(who), input));
  };
  await add('wang', '张三', { name: '张三', phones: ['13800138000'], company: '星河科技' });
  await add('wang', '张三丰', { name: '张三丰' });
  await add('wang', '李四', { name: '李四', company: '北辰物流' });
  await add('wang', 'Zhang San', { name: 'Zhang San' });
  await add('wang', '陈晨1', { name: '陈晨', company: '东方' });
  await add('wang', '陈晨2', { name: '陈晨', company: '西方' });
  await add('wang', '逾期客户', { name: '逾期客户', nextFollowUpAt: new Date('2026-05-10T01:00:00Z') });
  await add('wang', '待分配客户', { name: '待分配客户' });
  await add('li', '王五', { name: '王五', phones: ['13600136000'] });
  await Reminder.create({ tenantId, staffId: staff.wang._id, dueAt: new Date('2026-05-13T07:00:00Z'), text: '下午开会', dedupeKey: 'fixture-1' });
});

afterAll(async () => {
  await db.drop();
});

const rows: Row[] = [
  // ----- help, parsing, typos -----
  { input: '/帮助', status: 'ok', command: 'help', reply: ['/客户', '/跟进', '/待办'], notReply: ['/分配'] },
  { input: '/help', status: 'ok', command: 'help', reply: ['ChatCRM 命令'] },
  { input: '／ＨＥＬＰ', status: 'ok', command: 'help' },
  { input: '/帮助', as: 'mgr', status: 'ok', command: 'help', reply: ['/分配 <客户> <同事>'] },
  { input: '/帮助 跟进', status: 'ok', command: 'help', reply: ['/跟进 <客户> <内容>', '下周二再联系'] },
  { input: '/help log', status: 'ok', command: 'help', reply: ['/跟进 <客户> <内容>'] },
  { input: '/帮助 不存在', status: 'rejected', command: 'help', reply: ['没有找到命令「不存在」'] },
  { input: '/帮助 跟近', status: 'rejected', command: 'help', reply: ['你是不是想看：/跟进'] },
  { input: '帮助', status: 'ok', command: 'help' },
  { input: '@ChatCRM /help', status: 'ok', command: 'help' },
  { input: '', status: 'not_command', reply: ['ChatCRM 命令'] },
  { input: '你好', status: 'not_command', reply: ['/帮助'] },
  { input: '/客护 张三', status: 'unknown_command', reply: ['没有 /客护 这个命令', '/客户（/customer）'] },
  { input: '/custmer 张三', status: 'unknown_command', reply: ['/客户（/customer）'] },
  { input: '/lgo 张三 hi', status: 'unknown_command', reply: ['/跟进（/log）'] },
  { input: '/xyz', status: 'unknown_command', reply: ['/帮助'] },

  // ----- /customer: lookup, quotes, full-width, scope -----
  { input: '/客户 张三', status: 'ok', command: 'customer', reply: ['张三（{张三}）', '星河科技', '阶段: 潜在', '负责人: 王销售', '还没有跟进记录'] },
  { input: '／客户　张三', status: 'ok', command: 'customer', reply: ['张三（{张三}）'] },
  { input: '/customer 张三', status: 'ok', command: 'customer', reply: ['张三（{张三}）'] },
  { input: '/CUSTOMER 张三', status: 'ok', command: 'customer' },
  { input: '/客户：张三', status: 'ok', command: 'customer', reply: ['张三（{张三}）'] },
  { input: '/客户张三', status: 'ok', command: 'customer', reply: ['张三（{张三}）'] },
  { input: '/客户 "Zhang San"', status: 'ok', command: 'customer', reply: ['Zhang San（{Zhang San}）'] },
  { input: '/客户 “Zhang San”', status: 'ok', command: 'customer', reply: ['Zhang San（{Zhang San}）'] },
  { input: '/客户 Zhang San', status: 'ok', command: 'customer', reply: ['Zhang San（{Zhang San}）'] },
  { input: '/客户 13800138000', status: 'ok', command: 'customer', reply: ['张三（{张三}）'] },
  { input: '/客户 138-0013-8000', status: 'ok', command: 'customer', reply: ['张三（{张三}）'] },
  { input: '/客户 {张三}', status: 'ok', command: 'customer', reply: ['张三（{张三}）', '/sidebar/?customerId='] },
  { input: '/客户 星河科技', status: 'ok', command: 'customer', reply: ['张三（{张三}）'] },
  { input: '/客户 陈晨', status: 'rejected', command: 'customer', reply: ['2 个客户匹配「陈晨」', '1. 陈晨', '{陈晨1}', '{陈晨2}'] },
  { input: '/客户 张', status: 'rejected', command: 'customer', reply: ['客户匹配「张」', '{张三}', '{张三丰}'] },
  { input: '/客户 王五', status: 'rejected', command: 'customer', reply: ['没有找到客户「王五」'], notReply: ['{王五}', '13600136000'] },
  { input: '/客户 13600136000', status: 'rejected', command: 'customer', reply: ['没有找到'], notReply: ['王五'] },
  { input: '/客户 {王五}', status: 'rejected', command: 'customer', reply: ['没有找到'] },
  { input: '/客户 王五', as: 'mgr', status: 'rejected', command: 'customer', reply: ['没有找到客户「王五」'] },
  { input: '/客户 王五', as: 'li', status: 'ok', command: 'customer', reply: ['王五（{王五}）'] },
  { input: '/客户 王五', as: 'admin', status: 'ok', command: 'customer', reply: ['负责人: 李销售'] },
  { input: '/客户 张三', as: 'mgr', status: 'ok', command: 'customer', reply: ['负责人: 王销售'] },
  { input: '/客户 张三疯', status: 'rejected', command: 'customer', reply: ['没有找到客户「张三疯」', '你是不是要找：', '张三丰（{张三丰}）'] },
  { input: '/客户', status: 'rejected', command: 'customer', reply: ['缺少名称/手机/编号', '用法：/客户'] },

  // ----- /new -----
  {
    input: '/新建 赵六 13900139000 赤道贸易',
    status: 'ok',
    command: 'new',
    reply: ['✅ 已新建客户 赵六', '赤道贸易', '负责人：王销售'],
    async effect() {
      const c = await Customer.findOne({ tenantId, name: '赵六' }).lean();
      expect(c).toMatchObject({ phones: ['13900139000'], company: '赤道贸易', stage: 'lead' });
      expect(String(c!.ownerId)).toBe(String(staff.wang._id));
      const created = await Activity.findOne({ tenantId, customerId: c!._id, type: 'created' }).lean();
      expect(created?.source).toBe('command');
      await expectCommandAudit('wang');
    },
  },
  {
    input: '/new Alice Acme Ltd',
    status: 'ok',
    command: 'new',
    async effect() {
      expect(await Customer.findOne({ tenantId, name: 'Alice' }).lean()).toMatchObject({ company: 'Acme Ltd', phones: [] });
    },
  },
  {
    input: '/新建 "钱 七"',
    status: 'ok',
    command: 'new',
    reply: ['钱 七'],
    async effect() {
      expect(await Customer.countDocuments({ tenantId, name: '钱 七' })).toBe(1);
    },
  },
  {
    input: '/add 周九，13700137000，南极公司',
    status: 'ok',
    command: 'new',
    async effect() {
      expect(await Customer.findOne({ tenantId, name: '周九' }).lean()).toMatchObject({ phones: ['13700137000'], company: '南极公司' });
    },
  },
  { input: '/新建 孙八 13800138000', status: 'rejected', command: 'new', reply: ['已有相同手机号的客户', '{张三}'] },
  { input: '/新建', status: 'rejected', command: 'new', reply: ['缺少名称'] },

  // ----- /log: trailing dates set the next follow-up -----
  {
    input: '/跟进 {张三} 电话沟通，对报价满意，下周二再联系',
    status: 'ok',
    command: 'log',
    reply: ['✅ 已记录跟进：张三', '下次跟进：5月19日（周二）'],
    async effect() {
      const a = await lastActivity('张三');
      expect(a).toMatchObject({ type: 'follow_up', content: '电话沟通，对报价满意，下周二再联系', channel: 'phone', source: 'command' });
      expect(String(a!.authorId)).toBe(String(staff.wang._id));
      const c = await fresh('张三');
      expect(local(c.nextFollowUpAt)).toBe('2026-05-19 09:00');
      expect(c.lastContactAt?.toISOString()).toBe(NOW.toISOString());
      await expectCommandAudit('wang');
    },
  },
  {
    input: '／跟进 “Zhang San” 微信发了资料',
    status: 'ok',
    command: 'log',
    reply: ['没有设置下次跟进'],
    async effect() {
      expect(await lastActivity('Zhang San')).toMatchObject({ content: '微信发了资料', channel: 'wechat' });
      expect((await fresh('Zhang San')).nextFollowUpAt ?? null).toBeNull();
    },
  },
  {
    input: '/log 张三丰 拜访完毕 3天后回访',
    status: 'ok',
    command: 'log',
    async effect() {
      expect(await lastActivity('张三丰')).toMatchObject({ content: '拜访完毕 3天后回访', channel: 'visit' });
      expect(local((await fresh('张三丰')).nextFollowUpAt)).toBe('2026-05-16 09:00');
    },
  },
  {
    input: '/跟进 李四 见面聊了方案，明天上午10点再联系',
    status: 'ok',
    command: 'log',
    reply: ['下次跟进：5月14日（周四）10:00'],
    async effect() {
      expect(await lastActivity('李四')).toMatchObject({ channel: 'meeting' });
      expect(local((await fresh('李四')).nextFollowUpAt)).toBe('2026-05-14 10:00');
    },
  },
  {
    input: '/followup {李四} sent the quote by email, call back next tuesday',
    status: 'ok',
    command: 'log',
    async effect() {
      expect(await lastActivity('李四')).toMatchObject({ channel: 'email' });
      expect(local((await fresh('李四')).nextFollowUpAt)).toBe('2026-05-19 09:00');
    },
  },
  {
    input: '/跟进 张三丰 昨天已经电话联系过',
    status: 'ok',
    command: 'log',
    async effect() {
      // No date at the end: the next follow-up stays where the earlier row put it.
      expect(local((await fresh('张三丰')).nextFollowUpAt)).toBe('2026-05-16 09:00');
    },
  },
  { input: '/跟进 {陈晨2} 电话沟通', status: 'ok', command: 'log', reply: ['陈晨（{陈晨2}）'] },
  { input: '/跟进 王五 电话', status: 'rejected', command: 'log', reply: ['没有找到客户「王五」'] },
  { input: '/跟进 陈晨 电话沟通', status: 'rejected', command: 'log', reply: ['{陈晨1}', '{陈晨2}'] },
  { input: '/跟进 张三', status: 'rejected', command: 'log', reply: ['缺少内容', '/跟进 <客户> <内容>'] },
  { input: '/跟进', status: 'rejected', command: 'log', reply: ['缺少客户'] },

  // ----- /stage -----
  {
    input: '/阶段 张三 成交',
    status: 'ok',
    command: 'stage',
    reply: ['潜在 → 成交'],
    async effect() {
      expect((await fresh('张三')).stage).toBe('won');
      expect(await lastActivity('张三')).toMatchObject({ type: 'stage_changed', source: 'command', data: { from: 'lead', to: 'won' } });
      await expectCommandAudit('wang');
    },
  },
  {
    input: '/stage "Zhang San" negotiating',
    status: 'ok',
    command: 'stage',
    async effect() {
      expect((await fresh('Zhang San')).stage).toBe('negotiating');
    },
  },
  {
    input: '/阶段 李四 意向 已发正式报价',
    status: 'ok',
    command: 'stage',
    reply: ['备注：已发正式报价'],
    async effect() {
      expect(await lastActivity('李四')).toMatchObject({ type: 'stage_changed', content: '已发正式报价' });
    },
  },
  { input: '/阶段 张三丰 成功', status: 'rejected', command: 'stage', reply: ['没有「成功」这个阶段', '潜在、意向、谈判、成交、流失', '你是不是想用：成交'] },
  { input: '/阶段 张三丰', status: 'rejected', command: 'stage', reply: ['缺少阶段'] },
  { input: '/阶段 王五 成交', status: 'rejected', command: 'stage', reply: ['没有找到客户「王五」'] },
  { input: '/阶段 张三丰 潜在', status: 'ok', command: 'stage', reply: ['已经是「潜在」阶段'], noWrite: true },

  // ----- /tag -----
  {
    input: '/标签 张三丰 +VIP -冷淡 重点',
    status: 'ok',
    command: 'tag',
    reply: ['加上 VIP、重点'],
    async effect() {
      expect((await fresh('张三丰')).tags).toEqual(['VIP', '重点']);
      expect(await lastActivity('张三丰')).toMatchObject({ type: 'tagged', source: 'command' });
    },
  },
  {
    input: '/tag 李四 ＋ｖｉｐ、华东',
    status: 'ok',
    command: 'tag',
    async effect() {
      expect((await fresh('李四')).tags).toEqual(['vip', '华东']);
    },
  },
  {
    input: '/标签 张三丰 -VIP',
    status: 'ok',
    command: 'tag',
    reply: ['去掉 VIP', '现在的标签：重点'],
    async effect() {
      expect((await fresh('张三丰')).tags).toEqual(['重点']);
    },
  },
  { input: '/标签 张三丰 -不存在', status: 'ok', command: 'tag', reply: ['标签没有变化'], noWrite: true },
  { input: '/标签 张三丰', status: 'rejected', command: 'tag', reply: ['缺少'] },
  { input: '/标签 王五 +x', status: 'rejected', command: 'tag', reply: ['没有找到客户「王五」'] },

  // ----- /remind -----
  {
    input: '/提醒 张三 明天上午10点 发报价',
    status: 'ok',
    command: 'remind',
    reply: ['✅ 已设置提醒：5月14日（周四）10:00 发报价'],
    async effect() {
      const r = await Reminder.findOne({ tenantId, text: '发报价' }).lean();
      expect(local(r!.dueAt)).toBe('2026-05-14 10:00');
      expect(String(r!.customerId)).toBe(String(customers.get('张三')!._id));
      expect(String(r!.staffId)).toBe(String(staff.wang._id));
      await expectCommandAudit('wang');
    },
  },
  {
    input: '/remind "Zhang San" tomorrow 9am send quote',
    status: 'ok',
    command: 'remind',
    async effect() {
      expect(local((await Reminder.findOne({ tenantId, text: 'send quote' }).lean())!.dueAt)).toBe('2026-05-14 09:00');
    },
  },
  {
    input: '/提醒 明天9点 周会',
    status: 'ok',
    command: 'remind',
    async effect() {
      const r = await Reminder.findOne({ tenantId, text: '周会' }).lean();
      expect(local(r!.dueAt)).toBe('2026-05-14 09:00');
      expect(r!.customerId ?? null).toBeNull();
    },
  },
  {
    input: '/提醒 李四 下周二 回访',
    status: 'ok',
    command: 'remind',
    async effect() {
      expect(local((await Reminder.findOne({ tenantId, text: '回访' }).lean())!.dueAt)).toBe('2026-05-19 09:00');
    },
  },
  {
    input: '/提醒 张三丰 确认样品 周五下午3点',
    status: 'ok',
    command: 'remind',
    async effect() {
      expect(local((await Reminder.findOne({ tenantId, text: '确认样品' }).lean())!.dueAt)).toBe('2026-05-15 15:00');
    },
  },
  { input: '/提醒 张三 发报价', status: 'rejected', command: 'remind', reply: ['没看懂提醒时间'] },
  { input: '/提醒 张三 昨天 发报价', status: 'rejected', command: 'remind', reply: ['已经过去了'] },
  { input: '/提醒 王五 明天 回访', status: 'rejected', command: 'remind', reply: ['没有找到客户「王五」'] },
  { input: '/提醒 张三', status: 'rejected', command: 'remind', reply: ['请写上提醒时间和内容'] },

  // ----- /todo -----
  { input: '/待办', status: 'ok', command: 'todo', reply: ['逾期跟进', '逾期客户（{逾期客户}）', '下午开会'], noWrite: true },
  { input: '/todo', as: 'li', status: 'ok', command: 'todo', reply: ['今天没有待办'], notReply: ['逾期客户'], noWrite: true },

  // ----- /assign: managers and admins only, within their scope -----
  { input: '/分配 待分配客户 李销售', status: 'rejected', command: 'assign', reply: ['仅限经理、管理员使用'] },
  // 李销售 is in another department: handing him a customer is outside the manager's scope.
  { input: '/分配 待分配客户 李销售', as: 'mgr', status: 'rejected', command: 'assign', reply: ['🚫 ownerId'], noWrite: true },
  {
    input: '/分配 待分配客户 赵经理',
    as: 'mgr',
    status: 'ok',
    command: 'assign',
    reply: ['✅ 已把 待分配客户', '分配给 赵经理'],
    async effect() {
      expect(String((await fresh('待分配客户')).ownerId)).toBe(String(staff.mgr._id));
      expect(await lastActivity('待分配客户')).toMatchObject({ type: 'owner_changed', source: 'command' });
      await expectCommandAudit('mgr');
    },
  },
  {
    input: '/assign {待分配客户} wang',
    as: 'admin',
    status: 'ok',
    command: 'assign',
    async effect() {
      expect(String((await fresh('待分配客户')).ownerId)).toBe(String(staff.wang._id));
    },
  },
  { input: '/分配 待分配客户 王销售', as: 'admin', status: 'ok', command: 'assign', reply: ['已经由 王销售 负责'], noWrite: true },
  { input: '/分配 待分配客户 不存在的人', as: 'admin', status: 'rejected', command: 'assign', reply: ['没有找到同事「不存在的人」'] },
  { input: '/分配 王五 王销售', as: 'mgr', status: 'rejected', command: 'assign', reply: ['没有找到客户「王五」'] },

  // ----- /report -----
  { input: '/报表', status: 'ok', command: 'report', reply: ['我的今天报表', '跟进: 7 次'], noWrite: true },
  { input: '/report week', as: 'mgr', status: 'ok', command: 'report', reply: ['团队本周报表', '王销售：跟进 7'], noWrite: true },
  { input: '/报表 本月', as: 'admin', status: 'ok', command: 'report', reply: ['全公司本月报表'], noWrite: true },
  { input: '/报表 明年', status: 'rejected', command: 'report', reply: ['没有「明年」这个统计周期'] },
  // Last: a second 张三 makes "张三" ambiguous for any row after it.
  { input: '/新建 张三', status: 'ok', command: 'new', reply: ['注意：已有同名客户 {张三}'] },
  { input: '/跟进 张三 电话', status: 'rejected', command: 'log', reply: ['2 个客户匹配「张三」'] },
];

describe('chat commands: parse and effect on the real database', () => {
  it('has at least 60 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });

  for (const [i, row] of rows.entries()) {
    it(`${String(i + 1).padStart(2, '0')} [${row.as ?? 'wang'}] ${row.input || '(empty)'}`, async () => {
      const who = row.as ?? 'wang';
      const before = await snapshot();
      const outcome = await runCommandForStaff(
        {
          tenantId,
          platform: 'wecom',
          staff: staff[who],
          platformUserId: staff[who].userId,
          text: fill(row.input),
          eventKey: `table:${++eventSeq}`,
          receivedAt: NOW,
        },
        { logger: createLogger('silent'), defaultTimeZone: ZONE, renderers: renderersUnderTest(), now: () => NOW, customerLink: (id) => `https://crm.example.cn/sidebar/?customerId=${id}` },
      );
      const text = textOf(outcome.reply);
      expect(outcome.status, text).toBe(row.status);
      if (row.command) expect(outcome.command).toBe(row.command);
      for (const want of row.reply ?? []) {
        if (typeof want === 'string') expect(text).toContain(fill(want));
        else expect(text).toMatch(want);
      }
      for (const unwanted of row.notReply ?? []) expect(text).not.toContain(fill(unwanted));
      if (row.status !== 'ok' || row.noWrite) expect(await snapshot()).toEqual(before);
      await row.effect?.(outcome);
    });
  }
});
