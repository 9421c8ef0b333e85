import { PassThrough } from 'node:stream';
import type { AppModule } from '../../app/app-module.js';
import { exportCustomersSchema, prepareCustomerExport } from '../../crm/export/export-customers.js';
import { EXPORT_CONTENT_TYPES } from '../../crm/export/table-writer.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { readQuery } from '../../http/read-body.js';

/**
 * Downloads of lists, streamed as they are read (constant memory at any size), in the caller's
 * data scope and audited: `GET /api/exports/customers?format=xlsx|csv&q=&stage=&tag=&ownerId=`
 * (the customer list's filters).
 */
export const exportsModule: AppModule = {
  name: 'exports',
  setup(deps, router) {
    router.get('/api/exports/customers', authenticate(deps), async (ctx) => {
      const exporting = await prepareCustomerExport(actorOf(ctx), readQuery(ctx, exportCustomersSchema));
      const body = new PassThrough();
      const day = new Date().toISOString().slice(0, 10);
      ctx.set('content-type', EXPORT_CONTENT_TYPES[exporting.format]);
      ctx.set('content-disposition', `attachment; filename="customers-${day}.${exporting.format}"`);
      ctx.body = body;
      // Headers are sent by now; a failure half-way can only cut the download short (the client sees an incomplete file).
      exporting.run(body).catch((error: unknown) => {
        deps.logger.error({ err: error }, 'customer export failed');
        body.destroy(error as Error);
      });
    });
  },
};
