import type { AppModule } from '../../app/app-module.js';
import type { Actor } from '../../crm/actor.js';
import type { PermissionModule } from '../../crm/permissions/catalogue.js';
import { exportContractsSchema, prepareContractExport } from '../../crm/export/export-contracts.js';
import { exportCustomersSchema, prepareCustomerExport } from '../../crm/export/export-customers.js';
import { exportDealsSchema, prepareDealExport } from '../../crm/export/export-deals.js';
import { exportFollowUpsSchema, prepareFollowUpExport } from '../../crm/export/export-follow-ups.js';
import type { PreparedExport } from '../../crm/export/stream-table-export.js';
import { actorOf } from '../../http/actor-of.js';
import type { AppContext } from '../../http/app-context.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readQuery } from '../../http/read-body.js';
import { sendExport } from '../../http/send-export.js';

type Prepare = (actor: Actor, ctx: AppContext) => Promise<PreparedExport>;

/** Each download needs the `export` action of the module whose records it lists. */
const EXPORTS: Record<string, { module: PermissionModule; prepare: Prepare }> = {
  customers: { module: 'customers', prepare: (actor, ctx) => prepareCustomerExport(actor, readQuery(ctx, exportCustomersSchema)) },
  deals: { module: 'deals', prepare: (actor, ctx) => prepareDealExport(actor, readQuery(ctx, exportDealsSchema)) },
  contracts: { module: 'contracts', prepare: (actor, ctx) => prepareContractExport(actor, readQuery(ctx, exportContractsSchema)) },
  'follow-ups': { module: 'activities', prepare: (actor, ctx) => prepareFollowUpExport(actor, readQuery(ctx, exportFollowUpsSchema)) },
};

/**
 * Downloads of lists, streamed as they are read (constant memory at any size), in the caller's
 * data scope and audited:
 *   GET /api/exports/customers?format=xlsx|csv&q=&stage=&tag=&ownerId=   (the customer list's filters)
 *   GET /api/exports/deals?format=&stage=&status=open|won|lost&ownerId=&customerId=
 *   GET /api/exports/contracts?format=&status=&ownerId=&customerId=
 *   GET /api/exports/follow-ups?format=&from=&to=&channel=&authorId=&customerId=
 */
export const exportsModule: AppModule = {
  name: 'exports',
  setup(deps, router) {
    for (const [path, { module, prepare }] of Object.entries(EXPORTS)) {
      router.get(`/api/exports/${path}`, authenticate(deps), requirePermission(module, 'export'), async (ctx) => {
        sendExport(ctx, await prepare(actorOf(ctx), ctx), deps.logger);
      });
    }
  },
};
