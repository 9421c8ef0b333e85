import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Reminder } from '../../src/crm/models/reminder.js';
import { Staff, type StaffDoc } from '../../src/crm/models/staff.js';
import { createLogger } from '../../src/logger.js';
import { textMessageXml } from '../support/simulators/wecom/callback-xml.js';
import { buildSignedCallback, type CallbackApp } from '../support/simulators/wecom/signed-callback.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';
import { actorFor } from '../support/actor-for.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * Issue 13, chat commands: what salespeople hit every day, driven as WeCom sends it — an
 * encrypted, signed app message through the callback route, the inbox, the command runtime on the
 * real database, the outbox and message/send to the WeCom simulator (which drops repeated content
 * when asked to, as WeCom does).
 */
const CORP_ID = 'wwcommandsdaily001';
const AGENT_ID = 1000011;
const wecom: CallbackApp = { token: 'commandsDailyToken', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', corpId: CORP_ID, agentId: AGENT_ID };
const ZONE = 'Asia/Shanghai';
const silent = createLogger('silent');

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;
let app: TestApp;
let wang: StaffDoc;
let zhou: StaffDoc;

const tenantId = () => app.service.deps.defaultTenantId;
const env = () => ({
  WECOM_CORP_ID: CORP_ID,
  WECOM_AGENT_ID: String(AGENT_ID),
  WECOM_SECRET: sim.secret,
  WECOM_TOKEN: wecom.token,
  WECOM_AES_KEY: wecom.encodingAesKey,
  WECOM_API_BASE: sim.baseUrl,
  PUBLIC_BASE_URL: 'https://crm.example.cn',
});

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startWecomSimulator({ corpId: CORP_ID, agentId: AGENT_ID });
  app = await startTestApp({ env: env() });
  sim.addStaff({ userid: 'wang', name: '王销售', department: [1] });
  sim.addStaff({ userid: 'zhou', name: '周销售', department: [1] });
  wang = await Staff.create({ tenantId: tenantId(), userId: 'wang', name: '王销售', role: 'sales', departments: ['1'] });
  zhou = await Staff.create({ tenantId: tenantId(), userId: 'zhou', name: '周销售', role: 'sales', departments: ['1'] });
  await createCustomer(actorFor(wang, 'import'), { name: '张三', company: '星河科技', phones: ['13800138000'] });
  await createCustomer(actorFor(wang, 'import'), { name: '李四', company: '北辰贸易' });
  await createCustomer(actorFor(wang, 'import'), { name: '王五', company: '东方机械' });
  await createCustomer(actorFor(wang, 'import'), { name: '王五', company: '南山物流' });
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await db?.drop();
});
beforeEach(() => {
  sim.sent.length = 0;
});

async function postText(target: TestApp, from: StaffDoc, content: string) {
  const msgId = String(randomInt(1, 2 ** 47));
  const signed = buildSignedCallback(wecom, textMessageXml({ corpId: CORP_ID, from: from.userId, content, msgId, agentId: AGENT_ID }));
  const res = await target.request('POST', signed.path, { rawBody: signed.body, headers: { 'content-type': 'text/xml' } });
  expect(res.status).toBe(200);
}

function sentText(body: Record<string, unknown>): string {
  const b = body as { text?: { content?: string }; markdown?: { content?: string }; textcard?: { title?: string; description?: string; url?: string } };
  return [b.text?.content, b.markdown?.content, b.textcard?.title, b.textcard?.description, b.textcard?.url].filter(Boolean).join('\n');
}

/** Sends one line as `from` through `target` (default: the first instance) and returns the reply WeCom delivered. */
async function say(from: StaffDoc, content: string, target: TestApp = app): Promise<string> {
  const before = sim.deliveredMessages().length;
  await postText(target, from, content);
  await target.service.deps.inbox.drain({ logger: silent });
  await target.service.deps.outbox.drain({ logger: silent });
  const mine = sim.deliveredMessages().slice(before).filter((m) => m.deliveredTo.includes(from.userId));
  expect(mine, `one delivered reply to "${content}"`).toHaveLength(1);
  return sentText(mine[0]!.body);
}

const local = (d: Date | null | undefined) => (d ? DateTime.fromJSDate(d, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm') : null);
const customerNamed = async (name: string, company?: string) =>
  (await Customer.findOne({ tenantId: tenantId(), name, ...(company ? { company } : {}) }).lean())!;

describe('WeCom never drops a command reply as a duplicate', () => {
  test('/待办 at 9:00 and again at 10:00 (nothing changed) gets two replies, and no message/send asks for the duplicate check', async () => {
    const first = await say(zhou, '/待办');
    sim.advanceClock(60 * 60_000);
    const second = await say(zhou, '/待办');
    expect(second).toBe(first);
    expect(sim.sent.length).toBe(2);
    for (const m of sim.sent) expect(m.body.enable_duplicate_check).not.toBe(1);
  });
});

describe('/跟进 sets the next follow-up from "next time" phrasings and never confirms a past date', () => {
  const today = () => DateTime.now().setZone(ZONE).startOf('day');

  test.each([
    ['电话聊了，后天再打', 2],
    ['电话聊了，明天再打', 1],
    ['见了面，下周一再约', null],
    ['微信聊了，3天后再联系', 3],
    ['发了资料 明天回访', 1],
    ['聊得不错，下次周五再聊', null],
    ['后天再打，他要先问老板', 2],
  ])('"%s"', async (note, days) => {
    const reply = await say(wang, `/跟进 李四 ${note}`);
    const customer = await customerNamed('李四');
    const expected =
      days !== null
        ? today().plus({ days }).set({ hour: 9 })
        : note.includes('周一')
          ? today().startOf('week').plus({ weeks: 1 }).set({ hour: 9 })
          : today().startOf('week').plus({ days: 4 }).plus({ weeks: today().weekday > 5 ? 1 : 0 }).set({ hour: 9 });
    expect(local(customer.nextFollowUpAt)).toBe(expected.toFormat('yyyy-MM-dd HH:mm'));
    expect(reply).toContain(`下次跟进：${expected.month}月${expected.day}日`);
  });

  test('a follow-up without a date on a client whose next follow-up has passed says none is set instead of confirming the old date', async () => {
    const lastWeek = DateTime.now().setZone(ZONE).minus({ days: 7 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    await Customer.updateOne({ tenantId: tenantId(), name: '张三' }, { $set: { nextFollowUpAt: lastWeek.toJSDate() } });
    const reply = await say(wang, '/跟进 张三 电话聊了，还在比价');
    expect(reply).toContain('已记录跟进：张三');
    expect(reply).not.toContain(`${lastWeek.month}月${lastWeek.day}日`);
    expect(reply).toMatch(/没有设置下次跟进/);
    const customer = await customerNamed('张三');
    expect(customer.nextFollowUpAt == null || customer.nextFollowUpAt.getTime() > Date.now()).toBe(true);
  });
});

describe('a numbered list can be answered with a bare number', () => {
  test('"/跟进 王五 …" lists two clients with an unambiguous prompt; "1" sent to another instance logs on the first one', async () => {
    const other = await startTestApp({ env: env() });
    try {
      const list = await say(wang, '/跟进 王五 电话聊了，后天再打');
      expect(list).toContain('有 2 个客户匹配「王五」');
      expect(list).toContain('回复 1 或 2 选择');
      expect(list).toMatch(/1\. 王五（C\d+ · (东方机械|南山物流)）/);
      const firstCompany = /1\. 王五（C\d+ · (\S+?)）/.exec(list)![1]!;

      // The list lives in MongoDB with a TTL, not in the memory of the instance that sent it.
      const reply = await say(wang, '1', other);
      expect(reply).toContain('已记录跟进：王五');
      const chosen = await customerNamed('王五', firstCompany);
      expect(chosen.lastContactAt).toBeTruthy();
      const otherOne = await customerNamed('王五', firstCompany === '东方机械' ? '南山物流' : '东方机械');
      expect(otherOne.lastContactAt ?? null).toBeNull();

      // Chosen once: a second "1" does not log again.
      const again = await say(wang, '1');
      expect(again).toContain('没有等你选择的列表');
    } finally {
      await other.close();
    }
  });

  test('the list expires: a "1" after the TTL is told to send the command again; the collection has a TTL index', async () => {
    const { PendingChoice } = await import('../../src/features/commands/pending-choice-model.js');
    const indexes = await PendingChoice.collection.indexes();
    expect(indexes.some((i) => i.key.expiresAt === 1 && i.expireAfterSeconds === 0)).toBe(true);
    await say(wang, '/客户 王五');
    await PendingChoice.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const reply = await say(wang, '1');
    expect(reply).toContain('没有等你选择的列表');
    expect(reply).not.toContain('王五（C');
  });

  test('"2" opens the second card; a number outside the list asks again', async () => {
    const list = await say(wang, '/客户 王五');
    const second = /2\. 王五（(C\d+) · (\S+?)）/.exec(list)!;
    expect(await say(wang, '3')).toContain('请回复 1 或 2 选择');
    const card = await say(wang, '２');
    expect(card).toContain(second[1]!);
    expect(card).toContain(second[2]!);
  });
});

describe('pinyin and initials aliases, and "did you mean" over them', () => {
  test('/kh and /kehu open the card; /gj and /genjin log a follow-up', async () => {
    expect(await say(wang, '/kh 张三')).toContain('星河科技');
    expect(await say(wang, '/kehu 13800138000')).toContain('星河科技');
    expect(await say(wang, '/gj 张三 微信聊了')).toContain('已记录跟进：张三');
    expect(await say(wang, '/genjin 张三 又聊了')).toContain('已记录跟进：张三');
  });

  test.each([
    ['/daiban', '今天'],
    ['/db', '今天'],
    ['/bangzhu', '/跟进'],
    ['/tx 张三 明天10点 回电', '已设置提醒'],
    ['/bq 张三 +重点', '重点'],
    ['/jd 张三 意向', '意向'],
  ])('%s answers in Chinese', async (line, shows) => {
    expect(await say(wang, line)).toContain(shows);
  });

  test('a pinyin typo is answered with the command it is close to', async () => {
    const reply = await say(wang, '/genjn 张三 电话');
    expect(reply).toContain('没有 /genjn 这个命令');
    expect(reply).toContain('/跟进');
    expect(await say(wang, '/kehuu 张三')).toContain('/客户');
  });
});

describe('replies speak the language of the command, or the one the person chose', () => {
  test('/remind … send quote is answered in English; /提醒 … in Chinese', async () => {
    const en = await say(wang, '/remind 张三 tomorrow 9am send quote');
    expect(en).toMatch(/^✅ Reminder set: \w{3}, \w{3} \d{1,2} 09:00 send quote \(张三 C\d+\)$/);
    const zh = await say(wang, '/提醒 张三 明天上午10点 发报价');
    expect(zh).toMatch(/^✅ 已设置提醒：\d+月\d+日（周.）10:00 发报价（张三 C\d+）$/);
    const missing = await say(wang, '/customer "Zhao Liu"');
    expect(missing).toContain('No customer "Zhao Liu" found.');
    expect(missing).toContain('/new "Zhao Liu" [phone] [company]');
    expect(await say(wang, '/log 张三 called, call again tomorrow')).toContain('Follow-up logged: 张三');
    expect(await say(wang, '/deal 张三 8.5k pilot order')).toContain('✅ Deal created: pilot order');
    // An English command word with only a Chinese name after it is still a Chinese speaker's line.
    expect(await say(wang, '/customer 张三')).toContain('下次跟进');
  });

  test('a staff member who chose English gets English for Chinese commands, until they choose auto', async () => {
    expect(await say(zhou, '/语言 英文')).toContain('in English from now on');
    expect((await Staff.findById(zhou._id).lean())!.language).toBe('en');
    expect(await say(zhou, '/待办')).toContain('Nothing to do today');
    expect(await say(zhou, '/帮助')).toContain('ChatCRM commands');
    expect(await say(zhou, '/客户 张三')).toContain('No customer "张三" found.');
    expect(await say(zhou, '/语言 自动')).toContain('/remind in English');
    expect(await say(zhou, '/待办')).toContain('今天没有待办');
    expect(await say(zhou, '/language xx')).toContain('not a choice');
    expect((await Staff.findById(zhou._id).lean())!.language ?? null).toBeNull();
  });
});

describe('smaller things', () => {
  test('"没有找到客户「赵六」" says what to do next, and the same for a colleague\'s client (nothing revealed)', async () => {
    const missing = await say(wang, '/客户 赵六');
    expect(missing).toContain('没有找到客户「赵六」');
    expect(missing).toContain('/新建 赵六');
    expect(missing).toContain('/客户 <手机号>');
    expect(missing).toContain('同事负责的客户你看不到');
    // zhou cannot see wang's 李四: the same words as for a client nobody has.
    const hidden = await say(zhou, '/客户 李四');
    expect(hidden.replaceAll('李四', '赵六')).toBe(missing.replace(/\n你是不是要找：[^\n]*/, ''));
    expect(hidden).not.toContain('北辰贸易');
  });

  test('help and usage write the note placeholder as <内容> everywhere', async () => {
    const help = await say(wang, '/帮助');
    expect(help).toContain('/跟进 <客户> <内容>');
    expect(help).toContain('/提醒 <客户> <时间> <内容>');
    expect(help).not.toMatch(/<(备注|note|跟进内容)>|\[内容\]/);
    expect(await say(wang, '/跟进 张三')).toContain('缺少内容。用法：/跟进 <客户> <内容>');
  });

  test('/待办 shows the time of each follow-up and reminder due today', async () => {
    const todayAt = (h: number, m: number) => DateTime.now().setZone(ZONE).set({ hour: h, minute: m, second: 0, millisecond: 0 });
    await Customer.updateOne({ tenantId: tenantId(), name: '李四' }, { $set: { nextFollowUpAt: todayAt(0, 1).toJSDate() }, $unset: { lastContactAt: 1 } });
    const li4 = await customerNamed('李四');
    await Reminder.create({ tenantId: tenantId(), customerId: li4._id, staffId: wang._id, text: '发周报', dueAt: todayAt(0, 5).toJSDate(), status: 'open', createdBy: wang._id });
    const todo = await say(wang, '/待办');
    expect(todo).toMatch(/00:01 李四（C\d+）/);
    expect(todo, todo).toMatch(/00:05（已过） 发周报/);
  });

  test('a reminder whose time comes after the note keeps one time, not 09:00 plus the typed one', async () => {
    const reply = await say(wang, '/提醒 张三 后天 发合同 15点');
    const day = DateTime.now().setZone(ZONE).plus({ days: 2 });
    expect(reply).toBe(`✅ 已设置提醒：${day.month}月${day.day}日（周${'一二三四五六日'[day.weekday - 1]}）15:00 发合同（张三 ${(await customerNamed('张三')).code}）`);
  });

  test('card links use PUBLIC_BASE_URL; without it (a localhost base) the card has no link a phone cannot open', async () => {
    expect(await say(wang, '/客户 张三')).toContain('https://crm.example.cn/sidebar/?customerId=');
    const { PUBLIC_BASE_URL: _unset, ...withoutBase } = env();
    const local = await startTestApp({ env: withoutBase });
    try {
      const card = await say(wang, '/客户 张三', local);
      expect(card).toContain('星河科技');
      expect(card).not.toMatch(/localhost|127\.0\.0\.1|customerId=/);
    } finally {
      await local.close();
    }
  });
});
