import type { OriginOf } from '../../../src/messaging/inbound-event.js';
import { Types } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createStaffLeftHandler, createStaffSyncHandler } from '../../../src/channels/dingtalk/handle-staff-change.js';
import { createDingTalkRuntime, type DingTalkRuntime } from '../../../src/channels/dingtalk/dingtalk-settings.js';
import { createDingTalkSender } from '../../../src/channels/dingtalk/send-dingtalk-message.js';
import { systemActor } from '../../../src/crm/actor.js';
import { Activity } from '../../../src/crm/models/activity.js';
import { AuditLog } from '../../../src/crm/models/audit-log.js';
import { Customer } from '../../../src/crm/models/customer.js';
import { Staff } from '../../../src/crm/models/staff.js';
import { upsertStaff } from '../../../src/crm/staff/upsert-staff.js';
import type { StoredInboxEvent } from '../../../src/queue/inbox/inbox-event-model.js';
import { PermanentHandlerError } from '../../../src/queue/inbox/permanent-handler-error.js';
import type { StoredOutboxMessage } from '../../../src/queue/outbox/outbox-message-model.js';
import { PermanentSendError, RetryLaterError } from '../../../src/queue/outbox/send-errors.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../../support/simulators/dingtalk/dingtalk-simulator.js';
import { useTestDatabase } from '../../support/test-db.js';
import { dingtalkRuntimeOnSimulator } from '../../support/simulators/dingtalk/dingtalk-runtime-on-simulator.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: DingTalkSimulator;
let runtime: DingTalkRuntime;
const tenantId = new Types.ObjectId();

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startDingTalkSimulator();
  runtime = dingtalkRuntimeOnSimulator(sim, tenantId);
});
afterAll(async () => {
  await sim.close();
  await db.drop();
});
beforeEach(() => sim.reset());

function staffEvent<K extends 'staff.added' | 'staff.updated' | 'staff.left'>(kind: K, userIds: string[]): StoredInboxEvent<K> {
  return {
    id: new Types.ObjectId().toHexString(),
    tenantId: tenantId.toHexString(),
    platform: 'dingtalk' as OriginOf<K>,
    dedupeKey: `k-${Math.random()}`,
    kind,
    payload: { eventType: 'x', userIds } as StoredInboxEvent<K>['payload'],
    receivedAt: new Date(),
    status: 'processing',
    attempts: 1,
  };
}

function outbox(to: StoredOutboxMessage['to']): StoredOutboxMessage {
  return {
    id: new Types.ObjectId().toHexString(),
    tenantId: tenantId.toHexString(),
    platform: 'dingtalk',
    to,
    body: { type: 'text', text: `hello ${Math.random()}` },
    attempts: 1,
    createdAt: new Date(),
  };
}

describe('staff handlers', () => {
  test('a departure handled twice deactivates once, flags each customer once and writes one note each', async () => {
    const staff = await Staff.create({ tenantId, userId: 'dt-left', name: '离职者', role: 'sales' });
    const other = await Staff.create({ tenantId, userId: 'dt-stays', name: '在职者', role: 'sales' });
    const base = { tenantId, stage: 'lead', searchText: 'x' };
    await Customer.create([
      { ...base, code: 'C1', name: 'A', ownerId: staff._id },
      { ...base, code: 'C2', name: 'B', ownerId: staff._id },
      { ...base, code: 'C3', name: 'C', ownerId: other._id },
      { ...base, code: 'C4', name: 'D', ownerId: staff._id, deletedAt: new Date() },
    ]);
    const handler = createStaffLeftHandler();
    await handler(staffEvent('staff.left', ['dt-left', 'nobody-we-know']));
    await handler(staffEvent('staff.left', ['dt-left']));
    expect((await Staff.findById(staff._id).lean())?.active).toBe(false);
    expect((await Staff.findById(other._id).lean())?.active).toBe(true);
    const byCode = Object.fromEntries((await Customer.find({ tenantId }).lean()).map((c) => [c.code, Boolean(c.needsTransfer)]));
    expect(byCode).toEqual({ C1: true, C2: true, C3: false, C4: false });
    expect(await Activity.countDocuments({ tenantId, type: 'note', 'data.reason': 'owner_left' })).toBe(2);
    expect(await AuditLog.countDocuments({ tenantId, action: 'customer.flag_transfer' })).toBe(2);
    expect(await AuditLog.countDocuments({ tenantId, action: 'staff.update', entityId: staff._id })).toBe(1);
  });

  test('an added person already known by mobile is linked, keeps role and departments of the other platform', async () => {
    await upsertStaff(systemActor(tenantId, 'api'), tenantId, { userId: 'wecom-m', name: '旧名', mobile: '+86 139 0000 0077', role: 'manager', departments: ['wecom-dept'] });
    sim.addUser({ userid: 'dt-m', name: '新名', mobile: '13900000077', deptIds: [5] });
    await createStaffSyncHandler(() => runtime)(staffEvent('staff.added', ['dt-m']));
    const linked = await Staff.find({ tenantId, $or: [{ userId: 'wecom-m' }, { userId: 'dt-m' }] }).lean();
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ userId: 'wecom-m', dingtalkUserId: 'dt-m', name: '新名', role: 'manager', departments: ['wecom-dept'] });
  });

  test('a person DingTalk no longer knows is skipped; missing permission is permanent, throttling is retried', async () => {
    const handler = createStaffSyncHandler(() => runtime);
    await handler(staffEvent('staff.updated', ['ghost']));
    expect(await Staff.countDocuments({ tenantId, userId: 'ghost' })).toBe(0);
    sim.injectErrors('/topapi/v2/user/get', 'no_permission');
    await expect(handler(staffEvent('staff.updated', ['dt-m']))).rejects.toBeInstanceOf(PermanentHandlerError);
    sim.injectErrors('/topapi/v2/user/get', 'throttled');
    await expect(handler(staffEvent('staff.updated', ['dt-m']))).rejects.not.toBeInstanceOf(PermanentHandlerError);
  });
});

describe('outbox sender', () => {
  const send = (now = Date.now) => createDingTalkSender(() => runtime, now);

  test('a webhook about to expire is not used: the reply goes through the OpenAPI', async () => {
    const { url } = sim.createSessionWebhook(Date.now() + 10_000);
    sim.addUser({ userid: 'dt-x', name: 'X' });
    await send()(outbox({ type: 'session_webhook', url, expiresAt: new Date(Date.now() + 10_000).toISOString(), conversationType: 'single', platformUserId: 'dt-x' }));
    expect(sim.sessionMessages).toHaveLength(0);
    expect(sim.robotSends).toMatchObject([{ kind: 'oto', userIds: ['dt-x'] }]);
  });

  test('an expired webhook with nowhere to fall back to is a permanent failure', async () => {
    const target = { type: 'session_webhook' as const, url: `${sim.baseUrl}/robot/sendBySession?session=x`, expiresAt: new Date(0).toISOString(), conversationType: 'single' as const };
    await expect(send()(outbox(target))).rejects.toBeInstanceOf(PermanentSendError);
  });

  test('chat targets go to the group; rate limits become RetryLaterError; config errors are permanent', async () => {
    const result = await send()(outbox({ type: 'chat', chatId: 'cidABC==' }));
    expect(result.providerMessageId).toMatch(/^pqk_/);
    expect(sim.robotSends).toMatchObject([{ kind: 'group', openConversationId: 'cidABC==' }]);
    sim.injectErrors('/v1.0/robot', 'throttled');
    const limited = await send()(outbox({ type: 'chat', chatId: 'cidABC==' })).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RetryLaterError);
    expect((limited as RetryLaterError).retryAfterMs).toBeGreaterThan(0);
    sim.injectErrors('/v1.0/robot', 'no_permission');
    await expect(send()(outbox({ type: 'chat', chatId: 'cidABC==' }))).rejects.toBeInstanceOf(PermanentSendError);
  });

  test('an unknown 1:1 recipient is a permanent failure, and a missing app config too', async () => {
    await expect(send()(outbox({ type: 'session_webhook', url: `${sim.baseUrl}/robot/sendBySession?session=x`, expiresAt: new Date(0).toISOString(), platformUserId: 'not-in-dingtalk' }))).rejects.toBeInstanceOf(PermanentSendError);
    const unconfigured = createDingTalkSender(() => createDingTalkRuntime({ tenantId: tenantId.toHexString(), apiBase: sim.baseUrl, openApiBase: sim.baseUrl }));
    await expect(unconfigured(outbox({ type: 'chat', chatId: 'c' }))).rejects.toBeInstanceOf(PermanentSendError);
  });
});
