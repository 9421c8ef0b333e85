import type { Types } from 'mongoose';

/** What statistics count. */
export const METRICS = ['follow_up', 'new_customer', 'stage_move', 'converted', 'deal_won', 'contract_signed', 'payment'] as const;
export type Metric = (typeof METRICS)[number];

/** Timeline entries that feed statistics; the relay queues only these for the analytics subscriber. */
export const COUNTED_ACTIVITY_TYPES = ['follow_up', 'created', 'stage_changed', 'deal_won', 'contract_signed', 'payment_recorded'] as const;

export interface CountedActivity {
  type: string;
  authorId: Types.ObjectId | null;
  channel?: string | null;
  data: Record<string, unknown>;
}

export interface Fact {
  metric: Metric;
  dim: string;
  value: string;
  amount: number;
  /** Whose figure it is: the deal's or contract's owner, else whoever recorded it. */
  ownerId: string | null;
}

const money = (data: Record<string, unknown>) => (typeof data.amount === 'number' && Number.isFinite(data.amount) ? data.amount : 0);
const dimsOf = (data: Record<string, unknown>) => (data.dims && typeof data.dims === 'object' ? (data.dims as Record<string, unknown>) : {});

/** The counts one timeline entry adds: a total per metric and one per dimension value. */
export function factsOf(activity: CountedActivity): Fact[] {
  const data = activity.data ?? {};
  const author = activity.authorId ? String(activity.authorId) : null;
  const owner = typeof data.ownerId === 'string' ? data.ownerId : author;
  const fact = (metric: Metric, dim = '', value = '', amount = 0): Fact => ({ metric, dim, value, amount, ownerId: owner });
  const withDims = (metric: Metric) => [
    fact(metric),
    ...Object.entries(dimsOf(data))
      .filter(([, v]) => typeof v === 'string')
      .map(([dim, v]) => fact(metric, dim, v as string)),
  ];
  switch (activity.type) {
    case 'follow_up':
      return [fact('follow_up'), fact('follow_up', 'channel', activity.channel ?? 'other')];
    case 'created':
      return withDims('new_customer');
    case 'stage_changed':
      return [fact('stage_move'), fact('stage_move', 'to', String(data.to ?? '')), ...(data.won === true ? withDims('converted') : [])];
    case 'deal_won':
      return [fact('deal_won', '', '', money(data))];
    case 'contract_signed':
      return [fact('contract_signed', '', '', money(data))];
    case 'payment_recorded':
      return [fact('payment', '', '', money(data))];
    default:
      return [];
  }
}
