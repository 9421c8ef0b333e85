import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildService, type Service } from '../../src/app/build-service.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { AppModule } from '../../src/app/app-module.js';
import { createLogger } from '../../src/logger.js';

export const TEST_JWT_SECRET = 'test-secret-0123456789-0123456789-abcdef';

export interface TestApp {
  baseUrl: string;
  service: Service;
  config: Config;
  /** Dev-login as a staff member; returns a bearer token. */
  login(userId: string, role?: 'sales' | 'manager' | 'admin', departments?: string[], tenantId?: string): Promise<string>;
  /** JSON request helper: returns status and parsed body. */
  request<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * Starts the real Koa app over real HTTP on a random port (database: whatever mongoose is
 * connected to — call useTestDatabase() first). Background workers are not started.
 */
export async function startTestApp(options: { env?: Record<string, string>; modules?: AppModule[] } = {}): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    ALLOW_DEV_LOGIN: '1',
    LOG_LEVEL: 'silent',
    PORT: '0',
    // Tests that start the scheduler on the wall clock would otherwise write a nightly archive into ./data.
    BACKUP_KEEP_DAYS: '0',
    ...options.env,
  });
  const service = await buildService(config, createLogger(config.LOG_LEVEL), options.modules);
  const server: Server = service.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const request: TestApp['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as any, headers: response.headers };
  };

  return {
    baseUrl,
    service,
    config,
    request,
    async login(userId, role = 'sales', departments = [], tenantId) {
      const res = await request('POST', '/api/auth/dev', { body: { userId, role, departments, ...(tenantId ? { tenantId } : {}) } });
      if (res.status !== 200) throw new Error(`dev login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
