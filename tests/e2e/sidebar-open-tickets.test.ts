import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { Staff } from '../../src/crm/models/staff.js';
import { Ticket } from '../../src/crm/models/ticket.js';
import { changeTicketStatus } from '../../src/crm/tickets/change-ticket-status.js';
import { createTicket } from '../../src/crm/tickets/create-ticket.js';
import { actorFor } from '../support/actor-for.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { devUrl, openSidebar, watchErrors } from '../support/e2e/open-sidebar.js';
import { seedSidebarScenario, type SidebarScenario } from '../support/e2e/seed-sidebar.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// The customer card at WeCom's 375×667 with open service tickets: they come first, an overdue one marked.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let browser: Chromium;
let s: SidebarScenario;

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp();
  s = await seedSidebarScenario(app.service.deps.defaultTenantId, { activities: 3 });
  const me = (await Staff.findById(s.staffId))!;
  const actor = actorFor(me, 'sidebar');
  const jam = await createTicket(actor, { customerId: s.boundCustomerId, title: '打印机卡纸，换纸后仍报错', priority: 'urgent', category: '硬件' });
  await changeTicketStatus(actor, jam._id, { status: 'in_progress' });
  // Breached: due an hour ago.
  await Ticket.updateOne({ _id: jam._id }, { $set: { dueAt: new Date(Date.now() - 3600_000) } });
  await createTicket(actor, { customerId: s.boundCustomerId, title: '发票抬头需要更改', priority: 'normal' });
  const done = await createTicket(actor, { customerId: s.boundCustomerId, title: '已解决的旧问题' });
  await changeTicketStatus(actor, done._id, { status: 'resolved' });
  browser = await launchChromium({ viewport: { width: 375, height: 667 } });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

async function openCard(lang: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  expect(await openSidebar(page, devUrl(app.baseUrl, { devUser: s.userId, externalUserId: s.boundExternalUserId, lang }))).toBe('ready');
  await page.locator('[data-screen="card"]').waitFor();
  await page.locator('[data-testid="open-tickets"] [data-kind="ticket"]').first().waitFor();
  return { page, errors };
}

describe('open tickets at the top of the sidebar card (375×667, real Chromium)', () => {
  test('number, title, status and the overdue marker, above everything else on the card', async () => {
    const { page, errors } = await openCard('zh-CN');
    const panel = page.locator('[data-testid="open-tickets"]');
    expect(await panel.getByRole('heading').innerText()).toBe('未完结工单 · 2');
    const rows = panel.locator('[data-kind="ticket"]');
    expect(await rows.count()).toBe(2);
    const first = (await rows.nth(0).innerText()).replace(/\s+/g, ' ');
    expect(first).toContain('T-0001 打印机卡纸，换纸后仍报错');
    expect(first).toContain('处理中');
    expect(await rows.nth(0).locator('[data-testid="ticket-overdue"]').innerText()).toBe('已超时');
    const second = (await rows.nth(1).innerText()).replace(/\s+/g, ' ');
    expect(second).toContain('T-0002 发票抬头需要更改');
    expect(second).toContain('新建');
    expect(await rows.nth(1).locator('[data-testid="ticket-overdue"]').count()).toBe(0);
    expect(await panel.innerText()).not.toContain('已解决的旧问题');
    await expect.poll(() => panel.evaluate((el) => el.classList.contains('tickets--overdue'))).toBe(true);

    // At the top: the first panel of the card, above the next follow-up, and within the first screen.
    const firstPanel = await page.locator('[data-screen="card"] > section.panel').first().getAttribute('data-testid');
    expect(firstPanel).toBe('open-tickets');
    const box = (await panel.boundingBox())!;
    const hero = (await page.locator('[data-testid="next-follow-up"]').boundingBox())!;
    expect(box.y).toBeLessThan(hero.y);
    expect(box.y + box.height).toBeLessThan(667);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'sidebar-open-tickets');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('in English', async () => {
    const { page, errors } = await openCard('en');
    const panel = page.locator('[data-testid="open-tickets"]');
    expect(await panel.getByRole('heading').innerText()).toBe('Open tickets · 2');
    expect((await panel.innerText()).replace(/\s+/g, ' ')).toContain('In progress');
    expect(await panel.locator('[data-testid="ticket-overdue"]').innerText()).toBe('Overdue');
    await screenshot(page, 'sidebar-open-tickets-en');
    expect(errors).toEqual([]);
    await page.close();
  });
});
