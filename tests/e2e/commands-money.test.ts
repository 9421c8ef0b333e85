import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { computeRobotSign } from '../../src/channels/dingtalk/verify-robot-sign.js';
import { changeContractStatus } from '../../src/crm/contracts/change-contract-status.js';
import { createContract } from '../../src/crm/contracts/create-contract.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { createDeal } from '../../src/crm/deals/create-deal.js';
import { createQuote } from '../../src/crm/deals/create-quote.js';
import { Contract } from '../../src/crm/models/contract.js';
import { Deal } from '../../src/crm/models/deal.js';
import { Staff, type StaffDoc } from '../../src/crm/models/staff.js';
import { actorFor } from '../support/actor-for.js';
import { robotMessage } from '../support/dingtalk-fixtures.js';
import { dingtalkAppEnv } from '../support/simulators/dingtalk/dingtalk-app-env.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../support/simulators/dingtalk/dingtalk-simulator.js';
import { textMessageXml } from '../support/simulators/wecom/callback-xml.js';
import { buildSignedCallback, type CallbackApp } from '../support/simulators/wecom/signed-callback.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * The money commands (/商机 /报价 /合同 /回款 /预测) end to end on WeCom (encrypted, signed
 * callbacks) and DingTalk (signed robot messages): the real routes, inbox, command runtime on the
 * real database, outbox and sender, to each platform's simulator; every amount phrasing of the issue.
 */
const CORP_ID = 'wwmoneycommands01';
const AGENT_ID = 1000020;
const wecomApp: CallbackApp = { token: 'moneyToken', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', corpId: CORP_ID, agentId: AGENT_ID };
type Platform = 'wecom' | 'dingtalk';
type Who = 'wang' | 'zhao';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let wecom: WecomSimulator;
let dingtalk: DingTalkSimulator;
let app: TestApp;
const staff = {} as Record<Who, StaffDoc>;
const contractNumber = {} as Record<Platform, string>;

beforeAll(async () => {
  db = await useTestDatabase();
  [wecom, dingtalk] = await Promise.all([startWecomSimulator({ corpId: CORP_ID, agentId: AGENT_ID }), startDingTalkSimulator({ appKey: 'dingmoneycommands1' })]);
  app = await startTestApp({
    env: {
      WECOM_CORP_ID: CORP_ID,
      WECOM_AGENT_ID: String(AGENT_ID),
      WECOM_SECRET: wecom.secret,
      WECOM_TOKEN: wecomApp.token,
      WECOM_AES_KEY: wecomApp.encodingAesKey,
      WECOM_API_BASE: wecom.baseUrl,
      ...dingtalkAppEnv(dingtalk, { token: 'dt-money', aesKey: 'c'.repeat(43) }),
    },
  });
  const tenantId = app.service.deps.defaultTenantId;
  wecom.addStaff({ userid: 'wang', name: '王销售', department: [1] });
  wecom.addStaff({ userid: 'zhao', name: '赵经理', department: [1] });
  staff.wang = await Staff.create({ tenantId, userId: 'wang', name: '王销售', role: 'sales', departments: ['1'], dingtalkUserId: 'dt-wang' });
  staff.zhao = await Staff.create({ tenantId, userId: 'zhao', name: '赵经理', role: 'manager', departments: ['1'], dingtalkUserId: 'dt-zhao' });
  const asWang = actorFor(staff.wang, 'import');
  for (const platform of ['wecom', 'dingtalk'] as const) {
    const customer = await createCustomer(asWang, { name: `${platform}客户` });
    const deal = await createDeal(asWang, { customerId: String(customer._id), title: `${platform} 报价商机`, amount: 0, stage: 'lost', lostReason: '测试报价' });
    await createQuote(asWang, String(deal._id), {
      validUntil: '2099-12-31',
      status: 'sent',
      lines: [{ name: `${platform} 软件许可`, quantity: 3, unitPrice: 1_000_000, discountPercent: 10 }],
    });
    const { contract } = await createContract(asWang, { customerId: String(customer._id), title: `${platform} 年度合同`, amount: 5_000_000 });
    await changeContractStatus(asWang, contract._id, { status: 'signed' });
    contractNumber[platform] = contract.number;
  }
});
afterAll(async () => {
  await app?.close();
  await Promise.all([wecom?.close(), dingtalk?.close()]);
  await db?.drop();
});

const runQueues = async () => {
  await app.service.deps.inbox.drain();
  await app.service.deps.outbox.drain();
};

/** Delivers `line` from `who` the way each platform does; returns everything the reply shows. */
const say: Record<Platform, (who: Who, line: string) => Promise<string>> = {
  async wecom(who, line) {
    const signed = buildSignedCallback(wecomApp, textMessageXml({ corpId: CORP_ID, from: who, content: line, msgId: String(randomInt(1, 2 ** 47)), agentId: AGENT_ID }));
    const before = wecom.deliveredMessages().length;
    expect((await app.request('POST', signed.path, { rawBody: signed.body, headers: { 'content-type': 'text/xml' } })).status).toBe(200);
    await runQueues();
    const mine = wecom.deliveredMessages().slice(before).filter((m) => m.deliveredTo.includes(who));
    expect(mine).toHaveLength(1);
    return JSON.stringify(mine[0]!.body);
  },
  async dingtalk(who, line) {
    const expires = Date.now() + 90 * 60_000;
    const webhook = dingtalk.createSessionWebhook(expires);
    const message = robotMessage({
      msgId: `msg${randomBytes(8).toString('hex')}`,
      senderStaffId: `dt-${who}`,
      senderNick: staff[who].name,
      text: { content: `@ChatCRM ${line}` },
      sessionWebhook: webhook.url,
      sessionWebhookExpiredTime: expires,
      robotCode: dingtalk.robotCode,
    });
    const timestamp = String(Date.now());
    const res = await app.request('POST', '/callbacks/dingtalk/robot', { body: message, headers: { timestamp, sign: computeRobotSign(timestamp, dingtalk.appSecret) } });
    expect(res.status).toBe(200);
    await runQueues();
    const mine = dingtalk.sessionMessages.filter((m) => m.session === webhook.session);
    expect(mine).toHaveLength(1);
    return JSON.stringify(mine[0]!.body);
  },
};

/** Every phrasing of the issue, what it is in 分, and how the reply shows it. */
const AMOUNTS: [string, number, string][] = [
  ['8万', 8_000_000, '¥80,000.00'],
  ['8w', 8_000_000, '¥80,000.00'],
  ['80,000', 8_000_000, '¥80,000.00'],
  ['¥80000', 8_000_000, '¥80,000.00'],
  ['8.5k', 850_000, '¥8,500.00'],
  ['一百二十万', 120_000_000, '¥1,200,000.00'],
];
const perPlatform = AMOUNTS.reduce((s, [, minor]) => s + minor, 0); // 152,850,000

describe.each(['wecom', 'dingtalk'] as const)('money commands on %s', (platform) => {
  const customer = `${platform}客户`;

  test.each(AMOUNTS)('/商机 %s: the amount in minor units, the close date from 月底', async (phrase, minor, shown) => {
    // Titles differ so every reply differs (WeCom drops identical content within its duplicate-check window).
    const title = `年度维保${'ABCDEF'[AMOUNTS.findIndex(([p]) => p === phrase)]}`;
    const reply = await say[platform]('wang', `/商机 ${customer} ${title} ${phrase} 月底`);
    expect(reply).toContain(`已新建商机：${title}`);
    expect(reply).toContain(`金额：${shown}`);
    const deal = await Deal.findOne({ title }).lean();
    expect(deal).toMatchObject({ amount: minor, currency: 'CNY', stage: 'initial', probability: 10, ownerId: staff.wang._id });
    expect(deal!.expectedCloseDate).toMatch(/^\d{4}-\d{2}-(28|29|30|31)$/);
    expect(reply).toContain(`预计成交：${deal!.expectedCloseDate}`);
  });

  test('/商机 lists the open deals; /报价 shows the latest valid quote', async () => {
    const listed = await say[platform]('wang', `/商机 ${customer}`);
    expect(listed).toContain('进行中的商机');
    expect(listed).toContain('初步接洽 10% · ¥1,200,000.00');
    // 3 × 10,000.00 = 30,000.00, 10 % off → 27,000.00
    const quote = await say[platform]('zhao', `/报价 ${customer}`);
    expect(quote).toContain('最新有效报价：第 1 版 · 已发送');
    expect(quote).toContain('合计 ¥27,000.00（原价 ¥30,000.00，优惠 ¥3,000.00）');
    expect(quote).toContain('报价人 王销售');
    expect(quote).toContain(`${platform} 软件许可 × 3`);
  });

  test('/合同 shows status and outstanding; /回款 records a payment and refuses one above the outstanding', async () => {
    const number = contractNumber[platform];
    const shown = await say[platform]('wang', `/合同 ${number}`);
    expect(shown).toContain(`${number} ${platform} 年度合同 · 已签订 · 金额 ¥50,000.00 · 未回款 ¥50,000.00`);
    const paid = await say[platform]('wang', `/回款 ${number} 2万`);
    expect(paid).toContain('¥20,000.00');
    expect(paid).toContain('¥30,000.00');
    const contract = await Contract.findOne({ number }).lean();
    expect(contract!.payments.map((p) => p.amount)).toEqual([2_000_000]);
    const tooMuch = await say[platform]('wang', `/payment ${number} 3.5w`);
    expect(tooMuch).toMatch(/outstanding|未回款/);
    expect((await Contract.findOne({ number }).lean())!.payments).toHaveLength(1);
  });

  test('/预测 is refused to a salesperson, in the language of the command', async () => {
    expect(await say[platform]('wang', '/预测')).toContain('销售预测面向经理和管理员');
    expect(await say[platform]('wang', '/forecast')).toContain('The forecast is for managers and admins');
  });
});

test("the manager's /预测 on both platforms: the deals of both, weighted by hand", async () => {
  // 2 × 152,850,000 = 305,700,000 closing this month at 10 %: weighted 30,570,000, no commit.
  expect(perPlatform).toBe(152_850_000);
  const wecomReply = await say.wecom('zhao', '/预测 本月');
  expect(wecomReply).toContain('本月 ');
  expect(wecomReply).toContain('加权 ¥305,700.00 · 承诺 ¥0.00（0 单）· 管道 ¥3,057,000.00（12 单）');
  expect(wecomReply).toContain('王销售：加权 ¥305,700.00');
  const dingtalkReply = await say.dingtalk('zhao', '/forecast');
  expect(dingtalkReply).toContain('本季度 ');
  expect(dingtalkReply).toContain('加权 ¥305,700.00');
});
