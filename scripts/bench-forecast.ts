// `npm run bench:forecast [-- --deals N] [-- --contracts N]`: the manager forecast and the contract
// list over 100,000 deals and 50,000 contracts (by default; contracts default to half the deals),
// and the index each query is meant to use.
//
// Seeds a throw-away database (embedded MongoDB-wire server unless MONGODB_URI is set): one tenant,
// BENCH_DEPARTMENTS departments (20) of one manager and BENCH_REPS salespeople (10) each, a customer
// per 5 deals, deals over the stages with expected close dates ±6 months around "now", closed ones
// with closedAt, contracts with a 3-installment plan and some payments. Then times (median of
// BENCH_REPEAT runs, 3) the forecast of a manager and of the admin (month and quarter, the function
// behind GET /api/deals/forecast, /预测 and the digest) and the first page of the contract list of a
// manager and of the admin. The test server uses no secondary index (every query scans), so its
// figures are an upper bound; the table at the end lists the intended index per query, marks whether
// the model declares it, and — against real MongoDB — the plan `explain` chose.
import { randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import type { Actor } from '../src/crm/actor.js';
import { listContracts } from '../src/crm/contracts/list-contracts.js';
import { forecastForActor } from '../src/crm/deals/forecast-for-actor.js';
import { DEFAULT_DEAL_STAGES } from '../src/crm/deals/sales-settings.js';
import { Contract } from '../src/crm/models/contract.js';
import { Customer } from '../src/crm/models/customer.js';
import { Deal } from '../src/crm/models/deal.js';
import { Staff } from '../src/crm/models/staff.js';
import { Tenant } from '../src/crm/models/tenant.js';
import { connectDatabase, disconnectDatabase } from '../src/db/connect.js';
import { startMongoWireServer } from '../src/db/mongo-wire-server.js';
import { declaredIndexes, explainQueries, insertInBatches, seededRandom } from './support/bench-data.js';
import { ascending, median } from './support/percentile.js';

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : undefined;
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new Error(`--${name} needs a positive whole number`);
  return value;
}
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DEALS = flag('deals') ?? env('BENCH_DEALS', 100_000);
const CONTRACTS = flag('contracts') ?? Math.round(DEALS / 2);
const DEPARTMENTS = env('BENCH_DEPARTMENTS', 20);
const REPS = env('BENCH_REPS', 10);
const REPEAT = env('BENCH_REPEAT', 3);
const DAY = 86_400_000;
/** Friday 2026-11-20 12:00 in Shanghai: month 2026-11, quarter 2026-Q4. */
const NOW = new Date('2026-11-20T04:00:00Z');

const rand = seededRandom(7);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const around = (days: number) => new Date(NOW.getTime() + (rand() * 2 - 1) * days * DAY);
const line = (label: string, value: string) => console.log(`${label.padEnd(56)} ${value}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Seeded {
  tenantId: Types.ObjectId;
  manager: Actor;
  admin: Actor;
}

async function seedData(): Promise<Seeded> {
  const tenantId = (await Tenant.create({ slug: `bench-forecast-${randomBytes(3).toString('hex')}`, name: 'Bench', timezone: 'Asia/Shanghai' }))._id;
  const staff: { _id: Types.ObjectId; role: string; departments: string[] }[] = [];
  for (let d = 0; d < DEPARTMENTS; d++) {
    staff.push({ _id: new Types.ObjectId(), role: 'manager', departments: [`部门${d}`] });
    for (let r = 0; r < REPS; r++) staff.push({ _id: new Types.ObjectId(), role: 'sales', departments: [`部门${d}`] });
  }
  const adminId = new Types.ObjectId();
  await Staff.collection.insertMany([
    ...staff.map((s, i) => ({ ...s, tenantId, userId: `u${i}`, name: `${s.role === 'manager' ? '经理' : '销售'}${i}`, active: true })),
    { _id: adminId, tenantId, userId: 'admin', name: '管理员', role: 'admin', departments: [], active: true },
  ]);
  const reps = staff.filter((s) => s.role === 'sales');
  const customers = Array.from({ length: Math.max(1, Math.round(DEALS / 5)) }, (_, i) => ({ _id: new Types.ObjectId(), ownerId: reps[i % reps.length]!._id, n: i }));
  await insertInBatches('customers', function* () {
    for (const c of customers) {
      const name = `客户${c.n}`;
      yield { _id: c._id, tenantId, code: `C${String(c.n + 1).padStart(6, '0')}`, name, searchText: name, stage: 'lead', ownerId: c.ownerId, collaboratorIds: [], tags: [], phones: [], deletedAt: null, createdAt: NOW };
    }
  });
  await insertInBatches('deals', function* () {
    for (let i = 0; i < DEALS; i++) {
      const customer = pick(customers);
      const stage = pick(DEFAULT_DEAL_STAGES);
      yield {
        tenantId,
        customerId: customer._id,
        ownerId: customer.ownerId,
        collaboratorIds: [],
        title: `商机${i}`,
        stage: stage.key,
        probability: stage.probability,
        probabilityOverridden: false,
        amount: Math.round(rand() * 50_000) * 100 * 10,
        currency: 'CNY',
        expectedCloseDate: isoDate(around(180)),
        competitors: [],
        deletedAt: null,
        ...(stage.closed ? { closedAt: around(180), ...(stage.won ? {} : { lostReason: pick(['价格太高', '预算取消', '选了竞品']) }) } : {}),
        createdAt: NOW,
        updatedAt: NOW,
        version: 0,
      };
    }
  });
  await insertInBatches('contracts', function* () {
    for (let i = 0; i < CONTRACTS; i++) {
      const customer = pick(customers);
      const amount = Math.round(rand() * 30_000) * 1_000;
      const part = Math.floor(amount / 3);
      const start = around(360);
      const installments = [0, 1, 2].map((k) => ({ _id: new Types.ObjectId(), dueDate: isoDate(new Date(start.getTime() + k * 90 * DAY)), amount: k === 2 ? amount - 2 * part : part }));
      const paidParts = Math.floor(rand() * 4);
      const year = start.getUTCFullYear();
      yield {
        tenantId,
        number: `HT-${year}-${String(i + 1).padStart(6, '0')}`,
        numberScope: `HT-${year}-#`,
        numberSeq: i + 1,
        customerId: customer._id,
        title: `合同${i}`,
        ownerId: customer.ownerId,
        amount,
        currency: 'CNY',
        startDate: isoDate(start),
        endDate: isoDate(new Date(start.getTime() + 365 * DAY)),
        status: pick(['draft', 'signed', 'executing', 'executing', 'completed']),
        approval: { required: false },
        installments,
        payments: installments.slice(0, paidParts).map((p) => ({ _id: new Types.ObjectId(), receivedDate: p.dueDate, amount: p.amount, recordedAt: NOW })),
        createdAt: NOW,
        updatedAt: NOW,
        version: 0,
      };
    }
  });
  const manager = staff[0]!;
  return {
    tenantId,
    manager: { tenantId, staffId: manager._id, role: 'manager', departments: manager.departments, source: 'api' },
    admin: { tenantId, staffId: adminId, role: 'admin', departments: [], source: 'api' },
  };
}

/** The queries mongoose sends during a timed call, for `explain`. */
let recording: { collection: string; method: string; args: unknown[] }[] | null = null;
mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
  recording?.push({ collection, method, args });
});

async function time<T>(label: string, run: () => Promise<T>, describe: (result: T) => string): Promise<{ collection: string; method: string; args: unknown[] }[]> {
  const times: number[] = [];
  let result: T | undefined;
  let sent: { collection: string; method: string; args: unknown[] }[] = [];
  for (let i = 0; i < REPEAT; i++) {
    recording = [];
    const started = performance.now();
    result = await run();
    times.push(performance.now() - started);
    sent = recording;
    recording = null;
  }
  const sorted = ascending(times);
  line(label, `median ${median(sorted).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (n=${REPEAT}) · ${describe(result!)}`);
  return sent;
}

/** Which index each query is meant to use (the test server accepts indexes but scans). */
const INTENDED: { query: string; collection: string; index: Record<string, 1 | -1>; filter: string }[] = [
  { query: 'forecast: open deals closing in the period', collection: 'deals', index: { tenantId: 1, stage: 1, expectedCloseDate: 1 }, filter: '{tenantId, stage:{$in:open}, expectedCloseDate:[from,to), ownerId:{$in:team}} → $group owner' },
  { query: 'forecast: deals won/lost in the period', collection: 'deals', index: { tenantId: 1, stage: 1, closedAt: 1 }, filter: '{tenantId, stage:{$in:closed}, closedAt:[start,end), ownerId:{$in:team}}' },
  { query: 'forecast: the team (data scope)', collection: 'staff', index: { tenantId: 1, departments: 1 }, filter: '{tenantId, departments:{$in}}' },
  { query: 'contract list: customers in scope', collection: 'customers', index: { tenantId: 1, ownerId: 1, stage: 1 }, filter: '{tenantId, deletedAt:null, $or:[ownerId, collaboratorIds, ownerId:{$in:team}]}' },
  { query: 'contract list: by customer ($or branch)', collection: 'contracts', index: { tenantId: 1, customerId: 1 }, filter: '{tenantId, $or:[{customerId:{$in}}, {ownerId}]} sort _id desc, limit' },
  { query: 'contract list: by owner ($or branch)', collection: 'contracts', index: { tenantId: 1, ownerId: 1, status: 1 }, filter: 'same $or, the owner branch' },
  { query: 'digest: overdue installments', collection: 'contracts', index: { tenantId: 1, status: 1, 'installments.dueDate': 1 }, filter: '{tenantId, status:{$in:[signed,executing]}, installments.dueDate:{$lt:today}}' },
  { query: 'digest: payments received in the period', collection: 'contracts', index: { tenantId: 1, 'payments.receivedDate': 1 }, filter: '{tenantId, payments.receivedDate:[from,to)} → $unwind → $group' },
  { query: 'reminders: contracts ending soon', collection: 'contracts', index: { tenantId: 1, status: 1, endDate: 1 }, filter: '{tenantId, status:{$in:[signed,executing]}, endDate:[today,today+N]}' },
];

async function main(): Promise<void> {
  const mongo = process.env.MONGODB_URI ? null : await startMongoWireServer();
  const uri = process.env.MONGODB_URI ?? mongo!.uri;
  await connectDatabase(uri, `bench_forecast_${randomBytes(4).toString('hex')}`);
  try {
    console.log(`server: ${mongo ? 'embedded MongoDB-wire server (mongo-java-server: no secondary index is used)' : 'MONGODB_URI'}`);
    const started = performance.now();
    const { manager, admin } = await seedData();
    // Indexes once the data is in (cheaper than keeping them up to date through every batch).
    await Promise.all([Deal.init(), Contract.init(), Customer.init(), Staff.init()]);
    const counts = await Promise.all([Deal.estimatedDocumentCount(), Contract.estimatedDocumentCount(), Customer.estimatedDocumentCount(), Staff.estimatedDocumentCount()]);
    line('seeded', `${counts[0]} deals, ${counts[1]} contracts, ${counts[2]} customers, ${counts[3]} staff in ${seconds(performance.now() - started)}`);

    const money = (n: number) => `¥${(n / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
    const forecastText = (f: Awaited<ReturnType<typeof forecastForActor>>) =>
      `${f.total.deals} open deals, weighted ${money(f.total.weighted)}, commit ${money(f.total.commit)}, ${f.byOwner.length} owners`;
    const sent: Record<string, { collection: string; method: string; args: unknown[] }[]> = {};
    sent.managerMonth = await time('forecast, manager (one department), this month', () => forecastForActor(manager, { unit: 'month', now: NOW }), forecastText);
    await time('forecast, manager (one department), this quarter', () => forecastForActor(manager, { unit: 'quarter', now: NOW }), forecastText);
    sent.adminQuarter = await time('forecast, admin (whole tenant), this quarter', () => forecastForActor(admin, { unit: 'quarter', now: NOW }), forecastText);
    sent.managerContracts = await time('contract list, manager, first page of 20', () => listContracts(manager, { limit: 20 }), (r) => `${r.items.length} contracts`);
    await time('contract list, admin, first page of 20', () => listContracts(admin, { limit: 20 }), (r) => `${r.items.length} contracts`);

    console.log('\nIntended index per query (test server: not used; ✔ declared on the model):');
    const declared = declaredIndexes();
    for (const q of INTENDED) {
      const mark = (declared.get(q.collection) ?? []).includes(JSON.stringify(q.index)) ? '✔' : '✘ MISSING';
      console.log(`  ${mark} ${q.query.padEnd(46)} ${q.collection}.${JSON.stringify(q.index)}`);
      console.log(`      ${q.filter}`);
    }
    console.log('\nexplain of the queries sent (manager forecast, admin forecast, manager contract list):');
    for (const l of await explainQueries([...sent.managerMonth!, ...sent.adminQuarter!, ...sent.managerContracts!])) console.log(`  ${l}`);
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
