// `npm run import -- FILE [--yes] [--on-duplicate skip|update|merge|create] [--owner USERID] [--kind customers|followups|products]`:
// imports customers (or, with --kind followups, follow-up history on existing customers; --owner is then
// the author of rows without one; with --kind products, the product catalogue: --on-duplicate skip|update
// for SKUs already in it) from a CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX. Previews every row first and
// asks before importing (--yes does not ask); then runs the import as the service's background job
// would — the same durable, resumable, idempotent job — with a progress bar. Rejected rows are
// written to FILE-rejected.csv. Works whether the service runs or not (openDatabaseForTool).
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { hostname } from 'node:os';
import { loadConfigOrExit } from '../src/config.js';
import { systemActor, type Actor } from '../src/crm/actor.js';
import { findImport } from '../src/crm/imports/find-import.js';
import { IMPORT_KINDS, type ImportKind } from '../src/crm/imports/import-kinds.js';
import { DUPLICATE_CHOICES, type DuplicateChoice } from '../src/crm/imports/import-mapping.js';
import { toImportView, type ImportView } from '../src/crm/imports/import-view.js';
import { previewStoredImport } from '../src/crm/imports/preview-stored-import.js';
import { rejectedRowsReport } from '../src/crm/imports/rejected-rows-report.js';
import { startImport } from '../src/crm/imports/start-import.js';
import { uploadImport } from '../src/crm/imports/upload-import.js';
import { ensureDefaultTenant } from '../src/crm/tenants/ensure-default-tenant.js';
import { openDatabaseForTool } from '../src/db/open-database.js';
import { CrmError } from '../src/errors.js';
import { newImportToken } from '../src/features/imports/claim-import-job.js';
import { runNextImport } from '../src/features/imports/run-next-import.js';
import { createLogger } from '../src/logger.js';

const USAGE = 'usage: npm run import -- FILE [--yes] [--on-duplicate skip|update|merge|create] [--owner USERID] [--kind customers|followups|products]';

interface Options {
  file: string;
  yes: boolean;
  onDuplicate: DuplicateChoice;
  owner?: string;
  kind: ImportKind;
}

function readOptions(): Options | string {
  let parsed;
  try {
    parsed = parseArgs({
      options: { yes: { type: 'boolean', short: 'y' }, 'on-duplicate': { type: 'string' }, owner: { type: 'string' }, kind: { type: 'string' } },
      allowPositionals: true,
    });
  } catch (error) {
    return (error as Error).message;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) return 'name exactly one FILE';
  const onDuplicate = parsed.values['on-duplicate'] ?? 'skip';
  if (!(DUPLICATE_CHOICES as readonly string[]).includes(onDuplicate)) return `--on-duplicate must be one of ${DUPLICATE_CHOICES.join(', ')} (got "${onDuplicate}")`;
  const kind = parsed.values.kind ?? 'customers';
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) return `--kind must be one of ${IMPORT_KINDS.join(', ')} (got "${kind}")`;
  if (kind === 'followups' && parsed.values['on-duplicate']) return `--on-duplicate applies to customer and product imports only (not --kind ${kind})`;
  if (kind === 'products' && !['skip', 'update'].includes(onDuplicate)) return `--on-duplicate for products is skip or update (got "${onDuplicate}")`;
  if (kind === 'products' && parsed.values.owner) return '--owner does not apply to --kind products';
  return { file, yes: parsed.values.yes ?? false, onDuplicate: onDuplicate as DuplicateChoice, owner: parsed.values.owner, kind: kind as ImportKind };
}

async function main(): Promise<number> {
  const options = readOptions();
  if (typeof options === 'string') {
    console.error(`${options}\n${USAGE}`);
    return 2;
  }
  try {
    if (!(await stat(options.file)).isFile()) throw new Error('not a file');
  } catch {
    console.error(`cannot read ${options.file}\n${USAGE}`);
    return 2;
  }
  const config = loadConfigOrExit();
  const database = await openDatabaseForTool(config);
  try {
    const tenant = await ensureDefaultTenant({ timezone: config.DEFAULT_TIMEZONE });
    const actor: Actor = { ...systemActor(tenant._id, 'import'), name: 'npm run import' };
    const name = path.basename(options.file);
    const uploaded = await uploadImport(actor, { name, body: createReadStream(options.file), maxBytes: config.IMPORT_MAX_BYTES, kind: options.kind });
    const id = uploaded._id.toHexString();
    console.log(`${name}: ${uploaded.format.toUpperCase()}${uploaded.encoding ? ` (${uploaded.encoding})` : ''}, header in row ${uploaded.headerRow}`);
    for (const [column, field] of Object.entries(uploaded.mapping as Record<string, string>)) console.log(`  ${column.padEnd(16)} → ${field}`);

    const bar = progressBar('checking');
    const previewed = await previewStoredImport(
      actor,
      id,
      options.kind === 'customers'
        ? { choices: { existing: options.onDuplicate, inFile: options.onDuplicate, ...(options.owner ? { defaultOwner: options.owner } : {}) } }
        : options.kind === 'products'
          ? { choices: { existing: options.onDuplicate } }
          : { choices: options.owner ? { defaultOwner: options.owner } : {} },
      (rows) => bar.update(rows, 0),
    );
    bar.done();
    printPreview(toImportView(previewed));

    const view = toImportView(previewed);
    const writes = view.preview!.actions.create + view.preview!.actions.update + view.preview!.actions.merge;
    if (!options.yes && !(await confirm(`Import ${writes} rows (create ${view.preview!.actions.create}, update ${view.preview!.actions.update}, merge ${view.preview!.actions.merge})? [y/N] `))) {
      console.log('nothing imported');
      return 1;
    }

    const { job, repeated } = await startImport(actor, id);
    const jobId = job._id.toHexString();
    if (repeated) console.log(`this file was already imported the same way (import ${jobId}, ${job.status}); nothing is imported twice`);
    const run = progressBar('importing');
    const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
    let final = toImportView(await findImport(actor, jobId));
    if (final.status === 'queued' || final.status === 'running') {
      // Run it here; when the running service's worker took it first, follow its progress instead.
      const ranHere = await runNextImport({
        token: newImportToken(`${hostname()}:${process.pid}:cli`),
        lockMs: 60_000,
        logger,
        onlyJobId: job._id,
        onProgress: (p) => {
          if (p) run.update(p.processed, p.total);
        },
      });
      if (!ranHere) {
        for (;;) {
          final = toImportView(await findImport(actor, jobId));
          run.update(final.progress.processed, final.progress.total, final);
          if (final.status !== 'queued' && final.status !== 'running') break;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
      final = toImportView(await findImport(actor, jobId));
      run.update(final.progress.processed, final.progress.total, final);
    }
    run.done();
    const p = final.progress;
    console.log(
      `import ${jobId} ${final.status}: ${p.processed} rows — ${p.created} created, ${p.updated} updated, ${p.merged} merged, ${p.skipped} skipped, ${p.rejected} rejected` +
        (final.rowsPerSecond ? ` (${final.rowsPerSecond} rows/s)` : ''),
    );
    if (final.error) console.log(`error: ${final.error}`);
    if (p.rejected > 0) {
      const out = path.join(path.dirname(options.file), `${path.basename(options.file).replace(/\.[^.]+$/, '')}-rejected.csv`);
      const report = await rejectedRowsReport(actor, jobId);
      await pipeline(Readable.from(report.lines), createWriteStream(out));
      console.log(`rejected rows with their reasons: ${out}`);
    }
    return final.status === 'done' ? 0 : 1;
  } catch (error) {
    if (error instanceof CrmError) {
      console.error(`import refused: ${error.message}`);
      return 1;
    }
    console.error(`import failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}

function printPreview(view: ImportView): void {
  const p = view.preview!;
  console.log(`preview: ${p.total} rows in ${(p.ms / 1000).toFixed(1)} s — ${p.valid} valid, ${p.rejected} rejected`);
  if (view.kind === 'followups') return printErrors(p);
  console.log(`  new ${p.classes.new} · duplicates of existing ${view.kind} ${p.classes.existing} · duplicates within the file ${p.classes.in_file}`);
  console.log(`  would create ${p.actions.create}, update ${p.actions.update}, merge ${p.actions.merge}, skip ${p.actions.skip}`);
  printErrors(p);
}

function printErrors(p: NonNullable<ImportView['preview']>): void {
  for (const e of p.errors.slice(0, 10)) console.log(`  row ${e.row}: ${e.errors.map((x) => `${x.field}: ${x.message}`).join('; ')}`);
  if (p.rejected > 10) console.log(`  … ${p.rejected - 10} more rejected rows (all listed in the report after the import)`);
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    console.log('not asking without a terminal: add --yes to import');
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(y|yes|是)$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/**
 * `[#########-----------]  45%  4500/10000 rows · 1200 rows/s · ETA 5 s` — redrawn in place on a
 * terminal, one line per second (and the last) otherwise, so logs and pipes show progress too.
 */
function progressBar(label: string) {
  const tty = process.stdout.isTTY === true;
  const started = Date.now();
  let lastPrinted = 0;
  let last = '';
  return {
    update(rows: number, total: number, view?: ImportView) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const rate = view?.rowsPerSecond ?? Math.round(rows / seconds);
      let line: string;
      if (total > 0) {
        const share = Math.min(1, rows / total);
        const filled = Math.round(share * 30);
        const eta = rate > 0 ? Math.ceil((total - rows) / rate) : null;
        line = `${label} [${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${rows}/${total} rows · ${rate} rows/s · ETA ${eta === null ? '?' : `${eta} s`}`;
      } else {
        line = `${label}: ${rows} rows · ${rate} rows/s`;
      }
      last = line;
      if (tty) process.stdout.write(`\r${line}`);
      else if (Date.now() - lastPrinted >= 1000 || (total > 0 && rows >= total)) {
        console.log(line);
        lastPrinted = Date.now();
      }
    },
    done() {
      if (tty && last) process.stdout.write('\n');
    },
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
