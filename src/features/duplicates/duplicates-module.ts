import type { AppModule } from '../../app/app-module.js';
import { toCustomerView } from '../../crm/customers/customer-view.js';
import { dismissDuplicatePair } from '../../crm/dedupe/dismiss-duplicate-pair.js';
import { listDuplicatePairs } from '../../crm/dedupe/list-duplicate-pairs.js';
import { mergeCustomers, mergeCustomersSchema } from '../../crm/dedupe/merge-customers.js';
import { scanDuplicates } from '../../crm/dedupe/scan-duplicates.js';
import { unmergeCustomers } from '../../crm/dedupe/unmerge-customers.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';
import { nightlyDuplicateScanJob } from '../../jobs/nightly-duplicate-scan-job.js';

/**
 * Duplicate detection and merge: `POST /api/duplicates/scan` (manager, admin), `GET /api/duplicates`
 * (open pairs the caller can see both of), `POST /api/duplicates/:id/dismiss`, `POST /api/merges`
 * ({ survivorId, mergedId, fields }) and `POST /api/merges/:id/undo`; the scan also runs nightly.
 */
export const duplicatesModule: AppModule = {
  name: 'duplicates',
  setup(deps, router) {
    const auth = authenticate(deps);
    const limit = deps.config.BODY_LIMIT_BYTES;
    router.post('/api/duplicates/scan', auth, requirePermission('duplicates', 'admin'), async (ctx) => {
      ctx.body = await scanDuplicates(actorOf(ctx).tenantId);
    });
    router.get('/api/duplicates', auth, requirePermission('duplicates', 'view'), async (ctx) => {
      ctx.body = { items: await listDuplicatePairs(actorOf(ctx)) };
    });
    router.post('/api/duplicates/:id/dismiss', auth, requirePermission('duplicates', 'edit'), async (ctx) => {
      await dismissDuplicatePair(actorOf(ctx), String(ctx.params.id));
      ctx.status = 204;
    });
    router.post('/api/merges', auth, requirePermission('duplicates', 'edit'), async (ctx) => {
      const result = await mergeCustomers(actorOf(ctx), await readJsonBody(ctx, mergeCustomersSchema, limit));
      ctx.status = 201;
      ctx.body = { mergeId: String(result.mergeId), moved: result.moved, survivor: await toCustomerView(result.survivor) };
    });
    router.post('/api/merges/:id/undo', auth, requirePermission('duplicates', 'edit'), async (ctx) => {
      const restored = await unmergeCustomers(actorOf(ctx), String(ctx.params.id));
      ctx.body = { survivorId: String(restored.survivorId), mergedId: String(restored.mergedId) };
    });
    deps.jobs.add(nightlyDuplicateScanJob({ tenantId: deps.defaultTenantId, timezone: deps.config.DEFAULT_TIMEZONE, logger: deps.logger.child({ component: 'duplicates' }) }));
  },
};
