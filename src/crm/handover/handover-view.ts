import type { Types } from 'mongoose';

/** The stored shape a view is made of (a lean record, or a plan not yet stored). */
export interface HandoverShape {
  _id?: Types.ObjectId;
  fromStaffId: Types.ObjectId;
  toStaffId: Types.ObjectId;
  kind: string;
  note?: string | null;
  items: readonly { customerId: Types.ObjectId; customerName: string; status: string; reason?: string | null; moved?: unknown; attempts?: number | null }[];
  createdAt?: Date | null;
}

export interface HandoverItemView {
  customerId: string;
  customerName: string;
  status: string;
  reason: string | null;
  moved: unknown;
  attempts: number;
}

export interface HandoverView {
  id: string | null;
  fromStaffId: string;
  toStaffId: string;
  kind: string;
  note: string | null;
  dryRun: boolean;
  counts: Record<string, number>;
  items: HandoverItemView[];
  createdAt: string | null;
}

export function handoverView(h: HandoverShape, dryRun = false): HandoverView {
  const items = h.items.map((i) => ({
    customerId: String(i.customerId),
    customerName: i.customerName,
    status: i.status,
    reason: i.reason ?? null,
    moved: i.moved ?? null,
    attempts: i.attempts ?? 0,
  }));
  const counts: Record<string, number> = { total: items.length, pending: 0, moved: 0, failed: 0, waiting: 0 };
  for (const i of items) counts[i.status] = (counts[i.status] ?? 0) + 1;
  return {
    id: h._id ? String(h._id) : null,
    fromStaffId: String(h.fromStaffId),
    toStaffId: String(h.toStaffId),
    kind: h.kind,
    note: h.note ?? null,
    dryRun,
    counts,
    items,
    createdAt: h.createdAt ? h.createdAt.toISOString() : null,
  };
}
