import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiError, CancelledError, createHttpClient, NetworkError, TimeoutError } from '../../mini-app/src/api/http-client.js';
import { failureText } from '../../mini-app/src/boot/failure-text.js';
import { messages } from '../../mini-app/src/i18n/i18n.js';
import { en } from '../../mini-app/src/i18n/en.js';
import { zhCN } from '../../mini-app/src/i18n/zh-CN.js';
import { upcomingDays } from '../../mini-app/src/util/zoned-time.js';

// What the sidebar tells a user when an action fails: a sentence saying what to do, never the raw error.
let server: Server;
let origin: string;

beforeAll(async () => {
  // Answers /hang never, and anything else at once.
  server = createServer((req, res) => {
    if (req.url === '/hang') return;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  messages.value = zhCN;
});

const tokens = { current: () => 't', renew: async () => 't' };

describe('failureText', () => {
  test('a request with no answer in time is a TimeoutError and reads "too slow, try again" (not "signal is aborted")', async () => {
    const http = createHttpClient({ tokens, timeoutMs: 100 });
    const err = await http.post(`${origin}/hang`, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(failureText(err)).toBe('服务器响应太慢，请稍后重试。');
  });

  test('a request the page cancels (a retry replaced it) is a CancelledError, not a network failure', async () => {
    const http = createHttpClient({ tokens, timeoutMs: 5000 });
    const abort = new AbortController();
    const pending = http.post(`${origin}/hang`, {}, { signal: abort.signal }).catch((e: unknown) => e);
    setTimeout(() => abort.abort(), 50);
    expect(await pending).toBeInstanceOf(CancelledError);
  });

  test('every failure kind maps to a sentence in Chinese and in English', () => {
    const cases: [unknown, string, string][] = [
      [new NetworkError('Failed to fetch'), '网络连接失败，请检查网络后重试。', 'No connection. Check your network and try again.'],
      [new ApiError(401, 'unauthenticated', 'invalid token'), '登录已过期，请关闭侧边栏后重新打开。', 'Your session has expired. Close the sidebar and open it again.'],
      [new ApiError(403, 'forbidden', 'requires role manager'), '你没有权限做这个操作，请联系客户负责人或管理员。', 'You are not allowed to do this. Ask the client’s owner or an admin.'],
      [new ApiError(409, 'conflict', 'stale version'), '数据刚被修改过，请刷新后重试。', 'Someone just changed this. Refresh and try again.'],
      [new ApiError(503, 'unavailable', 'database unavailable'), '服务器暂时无法完成请求，请稍后重试。', 'The server could not finish this right now. Please try again shortly.'],
      [
        new ApiError(400, 'invalid', 'invalid input: phones.0: not a phone number', [{ path: 'phones.0', message: 'not a phone number' }]),
        '「电话」不是有效的电话号码（例如 13800138000），请修改后重试。',
        '“Phone” is not a phone number (e.g. 13800138000). Please correct it and try again.',
      ],
      [new ApiError(400, 'invalid', 'invalid input: amount: must be greater than 0'), '「金额」金额不对（须为正数），请修改后重试。', '“Amount” must be a positive amount. Please correct it and try again.'],
      [new ApiError(400, 'invalid', 'invalid input: weird: nope'), '填写的内容有误，请检查后重试。', 'Something in the form is not right. Check it and try again.'],
    ];
    for (const [err, zh, english] of cases) {
      messages.value = zhCN;
      expect(failureText(err)).toBe(zh);
      messages.value = en;
      expect(failureText(err)).toBe(english);
    }
  });
});

describe('the picker’s days', () => {
  test('weeks start on Monday: from a Wednesday, the Tuesday 6 days on is 下周二; from a Sunday, tomorrow starts next week', () => {
    const wed = upcomingDays(new Date('2025-03-12T04:00:00Z'), 'Asia/Shanghai', 14);
    const tuesday = wed.find((d) => d.weekday === 2 && d.week === 1)!;
    expect([tuesday.month, tuesday.day, tuesday.offset]).toEqual([3, 18, 6]);
    const sun = upcomingDays(new Date('2025-03-16T04:00:00Z'), 'Asia/Shanghai', 3);
    expect(sun.map((d) => [d.weekday, d.week])).toEqual([[0, 0], [1, 1], [2, 1]]);
  });
});
