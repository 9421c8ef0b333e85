import { afterAll, beforeAll, expect, test } from 'vitest';
import { Reminder } from '../../src/crm/models/reminder.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { createReminderJob } from '../../src/jobs/run-reminders.js';
import { createLogger } from '../../src/logger.js';
import { outboxUnderTest } from '../support/queues-under-test.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';
import { seedCustomer, seedStaff, seedTenant, sh } from '../support/seed-digest-data.js';
import { useTestDatabase } from '../support/test-db.js';

// Working hours from the settings move the daily reminder sweep to 10 minutes before the day starts,
// in the tenant's own time zone; a tenant without them keeps the 08:50 sweep.
const { outbox } = outboxUnderTest();
let db: Awaited<ReturnType<typeof useTestDatabase>>;

beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());

test('contact-cycle reminders are made before the working day of each tenant starts', async () => {
  const late = await seedTenant('late-starters');
  await Tenant.updateOne({ _id: late._id }, { $set: { settings: { workingHours: { weekdays: [1, 2, 3, 4, 5], start: '10:30', end: '19:00' } } } });
  const plain = await seedTenant('plain');
  for (const tenant of [late, plain]) {
    const rep = await seedStaff(tenant._id, `销售-${tenant.slug}`, 'sales', ['东']);
    await seedCustomer(tenant._id, rep._id, `客户-${tenant.slug}`, { contactCycleDays: 3, lastContactAt: sh('2025-03-14 20:00'), stage: 'intent' });
  }
  const job = createReminderJob({ defaultChannel: 'wecom', renderers: renderersUnderTest(), outbox, logger: createLogger('silent') });
  const run = async (local: string) => (await job.run({ now: sh(local), instanceId: 'x', stillLeader: async () => true })).cycleRemindersCreated;
  const made = async (tenantId: unknown) => Reminder.countDocuments({ tenantId, origin: 'contact_cycle' });

  expect(await run('2025-03-18 08:50')).toBe(1);
  expect([await made(plain._id), await made(late._id)]).toEqual([1, 0]);
  expect(await run('2025-03-18 10:19')).toBe(0);
  expect(await run('2025-03-18 10:20')).toBe(1);
  expect(await made(late._id)).toBe(1);
});
