import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { devAuthModule } from '../../src/features/auth/dev-auth-module.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { queueAdminModule } from '../../src/features/queue-admin/queue-admin-module.js';
import { PermanentHandlerError } from '../../src/queue/inbox/permanent-handler-error.js';
import { createLogger } from '../../src/logger.js';
import type { InboundEvent } from '../../src/messaging/inbound-event.js';
import type { QueueOptions } from '../../src/queue/queue-options.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

const logger = createLogger('silent');
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let tenantId: string;
let admin: string;
let sales: string;
let otherAdmin: string;
let fixed = false;
let handled = 0;

beforeAll(async () => {
  db = await useTestDatabase();
  // Only what this API needs, so the handler registered below cannot collide with a feature's.
  app = await startTestApp({ modules: [devAuthModule, queueAdminModule] });
  tenantId = app.service.deps.defaultTenantId.toHexString();
  admin = await app.login('root', 'admin');
  sales = await app.login('alice', 'sales');
  otherAdmin = await app.login('mallory', 'admin', [], 'other-co');
  app.service.deps.inboxHandlers.on('unknown', async () => {
    handled++;
    if (!fixed) throw new PermanentHandlerError('customer service not configured');
  });
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const acceptInboundEvent = (e: InboundEvent) => app.service.deps.inbox.accept(e);
const drainInbox = (options: QueueOptions) => app.service.deps.inbox.drain(options);
const event = (dedupeKey: string, tenant = tenantId): InboundEvent<'unknown'> => ({
  tenantId: tenant,
  platform: 'wecom' as const,
  dedupeKey,
  kind: 'unknown',
  payload: { dedupeKey },
  receivedAt: new Date(),
});

describe('GET /api/admin/inbox', () => {
  test('lists dead events of the admin’s tenant, newest first, with cursor paging', async () => {
    for (let i = 0; i < 5; i++) await acceptInboundEvent(event(`dead-${i}`));
    await acceptInboundEvent(event('foreign', 'f00000000000000000000000'));
    await drainInbox({ logger });

    const first = await app.request('GET', '/api/admin/inbox?status=dead&limit=3', { token: admin });
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { dedupeKey: string }) => i.dedupeKey)).toEqual(['dead-4', 'dead-3', 'dead-2']);
    expect(first.body.items[0]).toMatchObject({ status: 'dead', attempts: 1, kind: 'unknown', lastError: 'PermanentHandlerError: customer service not configured' });
    const second = await app.request('GET', `/api/admin/inbox?status=dead&limit=3&cursor=${first.body.nextCursor}`, { token: admin });
    expect(second.body.items.map((i: { dedupeKey: string }) => i.dedupeKey)).toEqual(['dead-1', 'dead-0']);
    expect(second.body.nextCursor).toBeNull();
  });

  test('another tenant’s admin sees none of them', async () => {
    const res = await app.request('GET', '/api/admin/inbox?status=dead', { token: otherAdmin });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  test('admins only; bad queries are 400', async () => {
    expect((await app.request('GET', '/api/admin/inbox')).status).toBe(401);
    expect((await app.request('GET', '/api/admin/inbox', { token: sales })).status).toBe(403);
    expect((await app.request('GET', '/api/admin/inbox?status=bogus', { token: admin })).status).toBe(400);
    expect((await app.request('GET', '/api/admin/inbox?cursor=%7B%22%24gt%22%3A%22%22%7D', { token: admin })).status).toBe(400);
    expect((await app.request('GET', '/api/admin/inbox?status=dead&status=done', { token: admin })).status).toBe(400);
    expect((await app.request('GET', '/api/admin/inbox?limit=1000', { token: admin })).status).toBe(400);
  });
});

describe('POST /api/admin/inbox/:id/replay', () => {
  test('replays a dead event, which is then processed; the replay is audited', async () => {
    const { id } = await acceptInboundEvent(event('replay-me'));
    await drainInbox({ logger });
    expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'dead' });

    expect((await app.request('POST', `/api/admin/inbox/${id}/replay`, { token: sales })).status).toBe(403);
    expect((await app.request('POST', `/api/admin/inbox/${id}/replay`, { token: otherAdmin })).status).toBe(404);
    expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'dead' });

    fixed = true;
    const before = handled;
    const res = await app.request('POST', `/api/admin/inbox/${id}/replay`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, status: 'pending' });
    expect(await AuditLog.countDocuments({ action: 'inbox.replay', entityId: id })).toBe(1);

    await drainInbox({ logger });
    expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'done', attempts: 1 });
    expect(handled).toBe(before + 1);

    const again = await app.request('POST', `/api/admin/inbox/${id}/replay`, { token: admin });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBeDefined();
    expect((await app.request('POST', '/api/admin/inbox/nope/replay', { token: admin })).status).toBe(404);
  });
});

test('the service’s background worker processes accepted events (as main starts it)', async () => {
  fixed = true;
  const stop = await app.service.startBackground();
  try {
    const { id } = await acceptInboundEvent(event('background'));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await InboxEvent.findById(id).lean())!.status !== 'done') {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'done' });
  } finally {
    await stop();
  }
});

test('the /metrics gauge counts dead events across tenants', async () => {
  const dead = await InboxEvent.countDocuments({ status: 'dead' });
  expect(dead).toBeGreaterThan(0);
  const text = await app.service.deps.metrics.getSingleMetricAsString('chatcrm_inbox_events');
  expect(text).toContain(`chatcrm_inbox_events{status="dead"} ${dead}`);
});
