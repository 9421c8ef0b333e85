import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AccessTokenModel } from '../../../src/channels/shared/access-token-cache.js';
import {
  WecomApiError,
  WecomConfigurationError,
  WecomRateLimitError,
  WecomUnreachable,
} from '../../../src/channels/wecom/api/api-errors.js';
import { createWecomApiClient, type WecomApiClientOptions } from '../../../src/channels/wecom/api/wecom-api-client.js';
import { Unauthenticated } from '../../../src/errors.js';
import { useTestDatabase } from '../../support/test-db.js';
import { seedDirectory } from '../../support/simulators/wecom/seed-directory.js';
import { startWecomSimulator, type WecomSimulator } from '../../support/simulators/wecom/wecom-simulator.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;
const sleeps: number[] = [];

beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());

beforeEach(async () => {
  await AccessTokenModel.deleteMany({});
  sim = await startWecomSimulator();
  sleeps.length = 0;
});
afterEach(() => sim.close());

function client(overrides: Partial<WecomApiClientOptions> = {}) {
  return createWecomApiClient({
    baseUrl: sim.baseUrl,
    corpId: sim.corpId,
    secret: sim.secret,
    agentId: sim.agentId,
    timeoutMs: 2_000,
    busyRetryBaseMs: 100,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('access tokens', () => {
  test('one gettoken for two client instances and many concurrent calls', async () => {
    sim.addStaff({ userid: 'zhangsan', name: '张三', department: [1] });
    const a = client();
    const b = client();
    await Promise.all([...Array(10)].map((_, i) => (i % 2 ? a : b).getUser('zhangsan')));
    await a.getFollowUserList();
    await b.getFollowUserList();
    expect(sim.callCount('gettoken')).toBe(1);
    expect(sim.callCount('user/get')).toBe(10);
    expect(await AccessTokenModel.countDocuments()).toBe(1);
  });

  test('the token stored in MongoDB is not the secret and the secret is not in the key', async () => {
    await client().getFollowUserList();
    const doc = await AccessTokenModel.findOne().lean();
    expect(doc?._id).not.toContain(sim.secret);
    expect(JSON.stringify(doc)).not.toContain(sim.secret);
  });

  test('tokens invalidated early by WeCom are refetched transparently mid-run', async () => {
    sim.addStaff({ userid: 'u1', name: 'U1', department: [1] });
    const c = client();
    await c.getUser('u1');
    sim.invalidateTokens();
    await expect(c.getUser('u1')).resolves.toMatchObject({ userid: 'u1' });
    // The other instance picks up the refreshed token from MongoDB without another gettoken.
    await expect(client().getUser('u1')).resolves.toMatchObject({ name: 'U1' });
    expect(sim.callCount('gettoken')).toBe(2);
    expect(sim.callCount('user/get')).toBe(4);
  });

  test('an expired token (42001) is refetched once', async () => {
    sim.addStaff({ userid: 'u1', name: 'U1', department: [1] });
    const c = client();
    await c.getUser('u1');
    sim.advanceClock(7201 * 1000);
    await expect(c.getUser('u1')).resolves.toMatchObject({ userid: 'u1' });
    expect(sim.callCount('gettoken')).toBe(2);
  });

  test('refreshes within the 5-minute margin before expiry, without a failed call first', async () => {
    sim.addStaff({ userid: 'u1', name: 'U1', department: [1] });
    let now = Date.now();
    const c = client({ now: () => now });
    await c.getUser('u1');
    now += (7200 - 600) * 1000;
    await c.getUser('u1');
    expect(sim.callCount('gettoken')).toBe(1);
    now += 301 * 1000; // 299 s left: inside the margin
    await c.getUser('u1');
    expect(sim.callCount('gettoken')).toBe(2);
    expect(sim.callCount('user/get')).toBe(3);
  });

  test('40014 twice in a row: one refetch, one retry, then a clear error — no loop', async () => {
    const c = client();
    await c.getFollowUserList();
    sim.resetCalls();
    sim.failNext('externalcontact/get_follow_user_list', 40014, 5);
    const error = await caught(c.getFollowUserList());
    expect(error).toBeInstanceOf(WecomApiError);
    expect((error as WecomApiError).errcode).toBe(40014);
    expect(sim.callCount('externalcontact/get_follow_user_list')).toBe(2);
    expect(sim.callCount('gettoken')).toBe(1);
  });
});

describe('configuration errors', () => {
  test('a wrong secret (40001) says what to fix, is asked once, and fails fast afterwards', async () => {
    const c = client({ secret: 'wrong-secret' });
    const error = await caught(c.getFollowUserList());
    expect(error).toBeInstanceOf(WecomConfigurationError);
    expect(error.message).toMatch(/WECOM_SECRET/);
    expect(error.message).not.toContain('wrong-secret');
    expect((error as WecomConfigurationError).retryable).toBe(false);
    await expect(c.getFollowUserList()).rejects.toBeInstanceOf(WecomConfigurationError);
    await expect(c.getUser('x')).rejects.toBeInstanceOf(WecomConfigurationError);
    expect(sim.callCount('gettoken')).toBe(1);
    expect(sim.callCount('externalcontact/get_follow_user_list')).toBe(0);
  });

  test('a wrong corp id is 40013 → WECOM_CORP_ID', async () => {
    const error = await caught(client({ corpId: 'wwnotmine' }).getFollowUserList());
    expect(error).toBeInstanceOf(WecomConfigurationError);
    expect((error as WecomConfigurationError).errcode).toBe(40013);
    expect(error.message).toMatch(/WECOM_CORP_ID/);
  });

  test('after the cooldown the token is asked for again (the admin may have fixed it)', async () => {
    let now = Date.now();
    const c = client({ now: () => now, configErrorCooldownMs: 60_000 });
    sim.failNext('gettoken', 40091);
    await expect(c.getFollowUserList()).rejects.toThrow(/WECOM_SECRET/);
    await expect(c.getFollowUserList()).rejects.toBeInstanceOf(WecomConfigurationError);
    now += 61_000;
    await expect(c.getFollowUserList()).resolves.toEqual([]);
    expect(sim.callCount('gettoken')).toBe(2);
  });

  test.each([
    [60020, /trusted IP/],
    [48002, /可调用接口的应用/],
  ])('%i on an API call is a configuration error, not retried', async (errcode, hint) => {
    const c = client();
    await c.getFollowUserList();
    sim.resetCalls();
    sim.failNext('externalcontact/get_follow_user_list', errcode, 10);
    const error = await caught(c.getFollowUserList());
    expect(error).toBeInstanceOf(WecomConfigurationError);
    expect(error.message).toMatch(hint);
    expect(sim.callCount('externalcontact/get_follow_user_list')).toBe(1);
    expect(sim.callCount('gettoken')).toBe(0);
  });
});

describe('transient errors', () => {
  test('-1 (system busy) is retried with exponential backoff and then succeeds', async () => {
    const c = client();
    sim.failNext('externalcontact/get_follow_user_list', -1, 2);
    await expect(c.getFollowUserList()).resolves.toEqual([]);
    expect(sim.callCount('externalcontact/get_follow_user_list')).toBe(3);
    expect(sleeps).toEqual([100, 200]);
  });

  test('-1 four times: three retries, then a retryable error', async () => {
    const c = client();
    sim.failNext('externalcontact/get_follow_user_list', -1, 4);
    const error = await caught(c.getFollowUserList());
    expect(error).toBeInstanceOf(WecomApiError);
    expect((error as WecomApiError).retryable).toBe(true);
    expect(sim.callCount('externalcontact/get_follow_user_list')).toBe(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  test('-1 on gettoken is retried too', async () => {
    sim.failNext('gettoken', -1, 1);
    await expect(client().getFollowUserList()).resolves.toEqual([]);
    expect(sim.callCount('gettoken')).toBe(2);
  });

  test.each([
    [45009, 60_000],
    [45033, 2_000],
  ])('%i → a rate-limit error with a delay, no hammering', async (errcode, retryAfterMs) => {
    const c = client();
    sim.failNext('message/send', errcode, 3);
    sim.addStaff({ userid: 'u1', name: 'U1', department: [1] });
    const error = await caught(c.sendMessage({ touser: ['u1'] }, { msgtype: 'text', text: { content: 'hi' } }));
    expect(error).toBeInstanceOf(WecomRateLimitError);
    expect((error as WecomRateLimitError).retryAfterMs).toBe(retryAfterMs);
    expect(sim.callCount('message/send')).toBe(1);
    expect(sim.sent).toHaveLength(0);
  });

  test('a slow API times out within the deadline and leaks neither token nor secret', async () => {
    const c = client({ timeoutMs: 300 });
    const token = await c.getAccessToken();
    sim.delayNext('externalcontact/get_follow_user_list', 1_500);
    const started = Date.now();
    const error = await caught(c.getFollowUserList());
    expect(Date.now() - started).toBeLessThan(1_200);
    expect(error).toBeInstanceOf(WecomUnreachable);
    expect(error.message).toMatch(/timed out after 300 ms/);
    const everything = JSON.stringify({ m: error.message, s: error.stack, c: (error as { cause?: unknown }).cause ?? null });
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(sim.secret);
  });

  test('a slow gettoken times out too', async () => {
    sim.delayNext('gettoken', 1_500);
    await expect(client({ timeoutMs: 300 }).getFollowUserList()).rejects.toBeInstanceOf(WecomUnreachable);
  });

  test('an unreachable host is a WecomUnreachable error', async () => {
    const base = sim.baseUrl;
    await sim.close();
    await expect(client({ baseUrl: base }).getFollowUserList()).rejects.toBeInstanceOf(WecomUnreachable);
    sim = await startWecomSimulator();
  });
});

describe('customer contact APIs', () => {
  test('externalcontact/get follows the cursor until every follow user is read', async () => {
    sim.followUserPageSize = 2;
    sim.addContact({ external_userid: 'wmX', name: '王五', type: 1, unionid: 'ou1' });
    for (let i = 0; i < 5; i++) {
      sim.addStaff({ userid: `s${i}`, name: `S${i}`, department: [1] });
      sim.addFollow({ userid: `s${i}`, external_userid: 'wmX', createtime: 1_700_000_000 + i, remark: `r${i}`, remark_mobiles: ['13800000000'] });
    }
    const detail = await client().getExternalContact('wmX');
    expect(detail.externalContact).toMatchObject({ external_userid: 'wmX', name: '王五', unionid: 'ou1', type: 1 });
    expect(detail.followUsers.map((f) => f.userid)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(sim.callCount('externalcontact/get')).toBe(3);
  });

  test('an unknown external user is WeCom\'s 40096, not retried', async () => {
    const error = await caught(client().getExternalContact('wmNope'));
    expect(error).toMatchObject({ errcode: 40096, retryable: false });
  });

  test('batch/get_by_user pages through a seeded directory with cursors', async () => {
    const seed = seedDirectory(sim, { staff: 20, contacts: 300 });
    const c = client();
    const staff = await c.getFollowUserList();
    expect(staff).toHaveLength(20);
    let cursor: string | undefined;
    let rows = 0;
    const pairs = new Set<string>();
    do {
      const page = await c.batchGetByUser({ userIds: staff, cursor, limit: 100 });
      rows += page.items.length;
      for (const item of page.items) pairs.add(`${item.follow_info.userid}/${item.external_contact.external_userid}`);
      cursor = page.nextCursor;
    } while (cursor);
    expect(rows).toBe(seed.followCount);
    expect(pairs.size).toBe(seed.followCount);
  });

  test('corp tag list', async () => {
    seedDirectory(sim, { staff: 1, contacts: 1 });
    const groups = await client().getCorpTagList();
    expect(groups.map((g) => g.group_name)).toEqual(['客户等级', '来源']);
    expect((await client().getCorpTagList({ groupIds: ['grp-source'] }))[0]?.tag.map((t) => t.name)).toEqual(['展会', '官网']);
  });
});

describe('messages, tickets, identity', () => {
  test('message/send asks for the duplicate check only when told: then the same message twice is delivered once', async () => {
    sim.addStaff({ userid: 'u1', name: 'U1', department: [1] });
    const c = client();
    const content = { msgtype: 'markdown' as const, markdown: { content: '**日报** 3 位客户待跟进' } };
    await c.sendMessage({ touser: ['u1'] }, content);
    await c.sendMessage({ touser: ['u1'] }, content);
    expect(sim.deliveredMessages()).toHaveLength(2);
    expect(sim.sent[0]?.body).toMatchObject({ agentid: sim.agentId, enable_duplicate_check: 0, touser: 'u1', msgtype: 'markdown' });
    sim.sent.length = 0;
    await c.sendMessage({ touser: ['u1'] }, content, { duplicateCheckIntervalSeconds: 600 });
    await c.sendMessage({ touser: ['u1'] }, content, { duplicateCheckIntervalSeconds: 600 });
    expect(sim.sent).toHaveLength(2);
    expect(sim.deliveredMessages()).toHaveLength(1);
    expect(sim.sent[0]?.body).toMatchObject({ enable_duplicate_check: 1, duplicate_check_interval: 600 });
  });

  test('partly invalid recipients are reported; all invalid is 81013', async () => {
    sim.addStaff({ userid: 'u1', name: 'U1', department: [1] });
    const c = client();
    const result = await c.sendMessage({ touser: ['u1', 'Ghost'] }, { msgtype: 'text', text: { content: 'hi' } });
    expect(result.invaliduser).toBe('ghost');
    await expect(c.sendMessage({ touser: ['Ghost'] }, { msgtype: 'text', text: { content: 'hi' } })).rejects.toMatchObject({ errcode: 81013 });
  });

  test('tickets are cached in MongoDB per kind and shared across instances', async () => {
    const a = client();
    const b = client();
    const corp = await a.getJsapiTicket();
    const agent = await a.getAgentConfigTicket();
    expect(corp).not.toBe(agent);
    expect(await b.getJsapiTicket()).toBe(corp);
    expect(await b.getAgentConfigTicket()).toBe(agent);
    expect(sim.callCount('get_jsapi_ticket')).toBe(1);
    expect(sim.callCount('ticket/get')).toBe(1);
    expect(sim.callCount('gettoken')).toBe(1);
  });

  test('a ticket call with an invalidated token refreshes the token first', async () => {
    const c = client();
    await c.getAccessToken();
    sim.invalidateTokens();
    await expect(c.getJsapiTicket()).resolves.toMatch(/^corp-/);
    expect(sim.callCount('get_jsapi_ticket')).toBe(2);
  });

  test('OAuth codes are single use and expire after 5 minutes', async () => {
    sim.addStaff({ userid: 'zhangsan', name: '张三', department: [2] });
    const c = client();
    const code = sim.issueOAuthCode({ userid: 'zhangsan' });
    await expect(c.getUserInfoByCode(code)).resolves.toMatchObject({ userid: 'zhangsan' });
    await expect(c.getUserInfoByCode(code)).rejects.toBeInstanceOf(Unauthenticated);
    const late = sim.issueOAuthCode({ userid: 'zhangsan' });
    sim.advanceClock(5 * 60_000 + 1_000);
    await expect(c.getUserInfoByCode(late)).rejects.toBeInstanceOf(Unauthenticated);
    const outsider = sim.issueOAuthCode({ openid: 'oX', external_userid: 'wmY' });
    await expect(c.getUserInfoByCode(outsider)).resolves.toEqual({ openid: 'oX', external_userid: 'wmY', errcode: 0, errmsg: 'ok' });
  });

  test('user/get returns name and departments; unknown users are 60111', async () => {
    sim.addStaff({ userid: 'zhangsan', name: '张三', department: [2, 3] });
    const c = client();
    await expect(c.getUser('zhangsan')).resolves.toMatchObject({ userid: 'zhangsan', name: '张三', department: [2, 3] });
    await expect(c.getUser('nobody')).rejects.toMatchObject({ errcode: 60111 });
  });
});
