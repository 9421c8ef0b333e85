// `npm run bench:import [-- --rows N]`: generates an XLSX of N customer rows (default 100,000) with 5%
// duplicates within the file and 5% duplicates of customers already in the CRM, then measures the
// import as it runs in the service: the preview (every row read, validated and classified), the
// background job (rows/s), the peak RSS of this process (the importing one; the MongoDB-wire
// server is a separate process), and backup and restore of the tenant's database (src/db/backup).
// Runs against MONGODB_URI when set, else an embedded MongoDB-wire server on an H2 file in a temporary
// folder (BENCH_IN_MEMORY=1: its in-memory backend), like the embedded default.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config.js';
import { systemActor, type Actor } from '../src/crm/actor.js';
import { prepareCustomerExport } from '../src/crm/export/export-customers.js';
import { findImport } from '../src/crm/imports/find-import.js';
import { toImportView } from '../src/crm/imports/import-view.js';
import { previewStoredImport } from '../src/crm/imports/preview-stored-import.js';
import { startImport } from '../src/crm/imports/start-import.js';
import { uploadImport } from '../src/crm/imports/upload-import.js';
import { Customer } from '../src/crm/models/customer.js';
import { Staff } from '../src/crm/models/staff.js';
import { ensureDefaultTenant } from '../src/crm/tenants/ensure-default-tenant.js';
import { restoreBackup } from '../src/db/backup/restore-backup.js';
import { writeBackup } from '../src/db/backup/write-backup.js';
import { connectDatabase, disconnectDatabase } from '../src/db/connect.js';
import { startMongoWireServer } from '../src/db/mongo-wire-server.js';
import { newImportToken } from '../src/features/imports/claim-import-job.js';
import { runNextImport } from '../src/features/imports/run-next-import.js';

const { values } = parseArgs({ options: { rows: { type: 'string' } } });
const ROWS = Number(values.rows ?? 100_000);
if (!Number.isInteger(ROWS) || ROWS < 100) {
  console.error('usage: npm run bench:import [-- --rows N]  (N ≥ 100)');
  process.exit(2);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Peak RSS of this process while `work` runs (sampled every 50 ms). */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakRss: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = Date.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, ms: Date.now() - started, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

const phone = (i: number) => `13${String(100_000_000 + i).slice(0, 9)}`;

/** Row i of the file: 5% repeat an earlier row's phone, 5% carry an existing customer's phone, the rest are new. */
function rowFor(i: number, owners: string[]): Array<string | number> {
  const kind = i % 20;
  const mobile = kind === 7 && i > 20 ? phone(i - 13) : kind === 13 ? phone(5_000_000 + i) : phone(i);
  return [
    `客户${i}`,
    `公司${i % 5000}`,
    mobile,
    `c${i}@example.com`,
    i % 3 === 0 ? 'VIP,展会' : '展会',
    owners[i % owners.length]!,
    ['潜在', '意向', '谈判'][i % 3]!,
    ['A', 'B', 'C'][i % 3]!,
    i % 10 === 0 ? `第 ${i} 行的备注` : '',
  ];
}

async function writeXlsx(file: string, owners: string[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(['客户名称', '公司', '手机', '邮箱', '标签', '负责人', '阶段', '级别', '备注']).commit();
  for (let i = 0; i < ROWS; i++) sheet.addRow(rowFor(i, owners)).commit();
  sheet.commit();
  await workbook.commit();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', IMPORT_MAX_BYTES: String(1024 * 1024 * 1024) });
  let stopDatabase = async () => {};
  let uri = config.MONGODB_URI;
  if (!uri) {
    const server = await startMongoWireServer(process.env.BENCH_IN_MEMORY === '1' ? {} : { file: path.join(dir, 'chatcrm.mv') });
    uri = server.uri;
    stopDatabase = () => server.stop();
  }
  const dbName = `bench_import_${randomBytes(4).toString('hex')}`;
  await connectDatabase(uri, dbName);
  try {
    const tenant = await ensureDefaultTenant({ timezone: config.DEFAULT_TIMEZONE });
    const owners = ['sales01', 'sales02', 'sales03', 'sales04'];
    const staff = await Staff.insertMany(owners.map((userId, i) => ({ tenantId: tenant._id, userId, name: `销售${i + 1}`, role: 'sales' })));
    // The customers already in the CRM: one per file row of kind 13 (5% of the rows).
    const existing = [];
    for (let i = 13; i < ROWS; i += 20) {
      existing.push({
        tenantId: tenant._id,
        code: `X${i}`,
        name: `老客户${i}`,
        phones: [phone(5_000_000 + i)],
        stage: 'lead',
        ownerId: staff[0]!._id,
        searchText: `老客户${i}`,
      });
    }
    for (let i = 0; i < existing.length; i += 2000) await Customer.insertMany(existing.slice(i, i + 2000));

    const file = path.join(dir, 'customers.xlsx');
    const generated = await measure(() => writeXlsx(file, owners));
    const size = statSync(file).size;
    console.log(`file: ${ROWS} rows, ${mb(size)} XLSX (generated in ${seconds(generated.ms)}); ${existing.length} customers already in the CRM`);

    const actor: Actor = { ...systemActor(tenant._id, 'import'), name: 'bench' };
    const baseRss = process.memoryUsage().rss;
    const upload = await measure(() => uploadImport(actor, { name: 'customers.xlsx', body: createReadStream(file), maxBytes: config.IMPORT_MAX_BYTES }));
    const id = upload.result._id.toHexString();
    const preview = await measure(() => previewStoredImport(actor, id, { choices: { existing: 'merge', inFile: 'skip', defaultOwner: 'sales01' } }));
    const p = toImportView(preview.result).preview!;
    console.log(`upload: ${seconds(upload.ms)}`);
    console.log(
      `preview time: ${seconds(preview.ms)} (${Math.round(ROWS / (preview.ms / 1000))} rows/s) — ${p.valid} valid, ${p.rejected} rejected; ` +
        `new ${p.classes.new}, duplicates of existing ${p.classes.existing}, within the file ${p.classes.in_file}`,
    );
    for (const e of p.errors.slice(0, 3)) console.log(`  rejected row ${e.row}: ${e.errors.map((x) => `${x.field}: ${x.message}`).join('; ')}`);
    await startImport(actor, id);
    const run = await measure(() => runNextImport({ token: newImportToken('bench'), lockMs: 60_000, logger: { info() {}, warn() {}, error: (o: unknown) => console.error(o) } }));
    const done = toImportView(await findImport(actor, id));
    const pr = done.progress;
    console.log(
      `import: ${done.status} in ${seconds(run.ms)} — import rows/s: ${Math.round(pr.processed / (run.ms / 1000))} ` +
        `(${pr.created} created, ${pr.merged} merged, ${pr.skipped} skipped, ${pr.rejected} rejected)`,
    );
    console.log(
      `peak RSS (this process): baseline ${mb(baseRss)}, upload ${mb(upload.peakRss)}, preview ${mb(preview.peakRss)}, import ${mb(run.peakRss)} ` +
        `(target < 300 MB)`,
    );
    for (const format of ['xlsx', 'csv'] as const) {
      const out = path.join(dir, `export.${format}`);
      const exporting = await prepareCustomerExport({ ...actor, source: 'system' }, { format });
      const exported = await measure(() => exporting.run(createWriteStream(out)));
      console.log(
        `export (${format}): ${exported.result} rows in ${seconds(exported.ms)} — export rows/s: ${Math.round(exported.result / (exported.ms / 1000))}, ` +
          `${mb(statSync(out).size)}, peak RSS ${mb(exported.peakRss)}`,
      );
    }

    const db = mongoose.connection.db!;
    const archive = path.join(dir, 'tenant.tar');
    const backup = await measure(() => writeBackup(db, archive));
    const documents = backup.result.collections.reduce((sum, c) => sum + c.count, 0);
    console.log(`backup: ${seconds(backup.ms)} (${documents} documents, ${mb(statSync(archive).size)}; the bench database holds this one tenant)`);
    const target = mongoose.connection.useDb(`${dbName}_restored`).db!;
    const restore = await measure(() => restoreBackup(target, archive));
    console.log(`restore: ${seconds(restore.ms)} into an empty database (${Object.values(restore.result.counts).reduce((a, b) => a + b, 0)} documents)`);
    await target.dropDatabase();
    await db.dropDatabase();
  } finally {
    await disconnectDatabase();
    await stopDatabase();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
