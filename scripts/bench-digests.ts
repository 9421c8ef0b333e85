// `npm run bench:digests`: time to build 1,000 digests over 1M activities, and the index each
// digest query is meant to use.
//
// Seeds a throw-away database (embedded MongoDB-wire server unless MONGODB_URI is set) with
// BENCH_TENANTS tenants (default 10), each with BENCH_MANAGERS managers (100) heading a department
// of BENCH_REPS salespeople (10), BENCH_CUSTOMERS_PER_REP customers each (10), BENCH_ACTIVITIES
// activities in all (1,000,000) over the last 180 days and BENCH_REMINDERS open reminders (20,000).
// Then builds, the way the scheduled job does (tenant-wide queries shared by a tenant's digests):
//   - every manager's daily digest (1,000 by default), rendered as WeCom markdown,
//   - every manager's weekly digest,
// and, the way a preview / the /日报 command does (queries limited to one team), a sample of
// BENCH_TEAM_SAMPLE (5) digests and BENCH_MORNING_SAMPLE (10) morning lists.
// The test server uses no secondary index (every query scans its collection), so the figures are
// an upper bound; the table at the end lists the intended index per query, marks the ones the
// models do not declare yet, and — against real MongoDB — shows the plan `explain` chose.
import { randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { buildDigest, type DigestTenant } from '../src/crm/digests/build-digest.js';
import { tenantFacts } from '../src/crm/digests/digest-facts.js';
import { closedStageKeys } from '../src/crm/digests/digest-helpers.js';
import type { RecipientStaff } from '../src/crm/digests/digest-team.js';
import type { Digest } from '../src/crm/digests/digest-types.js';
import { DIGEST_QUERY_INDEXES } from '../src/crm/digests/queries/digest-query-indexes.js';
import { dingtalkMarkdownDialect } from '../src/channels/dingtalk/dingtalk-markdown-dialect.js';
import { fitDocumentMessages } from '../src/channels/shared/markdown/fit-document-messages.js';
import { utf8Bytes } from '../src/channels/shared/truncate-utf8.js';
import { wecomMarkdownDialect } from '../src/channels/wecom/wecom-markdown-dialect.js';
import { buildDigestDocument } from '../src/crm/digests/build-digest-document.js';
import { Activity } from '../src/crm/models/activity.js';
import { Customer } from '../src/crm/models/customer.js';
import { Reminder } from '../src/crm/models/reminder.js';
import { Staff } from '../src/crm/models/staff.js';
import { Tenant } from '../src/crm/models/tenant.js';
import { DEFAULT_STAGES } from '../src/crm/stages.js';
import { connectDatabase, disconnectDatabase } from '../src/db/connect.js';
import { startMongoWireServer } from '../src/db/mongo-wire-server.js';
import '../src/crm/digests/digest-run.js';
import '../src/crm/digests/digest-subscription.js';
import { declaredIndexes, explainQueries, insertInBatches, seededRandom } from './support/bench-data.js';
import { ascending, median } from './support/percentile.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TENANTS = env('BENCH_TENANTS', 10);
const MANAGERS = env('BENCH_MANAGERS', 100);
const REPS = env('BENCH_REPS', 10);
const CUSTOMERS_PER_REP = env('BENCH_CUSTOMERS_PER_REP', 10);
const ACTIVITIES = env('BENCH_ACTIVITIES', 1_000_000);
const REMINDERS = env('BENCH_REMINDERS', 20_000);
const TEAM_SAMPLE = env('BENCH_TEAM_SAMPLE', 5);
const MORNING_SAMPLE = env('BENCH_MORNING_SAMPLE', 10);
const DAY = 86_400_000;
/** Tuesday 2025-03-18 18:05 in Shanghai: the daily run; the weekly one reports on 03-10…03-16. */
const NOW = new Date('2025-03-18T10:05:00Z');
const SOURCES = ['官网', '展会', '转介绍', '广告', null];
const STAGES = DEFAULT_STAGES.map((s) => s.key);

const rand = seededRandom(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const ago = (maxDays: number) => new Date(NOW.getTime() - rand() * maxDays * DAY);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
function line(label: string, value: string): void {
  console.log(`${label.padEnd(52)} ${value}`);
}

interface TenantData {
  tenant: DigestTenant;
  managers: RecipientStaff[];
  reps: RecipientStaff[];
  staff: RecipientStaff[];
}

async function seedData(): Promise<TenantData[]> {
  const tenants: TenantData[] = [];
  const customersByTenant: { _id: Types.ObjectId; ownerId: Types.ObjectId }[][] = [];
  for (let t = 0; t < TENANTS; t++) {
    const tenantDoc = await Tenant.create({ slug: `bench-${t}`, name: `Bench ${t}`, timezone: 'Asia/Shanghai' });
    const staffDocs: Record<string, unknown>[] = [];
    for (let m = 0; m < MANAGERS; m++) {
      const dept = `部门${m}`;
      staffDocs.push({ _id: new Types.ObjectId(), tenantId: tenantDoc._id, userId: `t${t}-m${m}`, name: `经理${m}`, role: 'manager', departments: [dept], active: true });
      for (let r = 0; r < REPS; r++) {
        staffDocs.push({ _id: new Types.ObjectId(), tenantId: tenantDoc._id, userId: `t${t}-m${m}-r${r}`, name: `销售${m}-${r}`, role: 'sales', departments: [dept], active: true });
      }
    }
    await mongoose.connection.db!.collection('staff').insertMany(staffDocs);
    const staff = staffDocs as unknown as RecipientStaff[];
    const reps = staff.filter((s) => s.role === 'sales');
    const customers: { _id: Types.ObjectId; ownerId: Types.ObjectId }[] = [];
    let code = 0;
    await insertInBatches('customers', function* () {
      for (const rep of reps) {
        for (let c = 0; c < CUSTOMERS_PER_REP; c++) {
          const _id = new Types.ObjectId();
          customers.push({ _id, ownerId: rep._id });
          const cycle = rand() < 0.3 ? pick([7, 14, 30]) : null;
          yield {
            _id,
            tenantId: tenantDoc._id,
            code: `C${String(++code).padStart(6, '0')}`,
            name: `客户${t}-${code}`,
            searchText: `客户${t}-${code}`,
            stage: pick(STAGES),
            source: pick(SOURCES),
            ownerId: rep._id,
            collaboratorIds: [],
            tags: [],
            phones: [],
            customFields: {},
            deletedAt: null,
            createdAt: ago(365),
            ...(rand() < 0.6 ? { nextFollowUpAt: new Date(NOW.getTime() + (rand() * 30 - 10) * DAY) } : {}),
            ...(rand() < 0.8 ? { lastContactAt: ago(30) } : {}),
            ...(cycle ? { contactCycleDays: cycle } : {}),
          };
        }
      }
    });
    customersByTenant.push(customers);
    tenants.push({
      tenant: { tenantId: tenantDoc._id, timezone: 'Asia/Shanghai', stages: DEFAULT_STAGES },
      managers: staff.filter((s) => s.role === 'manager'),
      reps,
      staff,
    });
  }
  let n = 0;
  await insertInBatches('activities', function* () {
    for (let i = 0; i < ACTIVITIES; i++) {
      const t = i % TENANTS;
      const customer = pick(customersByTenant[t]!);
      const roll = rand();
      const type = roll < 0.7 ? 'follow_up' : roll < 0.8 ? 'stage_changed' : roll < 0.9 ? 'note' : 'tagged';
      yield {
        tenantId: tenants[t]!.tenant.tenantId,
        customerId: customer._id,
        authorId: customer.ownerId,
        type,
        at: ago(180),
        source: 'import',
        content: type === 'follow_up' ? '电话沟通' : undefined,
        data: type === 'stage_changed' ? { from: pick(STAGES), to: pick(STAGES) } : {},
        dedupeKey: `bench-${++n}`,
      };
    }
  });
  await insertInBatches('reminders', function* () {
    for (let i = 0; i < REMINDERS; i++) {
      const t = i % TENANTS;
      const rep = pick(tenants[t]!.reps);
      yield {
        tenantId: tenants[t]!.tenant.tenantId,
        staffId: rep._id,
        dueAt: new Date(NOW.getTime() + (rand() * 6 - 3) * DAY),
        text: '回访',
        status: 'open',
        notifiedAt: null,
        origin: 'manual',
        dedupeKey: `bench-r-${i}`,
      };
    }
  });
  return tenants;
}

/** Counts the queries mongoose sends and keeps the last ones, for `explain`. */
const queries: { collection: string; method: string; args: unknown[] }[] = [];
let queryCount = 0;
mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
  queryCount++;
  if (queries.length < 200) queries.push({ collection, method, args });
});

async function timeBatch(tenants: TenantData[], kind: 'daily' | 'weekly'): Promise<{ ms: number; digests: number; queries: number; bytes: number[]; forms: Record<string, number> }> {
  const before = queryCount;
  const bytes: number[] = [];
  const forms: Record<string, number> = {};
  const started = performance.now();
  for (const t of tenants) {
    const facts = tenantFacts(t.tenant.tenantId, closedStageKeys(t.tenant.stages));
    for (const manager of t.managers) {
      const digest = await buildDigest({ tenant: t.tenant, recipient: manager, kind, asOf: NOW, facts, allStaff: t.staff });
      const fitted = fitDocumentMessages(buildDigestDocument(digest, { dashboardUrl: 'https://crm.example.com/sidebar/dashboard.html' }), wecomMarkdownDialect);
      forms[fitted.form] = (forms[fitted.form] ?? 0) + 1;
      for (const b of fitted.bodies) if (b.type === 'markdown') bytes.push(utf8Bytes(b.markdown));
    }
  }
  const digests = tenants.reduce((n, t) => n + t.managers.length, 0);
  return { ms: performance.now() - started, digests, queries: queryCount - before, bytes, forms };
}

async function timeEach(recipients: { t: TenantData; who: RecipientStaff }[], kind: Digest['kind']): Promise<number[]> {
  const times: number[] = [];
  for (const { t, who } of recipients) {
    const started = performance.now();
    await buildDigest({ tenant: t.tenant, recipient: who, kind, asOf: NOW });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const mongo = process.env.MONGODB_URI ? null : await startMongoWireServer();
  const uri = process.env.MONGODB_URI ?? mongo!.uri;
  await connectDatabase(uri, `bench_digests_${randomBytes(4).toString('hex')}`);
  try {
    console.log(`server: ${mongo ? 'embedded MongoDB-wire server (mongo-java-server: no secondary index is used)' : 'MONGODB_URI'}`);
    let started = performance.now();
    const tenants = await seedData();
    const counts = await Promise.all([Activity.estimatedDocumentCount(), Customer.estimatedDocumentCount(), Staff.estimatedDocumentCount(), Reminder.estimatedDocumentCount()]);
    line('seeded', `${counts[0]} activities, ${counts[1]} customers, ${counts[2]} staff, ${counts[3]} reminders in ${seconds(performance.now() - started)}`);

    queries.length = 0;
    const daily = await timeBatch(tenants, 'daily');
    const dailyQueries = [...queries];
    line(`daily digests, scheduled-run path (${TENANTS} tenants)`, `${daily.digests} built in ${seconds(daily.ms)} (${(daily.ms / daily.digests).toFixed(1)} ms each), ${daily.queries} queries`);
    const sorted = ascending(daily.bytes);
    line('  WeCom markdown size', `median ${median(sorted)} B, max ${sorted.at(-1)} B (limit 2048); forms ${JSON.stringify(daily.forms)}`);
    const weekly = await timeBatch(tenants, 'weekly');
    line('weekly digests, scheduled-run path', `${weekly.digests} built in ${seconds(weekly.ms)} (${(weekly.ms / weekly.digests).toFixed(1)} ms each), ${weekly.queries} queries`);

    const sample = tenants.flatMap((t) => t.managers.slice(0, 1).map((who) => ({ t, who }))).slice(0, TEAM_SAMPLE);
    const team = await timeEach(sample, 'daily');
    line(`daily digest, one team (preview / command), n=${team.length}`, `median ${median(team).toFixed(0)} ms, max ${team.at(-1)!.toFixed(0)} ms`);
    const morningSample = tenants.flatMap((t) => t.reps.slice(0, Math.ceil(MORNING_SAMPLE / TENANTS)).map((who) => ({ t, who }))).slice(0, MORNING_SAMPLE);
    const morning = await timeEach(morningSample, 'morning');
    line(`morning list, one salesperson, n=${morning.length}`, `median ${median(morning).toFixed(0)} ms, max ${morning.at(-1)!.toFixed(0)} ms`);

    console.log('\nIntended index per digest query (test server: not used; ✔ declared on the model, ✚ proposed):');
    const declared = declaredIndexes();
    for (const q of DIGEST_QUERY_INDEXES) {
      const isDeclared = (declared.get(q.collection) ?? []).includes(JSON.stringify(q.index));
      const mark = isDeclared ? '✔' : q.proposed ? '✚' : '✘ MISSING';
      console.log(`  ${mark} ${q.query.padEnd(40)} ${q.collection}.${JSON.stringify(q.index)}`);
      console.log(`      ${q.filter}${q.note ? ` — ${q.note}` : ''}`);
    }
    queries.length = 0;
    queries.push(...dailyQueries.slice(0, 12));
    console.log('\nexplain of the first queries of the daily run:');
    for (const l of await explainQueries(queries)) console.log(`  ${l}`);
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
