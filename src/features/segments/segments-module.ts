import { Types } from 'mongoose';
import type { AppModule } from '../../app/app-module.js';
import { recomputeCustomerRfm } from '../../crm/segments/recompute-customer-rfm.js';
import { recomputeTenantRfm } from '../../crm/segments/recompute-tenant-rfm.js';
import { segmentSummary } from '../../crm/segments/segment-summary.js';
import { getTenant } from '../../crm/tenants/get-tenant.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { nightlyAnalyticsJob } from '../../jobs/nightly-analytics-job.js';

/** The facts that move a customer's R, F or M. */
const RFM_FACTS = ['follow_up', 'contract_signed', 'payment_recorded'] as const;

/**
 * RFM segmentation: `GET /api/segments/summary` (customers per segment in the caller's scope),
 * `POST /api/segments/recompute` (manager, admin: the whole tenant now), `?segment=` on the
 * customer list; a domain-event subscriber rescores a customer when a follow-up, signed contract or
 * payment is recorded, and the nightly analytics job recomputes the quintiles per tenant.
 */
export const segmentsModule: AppModule = {
  name: 'segments',
  setup(deps, router) {
    const auth = authenticate(deps);
    router.get('/api/segments/summary', auth, requirePermission('segments', 'view'), async (ctx) => {
      ctx.body = await segmentSummary(actorOf(ctx));
    });
    router.post('/api/segments/recompute', auth, requirePermission('segments', 'admin'), async (ctx) => {
      const { tenantId } = actorOf(ctx);
      const tenant = await getTenant(tenantId);
      ctx.body = await recomputeTenantRfm(tenantId, new Date(), tenant.timezone ?? deps.config.DEFAULT_TIMEZONE);
    });
    deps.domainEvents.subscribe({
      name: 'rfm',
      types: RFM_FACTS,
      // Rescoring reads the customer's current facts, so a redelivery writes the same scores again.
      async handle(event) {
        const tenantId = new Types.ObjectId(event.tenantId);
        const tenant = await getTenant(tenantId);
        await recomputeCustomerRfm(tenantId, new Types.ObjectId(event.activity.customerId), new Date(), tenant.timezone ?? deps.config.DEFAULT_TIMEZONE);
      },
    });
    deps.jobs.add(
      nightlyAnalyticsJob({
        name: 'nightly-rfm',
        steps: [{ name: 'rfm', run: ({ tenantId, timezone }, now) => recomputeTenantRfm(tenantId, now, timezone) }],
        logger: deps.logger.child({ component: 'analytics' }),
      }),
    );
  },
};
