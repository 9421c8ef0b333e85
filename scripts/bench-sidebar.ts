// `npm run bench:sidebar`: what the sidebar costs the salesperson.
//  1. gzipped JS + CSS of the build (what /sidebar/ sends; target ≤ 150 KB), from Vite's manifest;
//     and the manager dashboard's gzipped JS: first paint (target ≤ 120 KB) and with ECharts, fetched after it;
//  2. median time from navigation start to the customer card on loopback (target < 300 ms), in real
//     headless Chromium against the real app (embedded MongoDB-wire server, dev login, a bound contact).
// A measurement, not a test: it prints figures and exits 0 unless something is broken.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../src/config.js';
import { connectDatabase, disconnectDatabase } from '../src/db/connect.js';
import { startMongoWireServer } from '../src/db/mongo-wire-server.js';
import { buildService } from '../src/app/build-service.js';
import { createLogger } from '../src/logger.js';
import { launchChromium } from '../tests/support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../tests/support/e2e/ensure-sidebar-built.js';
import { seedSidebarScenario } from '../tests/support/e2e/seed-sidebar.js';
import { ascending, median, percentile } from './support/percentile.js';

const DIST = path.resolve('mini-app/dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 10);

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

async function gzipSize(file: string): Promise<number> {
  return gzipSync(await readFile(path.join(DIST, file)), { level: 9 }).length;
}

/** Files of an entry: its static import graph (loaded up front) and what it may import later. */
function graph(manifest: Record<string, ManifestChunk>, entry: string) {
  const initial = new Set<string>();
  const lazyRoots: string[] = [];
  const walk = (key: string, into: Set<string>, roots: string[] | null) => {
    const chunk = manifest[key];
    if (!chunk || into.has(chunk.file)) return;
    into.add(chunk.file);
    for (const css of chunk.css ?? []) into.add(css);
    for (const dep of chunk.imports ?? []) walk(dep, into, roots);
    if (roots) roots.push(...(chunk.dynamicImports ?? []));
  };
  walk(entry, initial, lazyRoots);
  const lazy = new Set<string>();
  for (const root of lazyRoots) walk(root, lazy, null);
  for (const f of initial) lazy.delete(f);
  return { initial: [...initial], lazy: [...lazy] };
}

async function measureSize(): Promise<{ initialKb: number; totalKb: number }> {
  await ensureSidebarBuilt();
  const manifest = JSON.parse(await readFile(path.join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const { initial, lazy } = graph(manifest, 'index.html');
  const rows: [string, string, number][] = [];
  for (const f of initial) rows.push(['initial', f, await gzipSize(f)]);
  for (const f of lazy) rows.push(['in WeCom', f, await gzipSize(f)]);
  const kb = (n: number) => (n / 1024).toFixed(1).padStart(6);
  console.log('\nSidebar build (gzip -9, JS + CSS):');
  for (const [when, file, size] of rows) console.log(`  ${when.padEnd(9)} ${kb(size)} KB  ${file}`);
  const initialBytes = rows.filter((r) => r[0] === 'initial').reduce((s, r) => s + r[2], 0);
  const totalBytes = rows.reduce((s, r) => s + r[2], 0);
  console.log(`  ${'total'.padEnd(9)} ${kb(initialBytes)} KB  loaded by every page`);
  console.log(`  ${'total'.padEnd(9)} ${kb(totalBytes)} KB  with the WeCom JS-SDK chunk (inside WeCom)   target ≤ 150 KB`);
  return { initialKb: initialBytes / 1024, totalKb: totalBytes / 1024 };
}

/** The dashboard page: what its first paint needs (static imports) and the ECharts chunk it fetches after. */
async function measureDashboardSize(): Promise<{ firstPaintKb: number; totalKb: number } | null> {
  const manifest = JSON.parse(await readFile(path.join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  if (!manifest['dashboard.html']) {
    console.log('\nDashboard: not in the build (mini-app/dashboard.html missing)');
    return null;
  }
  const { initial, lazy } = graph(manifest, 'dashboard.html');
  const js = (files: string[]) => files.filter((f) => f.endsWith('.js'));
  const kb = (n: number) => (n / 1024).toFixed(1).padStart(6);
  let firstPaint = 0;
  let charts = 0;
  let sdk = 0;
  console.log('\nDashboard build (gzip -9, JS):');
  for (const f of js(initial)) {
    const size = await gzipSize(f);
    firstPaint += size;
    console.log(`  ${'first'.padEnd(9)} ${kb(size)} KB  ${f}`);
  }
  for (const f of js(lazy)) {
    const size = await gzipSize(f);
    const inWeCom = /wecom/i.test(f); // the JS-SDK, fetched only inside WeCom
    if (inWeCom) sdk += size;
    else charts += size;
    console.log(`  ${(inWeCom ? 'in WeCom' : 'after').padEnd(9)} ${kb(size)} KB  ${f}`);
  }
  console.log(`  ${'total'.padEnd(9)} ${kb(firstPaint)} KB  first paint (header, overdue list)   target ≤ 120 KB`);
  console.log(`  ${'total'.padEnd(9)} ${kb(firstPaint + charts)} KB  with the charts (ECharts, fetched after first paint)`);
  console.log(`  ${'total'.padEnd(9)} ${kb(firstPaint + charts + sdk)} KB  inside WeCom (with the JS-SDK chunk)`);
  const total = firstPaint + charts;
  return { firstPaintKb: firstPaint / 1024, totalKb: total / 1024 };
}

const medianOf = (xs: number[]) => median(ascending(xs));
const p90 = (xs: number[]) => percentile(ascending(xs), 90);

async function measureTime(): Promise<{ warm: number; cold: number }> {
  const mongo = await startMongoWireServer();
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', ALLOW_DEV_LOGIN: '1', LOG_LEVEL: 'silent', PORT: '0', WORKERS_ENABLED: '0' });
  await connectDatabase(mongo.uri, `bench_${Date.now()}`);
  const service = await buildService(config, createLogger('silent'));
  const server = service.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const scenario = await seedSidebarScenario(service.deps.defaultTenantId, { activities: 40 });
  const url = `${base}/sidebar/?devUser=${scenario.userId}&externalUserId=${scenario.boundExternalUserId}&lang=zh-CN`;

  const browser = await launchChromium();
  const phases = new Map<string, number[]>();
  const timeToCard = async (page: import('playwright-core').Page) => {
    await page.goto(url);
    await page.locator('[data-screen="card"]').waitFor();
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const api = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((r) => r.name.includes('/api/'))
        .map((r) => ({ name: new URL(r.name).pathname.replace(/\/api\/contacts\/.*/, '/api/contacts/:id'), start: r.startTime, end: r.responseEnd }));
      return { card: performance.getEntriesByName('sidebar:ready')[0]?.startTime ?? NaN, domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN, api };
    });
    const add = (k: string, v: number) => phases.set(k, [...(phases.get(k) ?? []), v]);
    add('HTML + JS + CSS → DOMContentLoaded', t.domContentLoaded);
    for (const a of t.api) add(`${a.name} (start → end)`, a.end - a.start);
    return t.card;
  };
  try {
    const warm: number[] = [];
    const page = await browser.newPage();
    for (let i = 0; i < 3; i++) await timeToCard(page); // warm-up: JIT, caches, first DB reads
    phases.clear();
    for (let i = 0; i < RUNS; i++) warm.push(await timeToCard(page));
    const warmPhases = new Map(phases);

    // First open: the same browser with its HTTP cache (and V8's code cache in it) emptied.
    const cold: number[] = [];
    const cdp = await browser.context.newCDPSession(page);
    for (let i = 0; i < COLD_RUNS; i++) {
      await cdp.send('Network.clearBrowserCache');
      cold.push(await timeToCard(page));
    }
    await page.close();
    console.log('\nNavigation start → customer card rendered (loopback, real app, headless Chromium):');
    console.log(`  reopened (HTTP cache warm, ${RUNS} runs): median ${medianOf(warm).toFixed(0)} ms, p90 ${p90(warm).toFixed(0)} ms   target < 300 ms`);
    console.log(`  first open (HTTP cache emptied, ${COLD_RUNS} runs): median ${medianOf(cold).toFixed(0)} ms, p90 ${p90(cold).toFixed(0)} ms`);
    console.log('  where the reopened time goes (medians; API calls overlap where they can):');
    for (const [phase, xs] of warmPhases) console.log(`    ${medianOf(xs).toFixed(0).padStart(5)} ms  ${phase}`);
    return { warm: medianOf(warm), cold: medianOf(cold) };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await disconnectDatabase();
    await mongo.stop();
  }
}

const size = await measureSize();
const dashboard = await measureDashboardSize();
const time = await measureTime();
console.log(
  `\nsummary: ${size.totalKb.toFixed(1)} KB gzipped JS+CSS (${size.initialKb.toFixed(1)} KB up front); ` +
    `card in ${time.warm.toFixed(0)} ms median reopened, ${time.cold.toFixed(0)} ms first open` +
    (dashboard
      ? `; dashboard ${dashboard.firstPaintKb.toFixed(1)} KB gzipped JS for first paint, ${dashboard.totalKb.toFixed(1)} KB with the charts`
      : ''),
);
