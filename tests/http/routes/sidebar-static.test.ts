import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSidebarStaticModule } from '../../../src/features/sidebar/sidebar-module.js';
import { ensureSidebarBuilt } from '../../support/e2e/ensure-sidebar-built.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { useTestDatabase } from '../../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let dist: string;
let app: TestApp;
let unbuilt: TestApp;

const INDEX = '<!doctype html><html><head><script type="module" src="/sidebar/assets/index-Ab12Cd34.js"></script></head><body><div id="app"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

/** Raw HTTP, so paths reach the server exactly as written (fetch would normalise `..`). */
function rawGet(baseUrl: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path: rawPath, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  db = await useTestDatabase();
  dist = await mkdtemp(path.join(tmpdir(), 'sidebar-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), INDEX);
  await writeFile(path.join(dist, 'dashboard.html'), '<!doctype html><title>dash</title>');
  await writeFile(path.join(dist, 'assets/index-Ab12Cd34.js'), SCRIPT);
  await writeFile(path.join(dist, 'assets/index-Ab12Cd34.css'), 'body{margin:0}');
  await mkdir(path.join(dist, '.vite'));
  await writeFile(path.join(dist, '.vite/manifest.json'), '{"outside":true}');
  await writeFile(path.join(path.dirname(dist), `${path.basename(dist)}-secret.txt`), 'outside');
  app = await startTestApp({ modules: [createSidebarStaticModule({ distDir: dist })] });
  unbuilt = await startTestApp({ modules: [createSidebarStaticModule({ distDir: path.join(dist, 'nope') })] });
});
afterAll(async () => {
  await app.close();
  await unbuilt.close();
  await rm(dist, { recursive: true, force: true });
  await rm(path.join(path.dirname(dist), `${path.basename(dist)}-secret.txt`), { force: true });
  await db.drop();
});

describe('GET /sidebar/ (static build)', () => {
  test('/sidebar redirects to /sidebar/ keeping the query', async () => {
    const res = await rawGet(app.baseUrl, '/sidebar?devUser=a&externalUserId=wm1');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/sidebar/?devUser=a&externalUserId=wm1');
  });

  test('index.html is revalidated on every load and carries the CSP', async () => {
    const res = await rawGet(app.baseUrl, '/sidebar/?code=abc&state=x');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body.toString()).toBe(INDEX);
  });

  test('hashed assets are immutable for a year and gzipped when the client accepts it', async () => {
    const plain = await rawGet(app.baseUrl, '/sidebar/assets/index-Ab12Cd34.js');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);

    const zipped = await rawGet(app.baseUrl, '/sidebar/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(SCRIPT.length / 10);
    expect(gunzipSync(zipped.body).toString()).toBe(SCRIPT);

    const css = await rawGet(app.baseUrl, '/sidebar/assets/index-Ab12Cd34.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  test('a matching ETag answers 304 without a body; a changed file gets a new ETag', async () => {
    const first = await rawGet(app.baseUrl, '/sidebar/');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await rawGet(app.baseUrl, '/sidebar/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);

    await writeFile(path.join(dist, 'dashboard.html'), '<!doctype html><title>dash v2</title>');
    const dash = await rawGet(app.baseUrl, '/sidebar/dashboard.html');
    expect(dash.body.toString()).toContain('dash v2');
    expect(dash.headers['cache-control']).toBe('no-cache');
  });

  test('client-side routes fall back to index.html; missing assets are 404, never HTML', async () => {
    const route = await rawGet(app.baseUrl, '/sidebar/customers/123/timeline');
    expect(route.status).toBe(200);
    expect(route.body.toString()).toBe(INDEX);

    const missing = await rawGet(app.baseUrl, '/sidebar/assets/index-Zz99.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/json');
  });

  test('paths cannot leave the build directory, however they are encoded', async () => {
    const secret = `${path.basename(dist)}-secret.txt`;
    for (const p of [
      `/sidebar/../${secret}`,
      `/sidebar/%2e%2e/${secret}`,
      `/sidebar/..%2f${secret}`,
      `/sidebar/assets/..%2f..%2f${secret}`,
      `/sidebar/%252e%252e/${secret}`,
      '/sidebar/assets/%00.js',
      '/sidebar/%E0%A4%A',
      '/sidebar/.vite/manifest.json',
    ]) {
      const res = await rawGet(app.baseUrl, p);
      expect(res.body.toString(), p).not.toContain('outside');
      expect([400, 404], p).toContain(res.status);
    }
  });

  test('without a build the page answers 503 saying how to build it', async () => {
    const res = await rawGet(unbuilt.baseUrl, '/sidebar/');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body.toString()).error.message).toContain('npm run build:sidebar');
  });
});

describe('the real build', () => {
  test('index.html and every asset it references are served by the default module', async () => {
    await ensureSidebarBuilt();
    const real = await startTestApp({ modules: [createSidebarStaticModule()] });
    try {
      const index = await rawGet(real.baseUrl, '/sidebar/');
      expect(index.status).toBe(200);
      const refs = [...index.body.toString().matchAll(/(?:src|href)="(\/sidebar\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThanOrEqual(2);
      for (const ref of refs) {
        const asset = await rawGet(real.baseUrl, ref);
        expect(asset.status, ref).toBe(200);
        expect(asset.headers['cache-control'], ref).toContain('immutable');
      }
    } finally {
      await real.close();
    }
  });
});
