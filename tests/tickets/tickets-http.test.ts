import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Activity } from '../../src/crm/models/activity.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { Ticket } from '../../src/crm/models/ticket.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

type Who = 'alice' | 'bob' | 'carol' | 'root';
const people: Record<Who, { role: 'sales' | 'manager' | 'admin'; departments: string[] }> = {
  alice: { role: 'sales', departments: ['east'] },
  bob: { role: 'sales', departments: ['west'] },
  carol: { role: 'manager', departments: ['east'] },
  root: { role: 'admin', departments: [] },
};

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
const token = {} as Record<Who, string>;
const staffId = {} as Record<Who, string>;

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

const req = (who: Who, method: string, path: string, body?: unknown) => app.request(method, path, { token: token[who], body });
const errorPaths = (body: { error: { details?: { path: string }[] } }) => (body.error.details ?? []).map((d) => d.path);

async function customerOf(owner: Who, name: string): Promise<string> {
  const res = await req('root', 'POST', '/api/customers', { name, ownerId: staffId[owner] });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('the life of a service ticket', () => {
  test('opened → in progress → awaiting customer → resolved → closed → reopened, each step on the timeline', async () => {
    const customerId = await customerOf('alice', '杭州打印科技');
    const before = Date.now();
    const opened = await req('alice', 'POST', '/api/tickets', { customerId, title: '打印机卡纸', priority: 'high', category: '硬件' });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ number: 'T-0001', status: 'new', priority: 'high', assignee: { id: staffId.alice, name: 'alice' }, overdue: false });
    // Default SLA for high is 8 hours.
    const due = new Date(opened.body.dueAt).getTime();
    expect(due - before).toBeGreaterThanOrEqual(8 * 3600_000 - 1000);
    expect(due - Date.now()).toBeLessThanOrEqual(8 * 3600_000);
    const id = opened.body.id;

    const second = await req('alice', 'POST', '/api/tickets', { customerId, title: '发票抬头错误', priority: 'low' });
    expect(second.body.number).toBe('T-0002');

    for (const status of ['in_progress', 'awaiting_customer', 'resolved', 'closed'] as const) {
      const moved = await req('alice', 'POST', `/api/tickets/${id}/status`, { status, ...(status === 'resolved' ? { note: '已更换滚轮' } : {}) });
      expect(moved.status).toBe(200);
      expect(moved.body.status).toBe(status);
    }
    const closed = await Ticket.findById(id).lean();
    expect(closed!.resolvedAt).toBeInstanceOf(Date);
    expect(closed!.closedAt).toBeInstanceOf(Date);

    const reopened = await req('alice', 'POST', `/api/tickets/${id}/status`, { status: 'in_progress', note: '客户说又卡纸了' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', resolvedAt: null, closedAt: null });
    expect(new Date(reopened.body.dueAt).getTime()).toBeGreaterThan(due);

    const commented = await req('alice', 'POST', `/api/tickets/${id}/comments`, { content: '已寄出新滚轮' });
    expect(commented.status).toBe(201);
    expect(commented.body.comments).toMatchObject([{ content: '已寄出新滚轮', author: { name: 'alice' } }]);

    const patched = await req('alice', 'PATCH', `/api/tickets/${id}`, { priority: 'urgent' });
    expect(patched.status).toBe(200);
    // Urgent: 4 hours from the reopening.
    expect(new Date(patched.body.dueAt).getTime()).toBe(new Date(reopened.body.dueAt).getTime() - 4 * 3600_000);

    const timeline = await Activity.find({ customerId, type: /^ticket_/ }).sort({ at: 1, _id: 1 }).lean();
    expect(timeline.map((a) => [a.type, (a.data as { to?: string }).to ?? null])).toEqual([
      ['ticket_opened', null],
      ['ticket_opened', null],
      ['ticket_status_changed', 'in_progress'],
      ['ticket_status_changed', 'awaiting_customer'],
      ['ticket_status_changed', 'resolved'],
      ['ticket_status_changed', 'closed'],
      ['ticket_status_changed', 'in_progress'],
      ['ticket_commented', null],
      ['ticket_updated', null],
    ]);
    expect(timeline[4]!.content).toBe('已更换滚轮');
    expect((timeline[6]!.data as { reopened: boolean }).reopened).toBe(true);

    const open = await req('alice', 'GET', `/api/customers/${customerId}/open-tickets`);
    expect(open.status).toBe(200);
    expect(open.body.items.map((t: { number: string }) => t.number)).toEqual(['T-0001', 'T-0002']);
    expect(open.body.items[0]).toMatchObject({ title: '打印机卡纸', status: 'in_progress', priority: 'urgent', overdue: false });
  });

  test('invalid transitions are refused with 409 and change nothing', async () => {
    const customerId = await customerOf('alice', '宁波纸业');
    const { body } = await req('alice', 'POST', '/api/tickets', { customerId, title: '网络不通' });
    const id = body.id;
    const back = await req('alice', 'POST', `/api/tickets/${id}/status`, { status: 'new' });
    expect(back.status).toBe(409);
    expect(errorPaths(back.body)).toEqual(['status']);
    await req('alice', 'POST', `/api/tickets/${id}/status`, { status: 'closed' });
    const toResolved = await req('alice', 'POST', `/api/tickets/${id}/status`, { status: 'resolved' });
    expect(toResolved.status).toBe(409);
    expect(toResolved.body.error.message).toContain('closed to resolved');
    expect((await Ticket.findById(id).lean())!.status).toBe('closed');
    expect(await Activity.countDocuments({ customerId, type: 'ticket_status_changed' })).toBe(1);
  });

  test('bad input is a 400 naming the field; nothing is written', async () => {
    const customerId = await customerOf('alice', '温州鞋业');
    const count = await Ticket.countDocuments();
    const cases: [unknown, string][] = [
      [{ customerId, title: '', priority: 'normal' }, 'title'],
      [{ customerId, title: 'x', priority: 'asap' }, 'priority'],
      [{ customerId: 'nope', title: 'x' }, 'customerId'],
      [{ customerId, title: 'x', contractId: '0123456789abcdef01234567' }, 'contractId'],
      [{ customerId, title: 'x', colour: 'red' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await req('alice', 'POST', '/api/tickets', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(errorPaths(res.body)).toContain(field);
    }
    expect(await Ticket.countDocuments()).toBe(count);
    const { body: t } = await req('alice', 'POST', '/api/tickets', { customerId, title: '鞋码不对' });
    const badStatus = await req('alice', 'POST', `/api/tickets/${t.id}/status`, { status: 'done' });
    expect(badStatus.status).toBe(400);
    expect(errorPaths(badStatus.body)).toEqual(['status']);
    const emptyComment = await req('alice', 'POST', `/api/tickets/${t.id}/comments`, { content: '  ' });
    expect(emptyComment.status).toBe(400);
    expect(errorPaths(emptyComment.body)).toEqual(['content']);
    const badFilter = await req('alice', 'GET', '/api/tickets?status=someday');
    expect(badFilter.status).toBe(400);
    expect(errorPaths(badFilter.body)).toEqual(['status']);
    expect((await Ticket.findById(t.id).lean())!.comments).toHaveLength(0);
  });

  test('tenant SLA hours per priority set the due time', async () => {
    await Tenant.updateMany({}, { $set: { 'service.slaHours.normal': 2 } });
    try {
      const customerId = await customerOf('alice', '台州阀门');
      const before = Date.now();
      const { body } = await req('alice', 'POST', '/api/tickets', { customerId, title: '阀门漏水' });
      const hours = (new Date(body.dueAt).getTime() - before) / 3600_000;
      expect(hours).toBeGreaterThan(1.99);
      expect(hours).toBeLessThan(2.01);
    } finally {
      await Tenant.updateMany({}, { $unset: { service: 1 } });
    }
  });
});

describe('tickets in the data scope', () => {
  test('another department’s sales rep gets 404; the manager of the department sees them; filters work', async () => {
    const customerId = await customerOf('alice', '嘉兴电子');
    const { body: t } = await req('alice', 'POST', '/api/tickets', { customerId, title: '屏幕闪烁' });
    expect((await req('bob', 'GET', `/api/tickets/${t.id}`)).status).toBe(404);
    expect((await req('bob', 'POST', `/api/tickets/${t.id}/status`, { status: 'resolved' })).status).toBe(404);
    expect((await req('bob', 'POST', `/api/tickets/${t.id}/comments`, { content: 'x' })).status).toBe(404);
    expect((await req('bob', 'PATCH', `/api/tickets/${t.id}`, { title: 'x' })).status).toBe(404);
    expect((await req('bob', 'GET', `/api/customers/${customerId}/open-tickets`)).status).toBe(404);
    expect((await req('bob', 'POST', '/api/tickets', { customerId, title: 'x' })).status).toBe(404);
    const bobs = await req('bob', 'GET', '/api/tickets');
    expect(bobs.body.items.map((x: { id: string }) => x.id)).not.toContain(t.id);

    expect((await req('carol', 'GET', `/api/tickets/${t.id}`)).status).toBe(200);
    const filtered = await req('carol', 'GET', `/api/tickets?status=open&customerId=${customerId}&assigneeId=${staffId.alice}`);
    expect(filtered.body.items.map((x: { id: string }) => x.id)).toEqual([t.id]);
    expect((await req('carol', 'GET', `/api/tickets?status=closed&customerId=${customerId}`)).body.items).toEqual([]);

    // A sales rep cannot hand a ticket to someone outside their own circle.
    const handed = await req('alice', 'PATCH', `/api/tickets/${t.id}`, { assigneeId: staffId.bob });
    expect(handed.status).toBe(403);
    // An admin can assign it to anyone; the assignee then sees it without owning the customer.
    expect((await req('root', 'PATCH', `/api/tickets/${t.id}`, { assigneeId: staffId.bob })).status).toBe(200);
    expect((await req('bob', 'GET', `/api/tickets/${t.id}`)).status).toBe(200);
  });
});
