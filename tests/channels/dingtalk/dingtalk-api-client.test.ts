import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AccessTokenModel } from '../../../src/channels/shared/access-token-cache.js';
import { createDingTalkApiClient, type DingTalkApiClientOptions } from '../../../src/channels/dingtalk/dingtalk-api-client.js';
import {
  DingTalkConfigError,
  DingTalkRateLimited,
  DingTalkRequestRejected,
  DingTalkUnavailable,
  SessionWebhookUnusable,
} from '../../../src/channels/dingtalk/dingtalk-api-error.js';
import { claimWorkNotice, WorkNoticeLedger } from '../../../src/channels/dingtalk/work-notice-ledger.js';
import { InvalidInput } from '../../../src/errors.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../../support/simulators/dingtalk/dingtalk-simulator.js';
import { useTestDatabase } from '../../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: DingTalkSimulator;
let sleeps: number[];

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startDingTalkSimulator();
  sim.addUser({ userid: 'zhangsan', name: '张三', mobile: '13800000001', deptIds: [2, 3], title: '销售' });
  sim.addUser({ userid: 'lisi', name: '李四', mobile: '13800000002' });
});
afterAll(async () => {
  await sim.close();
  await db.drop();
});
beforeEach(async () => {
  sleeps = [];
  sim.reset();
  sim.invalidateTokens();
  await AccessTokenModel.deleteMany({});
  await WorkNoticeLedger.deleteMany({});
});
afterEach(() => {
  expect(sim.pendingErrors()).toBe(0);
});

function client(overrides: Partial<DingTalkApiClientOptions> = {}) {
  return createDingTalkApiClient({
    appKey: sim.appKey,
    appSecret: sim.appSecret,
    agentId: sim.agentId,
    robotCode: sim.robotCode,
    apiBase: sim.baseUrl,
    openApiBase: sim.baseUrl,
    timeoutMs: 1_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
}

const calls = (path: string) => sim.requests.filter((r) => r.path === path).length;

describe('access token', () => {
  test('fetched once and shared through MongoDB by every client instance of the app', async () => {
    const a = client();
    const b = client();
    expect(await a.getUserIdByMobile('13800000001')).toBe('zhangsan');
    expect(await b.getUserIdByMobile('13800000002')).toBe('lisi');
    await Promise.all([a.getUser('zhangsan'), b.getUser('lisi'), a.getUser('lisi')]);
    expect(sim.tokenIssues()).toBe(1);
    expect(calls('/gettoken')).toBe(1);
    // The secret never reaches the database; the token does, keyed by app and sealed (never in plaintext).
    const stored = await AccessTokenModel.find({}).lean();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(sim.appSecret);
    expect(JSON.stringify(stored)).not.toContain(sim.currentToken());
    expect(stored[0]?.token).toMatch(/^v1:/);
  });

  test('a token the platform no longer accepts is dropped, refetched once and the call retried once', async () => {
    const c = client();
    await c.getUser('zhangsan');
    const before = sim.currentToken();
    sim.invalidateTokens();
    const user = await c.getUser('zhangsan');
    expect(user?.name).toBe('张三');
    expect(sim.tokenIssues()).toBe(2);
    expect(sim.currentToken()).not.toBe(before);
    expect(calls('/topapi/v2/user/get')).toBe(3);
  });

  test('an expired token (42001) is replaced the same way', async () => {
    const c = client();
    await c.getUser('zhangsan');
    sim.expireTokens();
    expect(await c.getUserIdByMobile('13800000002')).toBe('lisi');
    expect(sim.tokenIssues()).toBe(2);
  });

  test('a token refused twice in a row stops with a config error instead of looping', async () => {
    const c = client();
    sim.injectErrors('/topapi/v2/user/get', 'invalid_token', 'invalid_token');
    await expect(c.getUser('zhangsan')).rejects.toBeInstanceOf(DingTalkConfigError);
    expect(calls('/topapi/v2/user/get')).toBe(2);
    expect(calls('/gettoken')).toBe(2);
  });

  test('wrong app credentials: a clear config error, one token request, never retried', async () => {
    const c = client({ appSecret: 'wrong-secret' });
    const error = await c.getUser('zhangsan').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DingTalkConfigError);
    expect((error as DingTalkConfigError).code).toBe('40089');
    expect((error as DingTalkConfigError).retryable).toBe(false);
    expect((error as Error).message).not.toContain('wrong-secret');
    expect(calls('/gettoken')).toBe(1);
    expect(calls('/topapi/v2/user/get')).toBe(0);
    expect(sleeps).toEqual([]);
  });

  test('missing permission is a config error, not retried', async () => {
    sim.injectErrors('/topapi/v2/user/getbymobile', 'no_permission');
    await expect(client().getUserIdByMobile('13800000001')).rejects.toMatchObject({ name: 'DingTalkConfigError', code: '60011' });
    expect(calls('/topapi/v2/user/getbymobile')).toBe(1);
  });
});

describe('busy, throttling, outages', () => {
  test('"system busy" is retried with backoff and then succeeds', async () => {
    sim.injectErrors('/topapi/v2/user/get', 'busy', 'busy');
    expect((await client().getUser('lisi'))?.userid).toBe('lisi');
    expect(calls('/topapi/v2/user/get')).toBe(3);
    expect(sleeps).toEqual([200, 400]);
  });

  test('busy three times → DingTalkUnavailable (retryable) after three attempts', async () => {
    sim.injectErrors('/topapi/v2/user/get', 'busy', 'http_500', 'busy');
    const error = await client().getUser('lisi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DingTalkUnavailable);
    expect((error as DingTalkUnavailable).retryable).toBe(true);
    expect(calls('/topapi/v2/user/get')).toBe(3);
  });

  test('throttling answers a typed error with a back-off hint and no immediate retry', async () => {
    sim.injectErrors('/topapi/v2/user/get', 'throttled');
    const error = await client().getUser('lisi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DingTalkRateLimited);
    expect((error as DingTalkRateLimited).retryAfterMs).toBeGreaterThan(0);
    expect(calls('/topapi/v2/user/get')).toBe(1);
  });

  test('the per-IP ban page ({status:1111,wait:5}) becomes a five-minute back-off', async () => {
    sim.injectErrors('/gettoken', 'ip_ban');
    const error = await client().getUser('lisi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DingTalkRateLimited);
    expect((error as DingTalkRateLimited).retryAfterMs).toBe(5 * 60_000);
  });

  test('a hanging platform times out and is reported unavailable', async () => {
    sim.injectErrors('/topapi/v2/user/get', 'hang', 'hang', 'hang');
    const started = Date.now();
    const error = await client({ timeoutMs: 200 }).getUser('lisi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DingTalkUnavailable);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(calls('/topapi/v2/user/get')).toBe(3);
  });
});

describe('users', () => {
  test('lookup by mobile and detail', async () => {
    const c = client();
    expect(await c.getUserIdByMobile('13800000001')).toBe('zhangsan');
    expect(await c.getUserIdByMobile('13900000000')).toBeNull();
    expect(await c.getUser('zhangsan')).toEqual({ userid: 'zhangsan', name: '张三', mobile: '13800000001', deptIds: ['2', '3'], title: '销售', active: true, admin: false });
    expect(await c.getUser('nobody')).toBeNull();
  });

  test('a malformed mobile is refused before any request', async () => {
    await expect(client().getUserIdByMobile('call me')).rejects.toBeInstanceOf(InvalidInput);
    expect(sim.requests).toHaveLength(0);
  });
});

describe('work notifications', () => {
  test('sent with agent id, recipients and rendered msg; identical content to the same user is not resent that day', async () => {
    const c = client();
    const first = await c.sendWorkNotification(['zhangsan', 'lisi', 'zhangsan'], { type: 'text', text: '今日待跟进 3 位客户' });
    expect(first.sentTo).toEqual(['zhangsan', 'lisi']);
    expect(first.taskIds).toHaveLength(1);
    expect(sim.workNotices).toHaveLength(1);
    expect(sim.workNotices[0]).toMatchObject({
      agentId: sim.agentId,
      userIds: ['zhangsan', 'lisi'],
      msg: { msgtype: 'text', text: { content: '今日待跟进 3 位客户' } },
    });

    const again = await c.sendWorkNotification(['zhangsan'], { type: 'text', text: '今日待跟进 3 位客户' });
    expect(again).toEqual({ taskIds: [], sentTo: [], skippedDuplicate: ['zhangsan'], skippedOverLimit: [] });
    expect(sim.workNotices).toHaveLength(1);

    const other = await c.sendWorkNotification(['zhangsan'], { type: 'text', text: '今日待跟进 4 位客户' });
    expect(other.sentTo).toEqual(['zhangsan']);
    expect(sim.workNotices).toHaveLength(2);
    // Everything we sent was actually delivered (nothing silently dropped by the platform).
    expect(sim.workNotices.every((n) => n.delivered.length === n.userIds.length)).toBe(true);
  });

  test('a failed send releases the claim so a retry delivers it', async () => {
    const c = client();
    sim.injectErrors('/topapi/message/corpconversation', 'busy', 'busy', 'busy');
    await expect(c.sendWorkNotification(['lisi'], { type: 'markdown', title: '日报', markdown: '**3** 次跟进' })).rejects.toBeInstanceOf(DingTalkUnavailable);
    const retry = await c.sendWorkNotification(['lisi'], { type: 'markdown', title: '日报', markdown: '**3** 次跟进' });
    expect(retry.sentTo).toEqual(['lisi']);
    expect(sim.workNotices).toHaveLength(1);
    expect(sim.workNotices[0]?.msg).toEqual({ msgtype: 'markdown', markdown: { title: '日报', text: '**3** 次跟进' } });
  });

  test('a card is sent as action_card and fits the 2048-byte limit', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `客户 ${i}：逾期未跟进`);
    await client().sendWorkNotification(['zhangsan'], {
      type: 'card',
      card: { title: '逾期客户', fields: [], lines, links: [{ label: '查看', url: 'https://crm.example.com/overdue' }] },
    });
    expect(sim.workNotices).toHaveLength(1);
    expect(sim.workNotices[0]?.msg).toMatchObject({ msgtype: 'action_card', action_card: { single_url: 'https://crm.example.com/overdue' } });
  });

  test('the per-user daily cap is respected', async () => {
    const scope = 'test-scope';
    const nowMs = Date.parse('2024-05-01T10:00:00+08:00');
    const a = await claimWorkNotice(scope, ['u1'], 'h1', nowMs, 2);
    const b = await claimWorkNotice(scope, ['u1'], 'h2', nowMs, 2);
    const c = await claimWorkNotice(scope, ['u1'], 'h3', nowMs, 2);
    expect([a.accepted, b.accepted, c.accepted, c.overLimit]).toEqual([['u1'], ['u1'], [], ['u1']]);
    // A new China day starts a new count (16:00 UTC = midnight in Shanghai).
    const nextDay = await claimWorkNotice(scope, ['u1'], 'h3', Date.parse('2024-05-01T16:00:00Z'), 2);
    expect(nextDay.accepted).toEqual(['u1']);
  });

  test('without an agent id the call is refused as configuration', async () => {
    await expect(client({ agentId: undefined }).sendWorkNotification(['lisi'], { type: 'text', text: 'x' })).rejects.toBeInstanceOf(DingTalkConfigError);
    expect(sim.requests).toHaveLength(0);
  });
});

describe('robot OpenAPI sends', () => {
  test('1:1 batchSend carries the token header, robotCode and msgKey/msgParam; > 20 users are split', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `u${i}`);
    const result = await client().sendRobotToUsers(['zhangsan', ...ids], { type: 'markdown', title: '提醒', markdown: '跟进 **华为**' });
    const sends = sim.robotSends.filter((s) => s.kind === 'oto');
    expect(sends.map((s) => s.userIds?.length)).toEqual([20, 6]);
    expect(sends[0]).toMatchObject({ robotCode: sim.robotCode, msgKey: 'sampleMarkdown', msgParam: { title: '提醒', text: '跟进 **华为**' } });
    expect(result.processQueryKeys).toHaveLength(2);
    expect(result.invalidUserIds).toEqual(ids);
    const req = sim.requests.find((r) => r.path === '/v1.0/robot/oToMessages/batchSend');
    expect(req?.headers['x-acs-dingtalk-access-token']).toBe(sim.currentToken());
    expect(req?.query).toEqual({});
  });

  test('group send', async () => {
    const res = await client().sendRobotToGroup('cidGroup1==', { type: 'text', text: '本周新增 5 个客户' });
    expect(res.processQueryKey).toMatch(/^pqk_/);
    expect(sim.robotSends).toEqual([
      { kind: 'group', robotCode: sim.robotCode, openConversationId: 'cidGroup1==', msgKey: 'sampleText', msgParam: { content: '本周新增 5 个客户' } },
    ]);
  });

  test('v1.0 401 → token refetched and the send retried once', async () => {
    const c = client();
    await c.getAccessToken();
    sim.invalidateTokens();
    await c.sendRobotToGroup('cidGroup1==', { type: 'text', text: 'hi' });
    expect(sim.robotSends).toHaveLength(1);
    expect(sim.tokenIssues()).toBe(2);
    expect(calls('/v1.0/robot/groupMessages/send')).toBe(2);
  });

  test('v1.0 429 → DingTalkRateLimited; 403 → config; 400 → rejected', async () => {
    const c = client();
    sim.injectErrors('/v1.0/robot', 'throttled');
    await expect(c.sendRobotToGroup('cid', { type: 'text', text: 'x' })).rejects.toBeInstanceOf(DingTalkRateLimited);
    sim.injectErrors('/v1.0/robot', 'no_permission');
    await expect(c.sendRobotToGroup('cid', { type: 'text', text: 'x' })).rejects.toBeInstanceOf(DingTalkConfigError);
    await expect(c.sendRobotToGroup('cid', { type: 'text', text: 'x' }, 'another-robot')).rejects.toBeInstanceOf(DingTalkRequestRejected);
    expect(sim.robotSends).toHaveLength(0);
  });
});

describe('sessionWebhook', () => {
  test('posts the webhook-shaped message while the session is valid', async () => {
    const { url, session } = sim.createSessionWebhook(Date.now() + 60_000);
    await client().postToSessionWebhook(url, {
      type: 'card',
      card: { title: '华为', fields: [{ label: '阶段', value: '赢单' }], links: [{ label: '打开', url: 'https://crm.example.com/c/1' }] },
    });
    expect(sim.sessionMessages).toEqual([
      {
        session,
        body: {
          msgtype: 'actionCard',
          actionCard: { title: '华为', text: '### 华为\n\n**阶段**: 赢单', singleTitle: '打开', singleURL: 'https://crm.example.com/c/1' },
        },
      },
    ]);
    // No token needed on a session webhook.
    expect(calls('/gettoken')).toBe(0);
  });

  test('an expired session (errcode 300001) → SessionWebhookUnusable, not retried', async () => {
    const { url } = sim.createSessionWebhook(Date.now() - 1);
    const error = await client().postToSessionWebhook(url, { type: 'text', text: 'late' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionWebhookUnusable);
    expect((error as SessionWebhookUnusable).code).toBe('300001');
    expect(calls('/robot/sendBySession')).toBe(1);
  });

  test('a webhook URL on another host is never called', async () => {
    await expect(client().postToSessionWebhook('http://127.0.0.2:9/robot/sendBySession?session=x', { type: 'text', text: 'x' })).rejects.toBeInstanceOf(InvalidInput);
    await expect(client().postToSessionWebhook('not a url', { type: 'text', text: 'x' })).rejects.toBeInstanceOf(InvalidInput);
  });
});
