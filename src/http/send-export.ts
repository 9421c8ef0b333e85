import { PassThrough } from 'node:stream';
import type { PreparedExport } from '../crm/export/stream-table-export.js';
import { EXPORT_CONTENT_TYPES } from '../crm/export/table-writer.js';
import type { Logger } from '../logger.js';
import type { AppContext } from './app-context.js';

/** Streams a prepared export as a download named `<name>-<day>.<format>` (or its own `fileName`). */
export function sendExport(ctx: AppContext, exporting: PreparedExport, logger: Pick<Logger, 'error'>): void {
  const body = new PassThrough();
  const day = new Date().toISOString().slice(0, 10);
  ctx.set('content-type', EXPORT_CONTENT_TYPES[exporting.format]);
  ctx.set('content-disposition', `attachment; filename="${exporting.fileName ?? `${exporting.name}-${day}`}.${exporting.format}"`);
  ctx.body = body;
  // Headers are sent by now; a failure half-way can only cut the download short (the client sees an incomplete file).
  exporting.run(body).catch((error: unknown) => {
    logger.error({ err: error, export: exporting.name }, 'export failed');
    body.destroy(error as Error);
  });
}
