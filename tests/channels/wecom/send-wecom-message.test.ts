import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createWecomApiClient } from '../../../src/channels/wecom/api/wecom-api-client.js';
import { createWecomSender } from '../../../src/channels/wecom/send-wecom-message.js';
import { AccessTokenModel } from '../../../src/channels/shared/access-token-cache.js';
import type { StoredOutboxMessage } from '../../../src/queue/outbox/outbox-message-model.js';
import { PermanentSendError, RetryLaterError } from '../../../src/queue/outbox/send-errors.js';
import { useTestDatabase } from '../../support/test-db.js';
import { startWecomSimulator, type WecomSimulator } from '../../support/simulators/wecom/wecom-simulator.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;

beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());
beforeEach(async () => {
  await AccessTokenModel.deleteMany({});
  sim = await startWecomSimulator();
  sim.addStaff({ userid: 'ZhangSan', name: '张三', department: [1] });
});
afterEach(() => sim.close());

function sender(overrides: { secret?: string } = {}) {
  const client = createWecomApiClient({
    baseUrl: sim.baseUrl,
    corpId: sim.corpId,
    secret: overrides.secret ?? sim.secret,
    agentId: sim.agentId,
    busyRetryBaseMs: 1,
  });
  return createWecomSender(() => client);
}

const message = (over: Partial<StoredOutboxMessage> = {}): StoredOutboxMessage => ({
  id: 'm1',
  tenantId: 't1',
  platform: 'wecom',
  to: { type: 'user', platformUserId: 'ZhangSan' },
  body: { type: 'markdown', title: '日报', markdown: '今日 **3** 位客户待跟进\n'.repeat(200) },
  attempts: 1,
  createdAt: new Date(),
  ...over,
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('WeCom outbox sender', () => {
  test('renders within limits, sends without WeCom\'s duplicate check and returns the msgid', async () => {
    const result = await sender()(message());
    expect(result.providerMessageId).toMatch(/^[0-9a-f]+$/);
    const [sent] = sim.deliveredMessages();
    expect(sent!.body).toMatchObject({ touser: 'ZhangSan', msgtype: 'markdown', enable_duplicate_check: 0 });
    expect(Buffer.byteLength((sent!.body.markdown as { content: string }).content)).toBeLessThanOrEqual(2048);
  });

  test('two messages with the same content (the same answer an hour apart) are both delivered: idempotency is the outbox\'s', async () => {
    const send = sender();
    await send(message({ id: 'm1' }));
    sim.advanceClock(3_600_000);
    await send(message({ id: 'm2' }));
    expect(sim.deliveredMessages()).toHaveLength(2);
  });

  test('rate limits become RetryLaterError with WeCom\'s delay', async () => {
    sim.failNext('message/send', 45009);
    const error = await failure(sender()(message()));
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterMs).toBe(60_000);
  });

  test.each([
    ['a configuration error (wrong secret)', () => sender({ secret: 'bad' })(message())],
    ['an unknown recipient (81013)', () => sender()(message({ to: { type: 'user', platformUserId: 'ghost' } }))],
    ['a chat target the app cannot deliver to', () => sender()(message({ to: { type: 'chat', chatId: 'c1' } }))],
  ])('%s is permanent (dead at once, no loop)', async (_name, run) => {
    expect(await failure(run())).toBeInstanceOf(PermanentSendError);
  });

  test('a busy WeCom (-1 four times) is left to the outbox backoff', async () => {
    sim.failNext('message/send', -1, 4);
    const error = await failure(sender()(message()));
    expect(error).not.toBeInstanceOf(PermanentSendError);
    expect(error).not.toBeInstanceOf(RetryLaterError);
    expect(sim.callCount('message/send')).toBe(4);
  });
});
