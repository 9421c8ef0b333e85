import { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { RfmCutPointsModel } from '../models/rfm-cut-points.js';
import { loadRfmMetrics } from './load-rfm-metrics.js';
import { rfmCutPoints } from './rfm-quintiles.js';
import { rfmRecord } from './rfm-record.js';

const WRITE_BATCH = 1000;

/** Scores every customer of the tenant against fresh quintiles and stores the cut points for rescoring one customer on change. */
export async function recomputeTenantRfm(tenantId: Types.ObjectId, now: Date, timezone: string): Promise<{ customers: number }> {
  const metrics = await loadRfmMetrics(tenantId, now, timezone);
  const cutPoints = rfmCutPoints([...metrics.values()]);
  let ops: Parameters<typeof Customer.bulkWrite>[0] = [];
  for (const [id, m] of metrics) {
    // By _id alone: the ids come from the tenant-scoped read, and the test server scans on any other field.
    ops.push({ updateOne: { filter: { _id: new Types.ObjectId(id) }, update: { $set: { rfm: rfmRecord(m, cutPoints, now) } }, timestamps: false } });
    if (ops.length === WRITE_BATCH) {
      await Customer.bulkWrite(ops, { ordered: false });
      ops = [];
    }
  }
  if (ops.length) await Customer.bulkWrite(ops, { ordered: false });
  await RfmCutPointsModel.updateOne({ tenantId }, { $set: { ...cutPoints, customers: metrics.size, at: now } }, { upsert: true });
  return { customers: metrics.size };
}
