import type { OriginOf } from '../../../src/messaging/inbound-event.js';
import { Types } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { DingTalkRuntime } from '../../../src/channels/dingtalk/dingtalk-settings.js';
import { createStaffSyncHandler } from '../../../src/channels/dingtalk/handle-staff-change.js';
import { resolveDingTalkSender } from '../../../src/channels/dingtalk/resolve-dingtalk-sender.js';
import { systemActor } from '../../../src/crm/actor.js';
import { AuditLog } from '../../../src/crm/models/audit-log.js';
import { Staff } from '../../../src/crm/models/staff.js';
import { upsertStaff } from '../../../src/crm/staff/upsert-staff.js';
import type { StoredInboxEvent } from '../../../src/queue/inbox/inbox-event-model.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../../support/simulators/dingtalk/dingtalk-simulator.js';
import { useTestDatabase } from '../../support/test-db.js';
import { dingtalkRuntimeOnSimulator } from '../../support/simulators/dingtalk/dingtalk-runtime-on-simulator.js';

/** linkDingTalkStaff's rules, through both callers: the staff sync and the robot sender lookup. */
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

function staffEvent<K extends 'staff.added' | 'staff.updated'>(kind: K, userIds: string[]): StoredInboxEvent<K> {
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

const sync = () => createStaffSyncHandler(() => runtime);
const seed = (input: Parameters<typeof upsertStaff>[2]) => upsertStaff(systemActor(tenantId, 'api'), tenantId, input);

describe('linking a DingTalk user to staff', () => {
  test('a mobile match never takes over a record already linked to another DingTalk user (sync and sender)', async () => {
    await seed({ userId: 'wecom-liu', name: '刘一', mobile: '13900000101', dingtalkUserId: 'dt-liu' });
    sim.addUser({ userid: 'dt-liu-2', name: '刘一（新号）', mobile: '13900000101', deptIds: [3] });

    // The robot sender: matched nobody, so nobody is linked or created.
    expect(await resolveDingTalkSender(tenantId, 'dt-liu-2', runtime.client)).toBeNull();
    expect(await Staff.findOne({ tenantId, userId: 'wecom-liu' }).lean()).toMatchObject({ dingtalkUserId: 'dt-liu' });

    // The sync: the existing link stays; the new DingTalk user gets a record of their own.
    await sync()(staffEvent('staff.added', ['dt-liu-2']));
    expect(await Staff.findOne({ tenantId, userId: 'wecom-liu' }).lean()).toMatchObject({ dingtalkUserId: 'dt-liu', name: '刘一' });
    expect(await Staff.findOne({ tenantId, userId: 'dt-liu-2' }).lean()).toMatchObject({ dingtalkUserId: 'dt-liu-2', active: true });
  });

  test('an unlinked record with the same mobile is linked (by the sender lookup too)', async () => {
    await seed({ userId: 'wecom-chen', name: '陈二', mobile: '13900000102', role: 'manager' });
    sim.addUser({ userid: 'dt-chen', name: '陈二', mobile: '13900000102', deptIds: [4] });
    const staff = await resolveDingTalkSender(tenantId, 'dt-chen', runtime.client);
    expect(staff).toMatchObject({ userId: 'wecom-chen', dingtalkUserId: 'dt-chen', role: 'manager', active: true });
  });

  test('only staff.added reactivates: a user_modify_org update leaves a deactivated person deactivated', async () => {
    await seed({ userId: 'dt-zhao', name: '赵三', dingtalkUserId: 'dt-zhao', active: false });
    sim.addUser({ userid: 'dt-zhao', name: '赵三丰', mobile: '13900000103', deptIds: [7] });

    await sync()(staffEvent('staff.updated', ['dt-zhao']));
    expect(await Staff.findOne({ tenantId, userId: 'dt-zhao' }).lean()).toMatchObject({ active: false, name: '赵三丰' });
    expect(await resolveDingTalkSender(tenantId, 'dt-zhao', runtime.client)).toMatchObject({ active: false });

    await sync()(staffEvent('staff.added', ['dt-zhao']));
    expect(await Staff.findOne({ tenantId, userId: 'dt-zhao' }).lean()).toMatchObject({ active: true });
  });
});

describe('upsertStaff', () => {
  test('stores mobiles normalized, so a differently formatted DingTalk mobile finds the record', async () => {
    const staff = await seed({ userId: 'wecom-qian', name: '钱四', mobile: '+86 139-0000-0104' });
    expect(staff.mobile).toBe('13900000104');
    sim.addUser({ userid: 'dt-qian', name: '钱四', mobile: '0086 13900000104', deptIds: [] });
    expect(await resolveDingTalkSender(tenantId, 'dt-qian', runtime.client)).toMatchObject({ userId: 'wecom-qian', dingtalkUserId: 'dt-qian' });
  });

  test('an update that changes nothing writes no audit entry', async () => {
    const staff = await seed({ userId: 'wecom-sun', name: '孙五', departments: ['d1'], mobile: '13900000105' });
    const audits = () => AuditLog.countDocuments({ tenantId, entity: 'staff', entityId: staff._id });
    expect(await audits()).toBe(1);
    await seed({ userId: 'wecom-sun', name: '孙五', departments: ['d1'], mobile: '+86 139 0000 0105' });
    expect(await audits()).toBe(1);
    await seed({ userId: 'wecom-sun', name: '孙五五' });
    expect(await audits()).toBe(2);
  });
});
