import { isDatabaseReachable } from '../db/connect.js';
import type { AppModule } from '../app/app-module.js';
import { metricsRegistry } from '../metrics.js';
import { guardMetrics } from './guard-metrics.js';

export const healthModule: AppModule = {
  name: 'health',
  routes(router, deps) {
    router.get('/healthz', (ctx) => {
      ctx.body = { status: 'ok' };
    });
    router.get('/readyz', async (ctx) => {
      const database = await isDatabaseReachable();
      ctx.status = database ? 200 : 503;
      ctx.body = { status: database ? 'ready' : 'not ready', database: database ? 'up' : 'down' };
    });
    router.get('/metrics', guardMetrics(deps.config), async (ctx) => {
      ctx.type = metricsRegistry.contentType;
      ctx.body = await metricsRegistry.metrics();
    });
  },
};
