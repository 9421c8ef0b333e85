import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { BUILT_IN_GROUPS } from '../../src/crm/permissions/built-in-groups.js';
import { PERMISSION_MODULES, type Access } from '../../src/crm/permissions/catalogue.js';
import { ROUTE_PERMISSION, type RoutePermission } from '../../src/http/auth/require-permission.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * Every route the running app mounts × four groups. The routes come from the app's own router, not
 * a hand list: a new route that declares no permission fails here, unless it is one of the public
 * kinds (health, platform callbacks, survey links, the sidebar's files, sign-in).
 */
const PUBLIC = [/^\/healthz$/, /^\/readyz$/, /^\/metrics$/, /^\/callbacks\//, /^\/s\/:token$/, /^\/sidebar(\/|$)/, /^\/api\/auth\/(dev|wecom)(\/|$)/];

type Group = 'sales' | 'manager' | 'admin' | 'reader';
const GROUPS: Group[] = ['sales', 'manager', 'admin', 'reader'];
/** A custom group that may look at everything and change nothing, over their own records. */
const READER: Access = { grants: Object.fromEntries(PERMISSION_MODULES.map((m) => [m, ['view']])), dataScope: 'own' };
const accessOf = (group: Group): Access => (group === 'reader' ? READER : BUILT_IN_GROUPS[group]);

interface Route {
  method: string;
  path: string;
  permission: RoutePermission | undefined;
}

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let routes: Route[];
const token = {} as Record<Group, string>;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  routes = app.service.router.stack.flatMap((layer) =>
    layer.methods
      .filter((m) => m !== 'HEAD')
      .map((method) => {
        const tagged = layer.stack.find((fn) => ROUTE_PERMISSION in fn) as { [ROUTE_PERMISSION]: RoutePermission } | undefined;
        return { method, path: String(layer.path), permission: tagged?.[ROUTE_PERMISSION] };
      }),
  );
  for (const group of ['sales', 'manager', 'admin'] as const) token[group] = await app.login(`matrix-${group}`, group, ['east']);
  token.reader = await app.login('matrix-reader', 'sales', ['east']);
  const grants = Object.entries(READER.grants).map(([module, actions]) => ({ module, actions }));
  const created = await app.request('POST', '/api/admin/permission-groups', { token: token.admin, body: { name: '只读', grants, dataScope: 'own' } });
  expect(created.status).toBe(201);
  const reader = (await app.request('GET', '/api/me', { token: token.reader })).body.staff.id;
  const put = await app.request('PUT', `/api/admin/staff/${reader}/groups`, { token: token.admin, body: { groupIds: [created.body.id] } });
  expect(put.status).toBe(200);
}, 60_000);
afterAll(async () => {
  await app.close();
  await db.drop();
});

const isPublic = (r: Route) => PUBLIC.some((p) => p.test(r.path));
const FAKE_ID = '0000000000000000000000aa';
/** Routes whose default input asks for more than the route's permission (a team digest): asked the plain way. */
const QUERY: Record<string, string> = { '/api/digests/preview': '?kind=morning' };
/** A concrete URL for a route pattern: every parameter an id nobody has. */
const urlOf = (path: string) => path.replace(/:[A-Za-z]+/g, FAKE_ID) + (QUERY[path] ?? '');
function allowed(group: Group, permission: RoutePermission): boolean {
  if ('signedIn' in permission) return true;
  return accessOf(group).grants[permission.module]?.includes(permission.action) ?? false;
}

test('the router is read: it mounts well over a hundred routes, and every non-public one declares a permission', () => {
  expect(routes.length).toBeGreaterThan(120);
  const undeclared = routes.filter((r) => !isPublic(r) && !r.permission).map((r) => `${r.method} ${r.path}`);
  expect(undeclared).toEqual([]);
  // Public routes stay public on purpose: none of them asks for a permission.
  expect(routes.filter((r) => isPublic(r) && r.permission).map((r) => `${r.method} ${r.path}`)).toEqual([]);
});

test('today’s roles are kept: /api/admin/* is for admins (handovers also for managers); team views are not for sales', () => {
  const protectedRoutes = routes.filter((r) => r.permission);
  const admin = protectedRoutes.filter((r) => r.path.startsWith('/api/admin/'));
  expect(admin.length).toBeGreaterThan(30);
  for (const r of admin) {
    expect(allowed('admin', r.permission!), `${r.method} ${r.path}`).toBe(true);
    expect(allowed('sales', r.permission!), `${r.method} ${r.path}`).toBe(false);
    expect(allowed('manager', r.permission!), `${r.method} ${r.path}`).toBe(r.path.startsWith('/api/admin/handovers'));
  }
  const managerOnly = ['GET /api/dashboard', 'GET /api/dashboard/pipeline', 'GET /api/deals/forecast', 'POST /api/segments/recompute', 'POST /api/duplicates/scan'];
  const adminOnly = ['GET /api/digests/runs', 'POST /api/predictions/retrain', 'GET /api/slack/install-url', 'POST /api/imports', 'POST /api/products', 'PUT /api/sales-settings'];
  const find = (key: string) => protectedRoutes.find((r) => `${r.method} ${r.path}` === key)!.permission!;
  for (const key of managerOnly) expect([allowed('sales', find(key)), allowed('manager', find(key)), allowed('admin', find(key))], key).toEqual([false, true, true]);
  for (const key of adminOnly) expect([allowed('sales', find(key)), allowed('manager', find(key)), allowed('admin', find(key))], key).toEqual([false, false, true]);
  for (const key of ['GET /api/customers', 'POST /api/customers', 'GET /api/exports/customers', 'POST /api/reminders']) {
    expect(GROUPS.filter((g) => g !== 'reader').every((g) => allowed(g, find(key))), key).toBe(true);
  }
});

describe.each(GROUPS)('every route as %s', (group) => {
  test('allowed routes get past the permission check; refused ones answer 403 and write nothing', async () => {
    const wrong: string[] = [];
    let refused = 0;
    for (const route of routes.filter((r) => !isPublic(r))) {
      const expected = allowed(group, route.permission!);
      const audits = await AuditLog.countDocuments();
      const res = await app.request(route.method, urlOf(route.path), { token: token[group], ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
      const denied = res.status === 403;
      if (res.status === 401 || denied === expected) wrong.push(`${route.method} ${route.path} → ${res.status} ${JSON.stringify(res.body?.error?.message ?? '')}`);
      if (!expected) {
        refused += 1;
        const after = await AuditLog.countDocuments();
        if (after !== audits) wrong.push(`${route.method} ${route.path} wrote ${after - audits} audit entries while refused`);
      }
    }
    expect(wrong).toEqual([]);
    if (group === 'admin') expect(refused).toBe(0);
    else expect(refused).toBeGreaterThan(10);
  }, 120_000);
});

test('export is a permission: the read-only group gets 403 on every download, sales gets the file', async () => {
  const downloads = routes.filter((r) => r.path.startsWith('/api/exports/') && !r.path.startsWith('/api/exports/jobs'));
  expect(downloads.map((r) => r.path).sort()).toEqual(['/api/exports/contracts', '/api/exports/customers', '/api/exports/deals', '/api/exports/follow-ups', '/api/exports/survey-answers']);
  for (const r of downloads) {
    expect((await app.request('GET', `${r.path}?format=csv`, { token: token.reader })).status, r.path).toBe(403);
    expect((await app.request('GET', `${r.path}?format=csv`, { token: token.sales })).status, r.path).toBe(200);
  }
  const job = await app.request('POST', '/api/exports/jobs', { token: token.reader, body: { kind: 'customers', format: 'csv' } });
  expect(job.status).toBe(403);
  const stats = await app.request('GET', '/api/stats/reps?format=csv&from=2026-01-01&to=2026-01-31', { token: token.reader });
  expect(stats.status).toBe(403);
  expect(stats.body.error.message).toContain('statistics');
});
