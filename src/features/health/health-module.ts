import { isDatabaseReachable } from '../../db/connect.js';
import type { AppModule } from '../../app/app-module.js';
import { guardMetrics } from '../../http/guard-metrics.js';

export const healthModule: AppModule = {
  name: 'health',
  setup(deps, router) {
    router.get('/healthz', (ctx) => {
      ctx.body = { status: 'ok' };
    });
    router.get('/readyz', async (ctx) => {
      const database = await isDatabaseReachable();
      ctx.status = database ? 200 : 503;
      ctx.body = { status: database ? 'ready' : 'not ready', database: database ? 'up' : 'down' };
    });
    router.get('/metrics', guardMetrics(deps.config), async (ctx) => {
      ctx.type = deps.metrics.contentType;
      ctx.body = await deps.metrics.metrics();
    });
  },
};
