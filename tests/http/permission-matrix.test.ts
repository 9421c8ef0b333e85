import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Reminder } from '../../src/crm/models/reminder.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * Who may do what to whom. The principle: nobody learns or changes what is outside their scope.
 * Each row names an actor, an action and the expected answer; every refused row also checks that
 * nothing was written.
 */
type Who = 'alice' | 'dave' | 'bob' | 'carol' | 'walt' | 'root';
const people: Record<Who, { role: 'sales' | 'manager' | 'admin'; departments: string[] }> = {
  alice: { role: 'sales', departments: ['east'] }, // owns the east customer
  dave: { role: 'sales', departments: ['east'] }, // collaborates on it
  bob: { role: 'sales', departments: ['west'] }, // owns the west customer
  carol: { role: 'manager', departments: ['east'] },
  walt: { role: 'manager', departments: ['west'] },
  root: { role: 'admin', departments: [] },
};

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
const token = {} as Record<Who, string>;
const staffId = {} as Record<Who, string>;
let phoneSeq = 13_700_000_000;
const newPhone = () => String(++phoneSeq);

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  for (const [who, p] of Object.entries(people) as [Who, (typeof people)[Who]][]) {
    token[who] = await app.login(who, p.role, p.departments);
    staffId[who] = (await app.request('GET', '/api/me', { token: token[who] })).body.staff.id;
  }
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

/** A fresh pair per row so rows never depend on each other: alice's (dave collaborating) and bob's. */
async function fixture() {
  const east = await app.request('POST', '/api/customers', {
    token: token.root,
    body: { name: `东区客户${phoneSeq}`, ownerId: staffId.alice, collaboratorIds: [staffId.dave], phones: [newPhone()] },
  });
  const west = await app.request('POST', '/api/customers', {
    token: token.root,
    body: { name: `西区客户${phoneSeq}`, ownerId: staffId.bob, phones: [newPhone()] },
  });
  expect([east.status, west.status]).toEqual([201, 201]);
  return { east: east.body, west: west.body };
}

const snapshot = async (id: string) => ({
  doc: await mongoose.connection.db!.collection('customers').findOne({ _id: new mongoose.Types.ObjectId(id) }),
  audits: await AuditLog.countDocuments({ entityId: id }),
});

describe('owner and collaborators: only the owner, a manager of the owner’s department, or an admin', () => {
  test.each<[Who, 'collaboratorIds' | 'ownerId', Who | 'nobody', number]>([
    ['dave', 'collaboratorIds', 'nobody', 403], // a collaborator cannot remove others (or himself) from the record
    ['dave', 'collaboratorIds', 'bob', 403],
    ['dave', 'ownerId', 'dave', 403], // …nor take the customer
    ['alice', 'collaboratorIds', 'bob', 200], // the owner invites anyone in the tenant
    ['alice', 'ownerId', 'dave', 403], // salespeople never reassign
    ['carol', 'collaboratorIds', 'nobody', 200],
    ['carol', 'ownerId', 'dave', 200],
    ['carol', 'ownerId', 'bob', 403], // a manager cannot hand a customer to another department
    ['walt', 'ownerId', 'bob', 404], // not in walt's scope at all: he learns nothing
    ['bob', 'collaboratorIds', 'bob', 404],
    ['root', 'ownerId', 'bob', 200],
  ])('%s sets %s to %s on alice’s customer → %i', async (who, field, target, expected) => {
    const { east } = await fixture();
    const before = await snapshot(east.id);
    const value = field === 'ownerId' ? staffId[target as Who] : target === 'nobody' ? [] : [staffId[target as Who]];
    const res = await app.request('PATCH', `/api/customers/${east.id}`, { token: token[who], body: { [field]: value, level: 'Z' } });
    expect(res.status).toBe(expected);
    const after = await snapshot(east.id);
    if (expected === 200) {
      expect(after.doc?.level).toBe('Z');
    } else {
      expect(after).toEqual(before);
    }
  });
});

describe('acting for other staff: sales for themselves, managers for their departments, admins for the tenant', () => {
  test.each<[Who, Who, number]>([
    ['alice', 'alice', 201],
    ['alice', 'dave', 403],
    ['carol', 'alice', 201],
    ['carol', 'carol', 201],
    ['carol', 'bob', 403],
    ['walt', 'alice', 403],
    ['root', 'bob', 201],
  ])('%s creates a customer owned by %s → %i', async (who, owner, expected) => {
    const customers = await Customer.countDocuments();
    const res = await app.request('POST', '/api/customers', { token: token[who], body: { name: `代建${who}${owner}`, ownerId: staffId[owner] } });
    expect(res.status).toBe(expected);
    if (expected === 403) {
      expect(res.body.error.message).toContain('ownerId');
      expect(await Customer.countDocuments()).toBe(customers);
    }
  });

  test.each<[Who, Who, number]>([
    ['alice', 'alice', 201],
    ['alice', 'dave', 403],
    ['carol', 'dave', 201],
    ['carol', 'bob', 403],
    ['walt', 'dave', 403],
    ['root', 'bob', 201],
  ])('%s sets a reminder for %s → %i', async (who, assignee, expected) => {
    const reminders = await Reminder.countDocuments();
    const dueAt = new Date(Date.now() + 3_600_000).toISOString();
    const res = await app.request('POST', '/api/reminders', { token: token[who], body: { dueAt, text: '代办', staffId: staffId[assignee] } });
    expect(res.status).toBe(expected);
    if (expected === 403) {
      expect(res.body.error.message).toContain('staffId');
      expect(await Reminder.countDocuments()).toBe(reminders);
    }
  });
});

describe('a duplicate phone is a 409 that reveals nothing outside the caller’s scope', () => {
  test.each<[Who, 'create' | 'patch', boolean]>([
    ['alice', 'create', false],
    ['alice', 'patch', false],
    ['dave', 'create', false],
    ['carol', 'create', false], // bob is in another department
    ['walt', 'create', true], // bob is in walt's department
    ['bob', 'create', true],
    ['root', 'create', true],
  ])('%s %ss with the phone of bob’s customer → 409 (names it: %s)', async (who, how, reveals) => {
    const { east, west } = await fixture();
    const res =
      how === 'create'
        ? await app.request('POST', '/api/customers', { token: token[who], body: { name: '撞号', phones: west.phones } })
        : await app.request('PATCH', `/api/customers/${east.id}`, { token: token[who], body: { phones: west.phones } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    const said = JSON.stringify(res.body);
    if (reveals) {
      expect(said).toContain(west.code);
    } else {
      for (const secret of [west.code, west.id, west.name, 'bob', staffId.bob]) expect(said).not.toContain(secret);
      expect(res.body.error.message).toMatch(/cannot see/);
    }
  });

  test('a collaborator is told which of his visible customers has the number', async () => {
    const { east } = await fixture();
    const res = await app.request('POST', '/api/customers', { token: token.dave, body: { name: '撞号2', phones: east.phones } });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ code: east.code });
  });
});
