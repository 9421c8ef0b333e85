import type { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { RfmCutPointsModel } from '../models/rfm-cut-points.js';
import { loadRfmMetrics } from './load-rfm-metrics.js';
import { rfmRecord, type RfmRecord } from './rfm-record.js';

/**
 * Rescores one customer against the tenant's stored cut points (cheap: that customer's facts only).
 * Null when the tenant has no cut points yet (the nightly run sets them) or the customer is gone.
 */
export async function recomputeCustomerRfm(tenantId: Types.ObjectId, customerId: Types.ObjectId, now: Date, timezone: string): Promise<RfmRecord | null> {
  const cutPoints = await RfmCutPointsModel.findOne({ tenantId }).lean();
  if (!cutPoints) return null;
  const metrics = (await loadRfmMetrics(tenantId, now, timezone, [customerId])).get(String(customerId));
  if (!metrics) return null;
  const rfm = rfmRecord(metrics, cutPoints, now);
  await Customer.updateOne({ _id: customerId, tenantId }, { $set: { rfm } }, { timestamps: false });
  return rfm;
}
