import { afterAll, beforeAll, expect, test } from 'vitest';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff } from '../../src/crm/models/staff.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { watchErrors } from '../support/e2e/open-sidebar.js';
import { startWecomTestEnv, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';
import { useTestDatabase } from '../support/test-db.js';

// The organisation page end to end: built page, real app and database, the WeCom simulator, Chromium at 1280×800.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;
let browser: Chromium;

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  env = await startWecomTestEnv();
  await env.app.login('root', 'admin');
  await Staff.updateOne({ userId: 'root' }, { $set: { name: '管理员' } });
  const { sim } = env;
  sim.addDepartment({ id: 1, name: '星河科技', parentid: 0 });
  sim.addDepartment({ id: 2, name: '销售中心', parentid: 1, order: 1 });
  sim.addDepartment({ id: 3, name: '华东销售部', parentid: 2, order: 1 });
  sim.addDepartment({ id: 4, name: '华南销售部', parentid: 2, order: 2 });
  sim.addDepartment({ id: 5, name: '客户成功部', parentid: 1, order: 2 });
  sim.addStaff({ userid: 'liqiang', name: '李强', department: [2], position: '销售总监' });
  sim.addStaff({ userid: 'zhangwei', name: '张伟', department: [3], position: '客户经理', direct_leader: ['liqiang'] });
  sim.addStaff({ userid: 'wangfang', name: '王芳', department: [3], position: '客户经理', direct_leader: ['liqiang'] });
  sim.addStaff({ userid: 'chenjing', name: '陈静', department: [4], position: '销售代表', direct_leader: ['liqiang'] });
  sim.addStaff({ userid: 'liuyang', name: '刘洋', department: [5], position: '客户成功经理' });
  browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
  await db?.drop();
});

test('an admin previews the WeCom directory sync, applies it, sees the tree and staff, and a later sync deactivates a leaver', async () => {
  const page = await browser.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  const errors = watchErrors(page);
  await page.goto(`${env.app.baseUrl}/sidebar/org.html?devUser=root&role=admin`);
  await page.locator('tr[data-row="staff"][data-user="root"]').waitFor();

  await page.locator('[data-role="preview"]').click();
  await page.locator('[data-role="diff"]').waitFor();
  expect(await page.locator('[data-diff="department-create"]').allInnerTexts()).toEqual([
    '+ 星河科技',
    '+ 销售中心（上级：星河科技）',
    '+ 华东销售部（上级：销售中心）',
    '+ 华南销售部（上级：销售中心）',
    '+ 客户成功部（上级：星河科技）',
  ]);
  expect(await page.locator('[data-diff="staff-create"]').count()).toBe(5);
  expect(await Staff.countDocuments()).toBe(1); // a preview writes nothing
  await screenshot(page, 'org-1-preview', { fullPage: true });

  await page.locator('[data-role="apply"]').click();
  await page.locator('[data-role="applied"]').waitFor();
  expect(await page.locator('[data-role="applied"]').innerText()).toMatch(/新增部门 5，变更部门 0，新增员工 5/);
  await page.locator('tr[data-row="staff"][data-user="zhangwei"]').waitFor();
  expect(await page.locator('tr[data-row="staff"][data-user="zhangwei"]').innerText()).toMatch(/张伟\s+zhangwei\s+客户经理\s+华东销售部\s+李强/);
  expect(await page.locator('[data-department]').allInnerTexts()).toEqual(['星河科技0', '销售中心1', '华东销售部2', '华南销售部1', '客户成功部1']);
  await page.locator('[data-department="华东销售部"]').click();
  expect(await page.locator('tr[data-row="staff"]').count()).toBe(2);
  await screenshot(page, 'org-2-synced', { fullPage: true });
  await page.locator('[data-department="华东销售部"]').click();

  // 王芳 leaves the company in WeCom: the next preview shows it, applying deactivates her and flags her client.
  const wangfang = (await Staff.findOne({ userId: 'wangfang' }).lean())!;
  await Customer.create({ tenantId: wangfang.tenantId, code: 'C70001', name: '王芳的客户', stage: 'lead', ownerId: wangfang._id, searchText: '王芳的客户' });
  env.sim.removeStaff('wangfang');
  await page.locator('[data-role="preview"]').click();
  await page.locator('[data-diff="staff-deactivate"]').waitFor();
  expect(await page.locator('[data-diff="staff-deactivate"]').innerText()).toMatch(/王芳（wangfang）已离职/);
  await screenshot(page, 'org-3-leaver-preview', { fullPage: true });
  await page.locator('[data-role="apply"]').click();
  await page.locator('[data-role="applied"]').waitFor();
  expect(await page.locator('[data-role="applied"]').innerText()).toMatch(/停用 1（待交接客户 1）/);
  await expect.poll(() => page.locator('tr[data-user="wangfang"] [data-cell="active"]').innerText()).toBe('已停用');
  expect((await Customer.findOne({ code: 'C70001' }).lean())!.needsTransfer).toBe(true);

  // Nothing left to sync; and an admin can deactivate someone by hand.
  await page.locator('[data-role="preview"]').click();
  await page.locator('[data-role="no-changes"]').waitFor();
  await page.locator('tr[data-user="chenjing"] [data-role="deactivate"]').click();
  await expect.poll(() => page.locator('tr[data-user="chenjing"] [data-cell="active"]').innerText()).toBe('已停用');
  expect((await Staff.findOne({ userId: 'chenjing' }).lean())!.active).toBe(false);
  await screenshot(page, 'org-4-after', { fullPage: true });
  expect(errors).toEqual([]);
}, 120_000);
