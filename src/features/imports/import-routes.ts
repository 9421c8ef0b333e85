import { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppDeps } from '../../app/app-module.js';
import { findImport } from '../../crm/imports/find-import.js';
import { fileTooLarge } from '../../crm/imports/import-files.js';
import { IMPORT_KINDS } from '../../crm/imports/import-kinds.js';
import { toImportView } from '../../crm/imports/import-view.js';
import { listImports } from '../../crm/imports/list-imports.js';
import { anyPreviewInputSchema, previewStoredImport } from '../../crm/imports/preview-stored-import.js';
import { rejectedRowsReport } from '../../crm/imports/rejected-rows-report.js';
import { listMappings, saveMapping, savedMappingSchema } from '../../crm/imports/saved-mappings.js';
import { startImport } from '../../crm/imports/start-import.js';
import { uploadImport } from '../../crm/imports/upload-import.js';
import { actorOf } from '../../http/actor-of.js';
import type { AppRouter } from '../../http/app-context.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody, readQuery } from '../../http/read-body.js';
import { readIdParam } from '../../http/read-id-param.js';
import type { WakeSignal } from '../../queue/wake-signal.js';

const uploadQuery = z
  .object({
    name: z.string().trim().min(1, 'the file name is required (?name=clients.xlsx)').max(200),
    mapping: z.string().trim().min(1).max(60).optional(),
    kind: z.enum(IMPORT_KINDS).optional(),
  })
  .strict();

/**
 * POST /api/imports?name=&mapping=&kind=customers|followups|products  (body: the file's bytes) → 201 the import with its columns and proposed mapping
 * POST /api/imports/:id/preview {mapping?, choices?} → the figures; POST /api/imports/:id/start → 202 (200 when repeated)
 * GET /api/imports, GET /api/imports/:id (progress, rows/s, ETA), GET /api/imports/:id/rejected.csv
 * GET|POST /api/imports/mappings (saved mappings by name). Admins only.
 */
export function mountImportRoutes(deps: AppDeps, router: AppRouter, wake: WakeSignal): void {
  const guard = [authenticate(deps)] as const;
  const maxBytes = deps.config.IMPORT_MAX_BYTES;

  router.get('/api/imports/mappings', ...guard, requirePermission('imports', 'view'), async (ctx) => {
    ctx.body = { items: await listMappings(actorOf(ctx)) };
  });

  router.post('/api/imports/mappings', ...guard, requirePermission('imports', 'create'), async (ctx) => {
    const input = await readJsonBody(ctx, savedMappingSchema, deps.config.BODY_LIMIT_BYTES);
    ctx.body = await saveMapping(actorOf(ctx), input);
  });

  router.post('/api/imports', ...guard, requirePermission('imports', 'create'), async (ctx) => {
    const query = readQuery(ctx, uploadQuery);
    const declared = ctx.request.length;
    // A declared size over the limit is refused before a byte is read; an undeclared one is counted while stored.
    if (declared !== undefined && declared > maxBytes) throw fileTooLarge(maxBytes);
    const job = await uploadImport(actorOf(ctx), { name: query.name, body: ctx.req, maxBytes, savedMapping: query.mapping, kind: query.kind });
    ctx.status = 201;
    ctx.body = toImportView(job);
  });

  router.get('/api/imports', ...guard, requirePermission('imports', 'view'), async (ctx) => {
    ctx.body = { items: (await listImports(actorOf(ctx))).map((job) => toImportView(job)) };
  });

  router.get('/api/imports/:id', ...guard, requirePermission('imports', 'view'), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = toImportView(await findImport(actorOf(ctx), readIdParam(ctx, 'import')));
  });

  router.post('/api/imports/:id/preview', ...guard, requirePermission('imports', 'create'), async (ctx) => {
    const id = readIdParam(ctx, 'import');
    const input = await readJsonBody(ctx, anyPreviewInputSchema, deps.config.BODY_LIMIT_BYTES);
    ctx.body = toImportView(await previewStoredImport(actorOf(ctx), id, input));
  });

  router.post('/api/imports/:id/start', ...guard, requirePermission('imports', 'create'), async (ctx) => {
    const { job, repeated } = await startImport(actorOf(ctx), readIdParam(ctx, 'import'));
    if (!repeated) wake.notify();
    ctx.status = repeated ? 200 : 202;
    ctx.body = { ...toImportView(job), repeated };
  });

  router.get('/api/imports/:id/rejected.csv', ...guard, requirePermission('imports', 'view'), async (ctx) => {
    const report = await rejectedRowsReport(actorOf(ctx), readIdParam(ctx, 'import'));
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(report.fileName)}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = Readable.from(report.lines);
  });
}
