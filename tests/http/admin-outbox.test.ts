import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { devAuthModule } from '../../src/features/auth/dev-auth-module.js';
import { createLogger } from '../../src/logger.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { queueAdminModule } from '../../src/features/queue-admin/queue-admin-module.js';
import type { OutboundMessage } from '../../src/messaging/outbound-message.js';
import type { QueueOptions } from '../../src/queue/queue-options.js';
import { httpSender, startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

const logger = createLogger('silent');
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let server: CaptureServer;
let tenantId: string;
let admin: string;
let manager: string;
let otherAdmin: string;

const enqueueOutbound = (m: OutboundMessage) => app.service.deps.outbox.enqueue(m);
const drainOutbox = (options: QueueOptions) => app.service.deps.outbox.drain(options);

beforeAll(async () => {
  db = await useTestDatabase();
  server = await startCaptureServer();
  // Only what this API needs, so the sender registered below cannot collide with a channel's.
  app = await startTestApp({ modules: [devAuthModule, queueAdminModule] });
  tenantId = app.service.deps.defaultTenantId.toHexString();
  admin = await app.login('root', 'admin');
  manager = await app.login('carol', 'manager', ['east']);
  otherAdmin = await app.login('mallory', 'admin', [], 'other-co');
  app.service.deps.outboundSenders.add('wecom', httpSender(server.url));
});
afterAll(async () => {
  await app.close();
  await server.close();
  await db.drop();
});

const message = (text: string, tenant = tenantId): OutboundMessage => ({
  tenantId: tenant,
  platform: 'wecom',
  to: { type: 'user', platformUserId: 'zhangsan' },
  body: { type: 'markdown', title: 'Daily digest', markdown: text },
});

describe('GET /api/admin/outbox', () => {
  test('lists the tenant’s dead messages with their last error, paged', async () => {
    server.script.push(...Array.from({ length: 4 }, () => ({ status: 400, body: { error: 'invalid touser' } })));
    for (let i = 0; i < 3; i++) await enqueueOutbound(message(`m${i}`));
    await enqueueOutbound(message('foreign', 'f00000000000000000000000'));
    await drainOutbox({ logger });

    const first = await app.request('GET', '/api/admin/outbox?status=dead&limit=2', { token: admin });
    expect(first.status).toBe(200);
    expect(first.body.items.map((m: { body: { markdown: string } }) => m.body.markdown)).toEqual(['m2', 'm1']);
    expect(first.body.items[0]).toMatchObject({
      status: 'dead',
      attempts: 1,
      to: { type: 'user', platformUserId: 'zhangsan' },
      lastError: 'PermanentSendError: rejected: invalid touser',
      dedupeKey: null,
    });
    const second = await app.request('GET', `/api/admin/outbox?status=dead&limit=2&cursor=${first.body.nextCursor}`, { token: admin });
    expect(second.body.items.map((m: { body: { markdown: string } }) => m.body.markdown)).toEqual(['m0']);
    expect(second.body.nextCursor).toBeNull();

    expect((await app.request('GET', '/api/admin/outbox?status=dead', { token: otherAdmin })).body.items).toEqual([]);
  });

  test('admins only; bad queries are 400', async () => {
    expect((await app.request('GET', '/api/admin/outbox')).status).toBe(401);
    expect((await app.request('GET', '/api/admin/outbox', { token: manager })).status).toBe(403);
    expect((await app.request('GET', '/api/admin/outbox?status=done', { token: admin })).status).toBe(400);
    expect((await app.request('GET', '/api/admin/outbox?extra=1', { token: admin })).status).toBe(400);
  });
});

describe('POST /api/admin/outbox/:id/retry', () => {
  test('retries a dead message, which is then delivered once; the retry is audited; sent messages cannot be retried', async () => {
    server.script.push({ status: 400, body: { error: 'invalid touser' } });
    const id = await enqueueOutbound(message('retry me'));
    await drainOutbox({ logger });
    expect(await OutboxMessage.findById(id).lean()).toMatchObject({ status: 'dead' });

    expect((await app.request('POST', `/api/admin/outbox/${id}/retry`, { token: manager })).status).toBe(403);
    expect((await app.request('POST', `/api/admin/outbox/${id}/retry`, { token: otherAdmin })).status).toBe(404);
    expect(await OutboxMessage.findById(id).lean()).toMatchObject({ status: 'dead' });

    const res = await app.request('POST', `/api/admin/outbox/${id}/retry`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, status: 'pending' });
    expect(await AuditLog.countDocuments({ action: 'outbox.retry', entityId: id })).toBe(1);

    const deliveredBefore = server.delivered.length;
    await drainOutbox({ logger });
    expect(await OutboxMessage.findById(id).lean()).toMatchObject({ status: 'sent', attempts: 1 });
    expect(server.delivered.slice(deliveredBefore).map((d) => d.id)).toEqual([id]);

    expect((await app.request('POST', `/api/admin/outbox/${id}/retry`, { token: admin })).status).toBe(409);
    await drainOutbox({ logger });
    expect(server.delivered.filter((d) => d.id === id)).toHaveLength(1);
  });
});

test('the module’s background worker sends enqueued messages (as main starts it)', async () => {
  const stop = await app.service.startBackground();
  try {
    const id = await enqueueOutbound(message('from the worker'));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await OutboxMessage.findById(id).lean())!.status !== 'sent') {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await OutboxMessage.findById(id).lean()).toMatchObject({ status: 'sent' });
  } finally {
    await stop();
  }
});
