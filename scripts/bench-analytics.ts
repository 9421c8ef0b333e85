// `npm run bench:analytics [-- --customers N]`: segmentation and prediction over a realistic tenant —
// 100,000 customers, 1,000,000 activities and 50,000 deals by default (activities ×10 and deals ×½
// of --customers) with a hidden rule driving churn and wins (scripts/support/analytics-data.ts).
// Trains the churn and win models on a train split (4 in 5) and prints their AUC on the held-out
// fifth as `AUC win=0.xx churn=0.xx`, plus the time of the full RFM computation, of the nightly
// retraining (both models, stored versions) and of scoring every active customer and open deal.
// Seeds a throw-away database (embedded MongoDB-wire server unless MONGODB_URI is set).
import { dimensionStatistics } from '../src/crm/analytics/dimension-statistics.js';
import { rebuildRollups } from '../src/crm/analytics/rebuild-rollups.js';
import { repStatistics } from '../src/crm/analytics/rep-statistics.js';
import { randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { Tenant } from '../src/crm/models/tenant.js';
import { churnExamples, loadTenantCustomers, winExamples, type Examples } from '../src/crm/predictions/build-examples.js';
import { loadTenantHistory } from '../src/crm/predictions/customer-history.js';
import { auc, scoreWith } from '../src/crm/predictions/logistic-model.js';
import { openTicketsByCustomer } from '../src/crm/predictions/open-tickets.js';
import { scoreCustomers, scoreDeals } from '../src/crm/predictions/score-subjects.js';
import { fitOrPrior, trainTenantModels } from '../src/crm/predictions/train-tenant-models.js';
import { loadRfmMetrics } from '../src/crm/segments/load-rfm-metrics.js';
import { recomputeTenantRfm } from '../src/crm/segments/recompute-tenant-rfm.js';
import { segmentSummary } from '../src/crm/segments/segment-summary.js';
import { systemActor } from '../src/crm/actor.js';
import { connectDatabase, disconnectDatabase } from '../src/db/connect.js';
import { startMongoWireServer } from '../src/db/mongo-wire-server.js';
import { generateAnalyticsTenant } from './support/analytics-data.js';
import { insertInBatches, seededRandom } from './support/bench-data.js';
import { Staff } from '../src/crm/models/staff.js';

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : undefined;
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new Error(`--${name} needs a positive whole number`);
  return value;
}
const CUSTOMERS = flag('customers') ?? 100_000;
const ACTIVITIES = flag('activities') ?? CUSTOMERS * 10;
const DEALS = flag('deals') ?? Math.round(CUSTOMERS / 2);
const REPS = 50;
const NOW = new Date('2026-11-20T04:00:00Z');
const TZ = 'Asia/Shanghai';

const line = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
async function timed<T>(label: string, work: () => Promise<T>, describe: (r: T) => string): Promise<T> {
  const started = performance.now();
  const result = await work();
  line(label, `${seconds(performance.now() - started)} · ${describe(result)}`);
  return result;
}

/** Held-out: every fifth example. */
function heldOutAuc(kind: 'churn' | 'win', examples: Examples): string {
  const train: Examples = { ids: [], rows: [], labels: [] };
  const held: Examples = { ids: [], rows: [], labels: [] };
  examples.rows.forEach((row, i) => {
    const into = i % 5 === 0 ? held : train;
    into.ids.push(examples.ids[i]!);
    into.rows.push(row);
    into.labels.push(examples.labels[i]!);
  });
  const { model, prior } = fitOrPrior(kind, train);
  const value = auc(held.rows.map((x) => scoreWith(model, x).probability), held.labels);
  const rate = (l: number[]) => `${((100 * l.filter((y) => y === 1).length) / Math.max(1, l.length)).toFixed(0)} %`;
  line(`${kind}: train / held-out examples`, `${train.labels.length} / ${held.labels.length} (positive ${rate(examples.labels)})${prior ? ' · PRIOR (too little history)' : ''}`);
  line(`${kind}: weights (z-scored)`, model.features.map((f, j) => `${f} ${model.weights[j]!.toFixed(2)}`).join(', '));
  return value.toFixed(2);
}

async function main(): Promise<void> {
  const mongo = process.env.MONGODB_URI ? null : await startMongoWireServer();
  await connectDatabase(process.env.MONGODB_URI ?? mongo!.uri, `bench_analytics_${randomBytes(4).toString('hex')}`);
  try {
    console.log(`server: ${mongo ? 'embedded MongoDB-wire server (mongo-java-server)' : 'MONGODB_URI'}`);
    const tenantId = (await Tenant.create({ slug: `bench-analytics-${randomBytes(3).toString('hex')}`, name: 'Bench', timezone: TZ }))._id;
    const ownerIds = Array.from({ length: REPS }, () => new Types.ObjectId());
    const { customerIds } = await timed(
      'seeded',
      () => generateAnalyticsTenant({ tenantId, ownerIds, customers: CUSTOMERS, activities: ACTIVITIES, deals: DEALS, now: NOW, rand: seededRandom(16) }),
      (d) => `${d.customers} customers, ${d.activities} activities, ${d.deals} deals, ${d.contracts} contracts`,
    );
    await timed('RFM: facts read (customers, follow-ups, contracts)', () => loadRfmMetrics(tenantId, NOW, TZ), (m) => `${m.size} customers`);
    await timed('RFM: full computation (quintiles, segments)', () => recomputeTenantRfm(tenantId, NOW, TZ), (r) => `${r.customers} customers`);
    const summary = await segmentSummary(systemActor(tenantId, 'job'));
    line('RFM: segments', summary.segments.map((s) => `${s.segment} ${s.count}`).join(' · '));
    const [history, customers, openTickets] = await timed(
      'history read (activities, customers)',
      () => Promise.all([loadTenantHistory(tenantId), loadTenantCustomers(tenantId), openTicketsByCustomer(tenantId)]),
      ([h]) => `${h.customers.size} customers with history`,
    );
    const subjects = { customers, openTickets };
    const churn = heldOutAuc('churn', churnExamples(history, subjects, NOW));
    const win = heldOutAuc('win', await winExamples(tenantId, history, subjects));
    console.log(`AUC win=${win} churn=${churn}`);
    await timed('nightly retraining (both models, stored)', () => trainTenantModels(tenantId, NOW), (m) => `${m.churn.label} (${m.churn.examples}), ${m.win.label} (${m.win.examples})`);
    await timed('scoring active customers (churn)', () => scoreCustomers(tenantId, NOW), (s) => `${s.length} scored`);
    await timed('scoring open deals (win)', () => scoreDeals(tenantId, NOW), (s) => `${s.length} scored`);
    // Statistics: the reps as staff in five departments and each customer's creation on the
    // timeline (with its source), so dashboards have people and dimension values to show; then the
    // rollups rebuilt from the timeline, and what a dashboard read costs on them.
    await Staff.insertMany(ownerIds.map((_id, i) => ({ _id, tenantId, userId: `rep${i}`, name: `销售${i}`, role: 'sales', departments: [`dept${i % 5}`], active: true })));
    const sources = ['展会', '官网', '转介绍', '广告', '老客户'];
    const created = await insertInBatches('activities', function* () {
      for (const [i, customerId] of customerIds.entries()) {
        const at = new Date(NOW.getTime() - (i % 400) * 86_400_000);
        yield { tenantId, customerId, type: 'created', at, authorId: ownerIds[i % ownerIds.length], source: 'import', content: '新建', data: { stage: 'lead', dims: { source: sources[i % sources.length] } }, dedupeKey: `bench-created-${i}`, relayed: true };
      }
    });
    line('statistics: creation entries added', `${created}`);
    await timed('statistics: rollups rebuilt from scratch', () => rebuildRollups({ tenantId, timezone: TZ }), (n) => `${n} activities counted`);
    const admin = systemActor(tenantId, 'job');
    const month = { from: new Date(NOW.getTime() - 30 * 86_400_000).toISOString().slice(0, 10), to: NOW.toISOString().slice(0, 10) };
    await timed('statistics: reps vs department (30 days)', () => repStatistics(admin, month), (r) => `${r.reps.length} people, ${r.reps.reduce((s, rep) => s + rep.figures.followUps, 0)} follow-ups`);
    await timed('statistics: customers by source (30 days)', () => dimensionStatistics(admin, { ...month, dimension: 'source' }), (r) => `${r.rows.length} values, ${r.rows.reduce((s, row) => s + row.newCustomers, 0)} new customers`);
  } finally {
    await mongoose.connection.dropDatabase().catch(() => {});
    await disconnectDatabase();
    await mongo?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
