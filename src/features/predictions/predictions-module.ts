import type { AppModule } from '../../app/app-module.js';
import { listDealPredictionsSchema, predictCustomerChurn, predictDealsForActor } from '../../crm/predictions/predict-for-actor.js';
import { scoreCustomers, scoreDeals } from '../../crm/predictions/score-subjects.js';
import { trainTenantModels } from '../../crm/predictions/train-tenant-models.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readQuery } from '../../http/read-body.js';
import { readIdParam } from '../../http/read-id-param.js';
import { nightlyAnalyticsJob } from '../../jobs/nightly-analytics-job.js';

/**
 * Win probability and churn risk from per-tenant logistic models: `GET /api/predictions/customers/:id`
 * (churn now, with reasons and model version), `GET /api/predictions/deals?customerId=&ownerId=&limit=`
 * (open deals in scope), `POST /api/predictions/retrain` (admin); the nightly job retrains both
 * models and scores active customers and open deals, per tenant, behind the job lease.
 */
export const predictionsModule: AppModule = {
  name: 'predictions',
  setup(deps, router) {
    const auth = authenticate(deps);
    router.get('/api/predictions/customers/:id', auth, requirePermission('predictions', 'view'), async (ctx) => {
      ctx.body = { churn: await predictCustomerChurn(actorOf(ctx), readIdParam(ctx, 'customer')) };
    });
    router.get('/api/predictions/deals', auth, requirePermission('predictions', 'view'), async (ctx) => {
      ctx.body = { items: await predictDealsForActor(actorOf(ctx), readQuery(ctx, listDealPredictionsSchema)) };
    });
    router.post('/api/predictions/retrain', auth, requirePermission('predictions', 'admin'), async (ctx) => {
      const models = await trainTenantModels(actorOf(ctx).tenantId, new Date());
      const summary = (m: (typeof models)['churn']) => ({ version: m.label, prior: m.prior, examples: m.examples, positives: m.positives });
      ctx.body = { churn: summary(models.churn), win: summary(models.win) };
    });
    deps.jobs.add(
      nightlyAnalyticsJob({
        name: 'nightly-predictions',
        steps: [
          {
            name: 'predictions',
            async run({ tenantId }, now) {
              const models = await trainTenantModels(tenantId, now);
              const [customers, deals] = [await scoreCustomers(tenantId, now), await scoreDeals(tenantId, now)];
              return { churn: models.churn.label, win: models.win.label, customers: customers.length, deals: deals.length };
            },
          },
        ],
        logger: deps.logger.child({ component: 'analytics' }),
      }),
    );
  },
};
