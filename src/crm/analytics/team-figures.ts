import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { ROLLUP_TOTALS, StatRollup } from '../models/stat-rollup.js';
import { Staff } from '../models/staff.js';
import { visibleStaffIds } from '../resolve-data-scope.js';

export interface RepFigures {
  followUps: number;
  followUpsByChannel: Record<string, number>;
  newCustomers: number;
  stageMoves: number;
  converted: number;
  dealsWon: number;
  wonAmount: number;
  contractsSigned: number;
  contractAmount: number;
  paymentAmount: number;
}

/** The figures a number can be read from (everything but the per-channel breakdown). */
export type FigureKey = Exclude<keyof RepFigures, 'followUpsByChannel'>;

export const emptyFigures = (): RepFigures => ({
  followUps: 0,
  followUpsByChannel: {},
  newCustomers: 0,
  stageMoves: 0,
  converted: 0,
  dealsWon: 0,
  wonAmount: 0,
  contractsSigned: 0,
  contractAmount: 0,
  paymentAmount: 0,
});

function add(into: RepFigures, row: { metric: string; dim: string; value: string; count: number; amount: number }): void {
  if (row.dim === 'channel') into.followUpsByChannel[row.value] = (into.followUpsByChannel[row.value] ?? 0) + row.count;
  if (row.dim !== '') return;
  if (row.metric === 'follow_up') into.followUps += row.count;
  else if (row.metric === 'new_customer') into.newCustomers += row.count;
  else if (row.metric === 'stage_move') into.stageMoves += row.count;
  else if (row.metric === 'converted') into.converted += row.count;
  else if (row.metric === 'deal_won') (into.dealsWon += row.count), (into.wonAmount += row.amount);
  else if (row.metric === 'contract_signed') (into.contractsSigned += row.count), (into.contractAmount += row.amount);
  else if (row.metric === 'payment') into.paymentAmount += row.amount;
}

type Person = { _id: Types.ObjectId; name: string; departments: string[] };

export interface TeamFigures {
  /** The active staff the caller may see one by one, by id. */
  people: Person[];
  /** Every active member of those people's departments (for averages), visible or not. */
  members: Person[];
  /** Sorted names of the departments the people belong to. */
  departments: string[];
  /** Figures of every person and member, by staff id. */
  figures: Map<string, RepFigures>;
}

/**
 * Each visible person's and each member of their departments' figures over a period of local days,
 * read from the daily rollups (O(people × metrics), never the timeline). Sales see themselves,
 * managers their departments, admins all.
 */
export async function teamFigures(actor: Actor, from: string, to: string): Promise<TeamFigures> {
  const visible = await visibleStaffIds(actor);
  const people = await Staff.find({ tenantId: actor.tenantId, active: true, ...(visible === 'all' ? {} : { _id: { $in: visible } }) }, { name: 1, departments: 1 })
    .sort({ _id: 1 })
    .lean<Person[]>();
  const departments = [...new Set(people.flatMap((p) => p.departments))].sort();
  // Department averages count every active member, including those the caller cannot see one by one.
  const members = await Staff.find({ tenantId: actor.tenantId, active: true, departments: { $in: departments } }, { name: 1, departments: 1 }).lean<Person[]>();
  const everyone = new Map<string, Person>([...people, ...members].map((p) => [String(p._id), p]));
  const figures = new Map<string, RepFigures>([...everyone.keys()].map((id) => [id, emptyFigures()]));
  const rows = await StatRollup.aggregate<{ _id: { ownerId: Types.ObjectId; metric: string; dim: string; value: string }; count: number; amount: number }>([
    { $match: { tenantId: actor.tenantId, day: { $gte: from, $lte: to }, ownerId: { $in: [...everyone.values()].map((p) => p._id) }, dim: { $in: ['', 'channel'] } } },
    { $group: { _id: { ownerId: '$ownerId', metric: '$metric', dim: '$dim', value: '$value' }, ...ROLLUP_TOTALS } },
  ]);
  for (const row of rows) {
    const into = figures.get(String(row._id.ownerId));
    if (into) add(into, { ...row._id, count: row.count, amount: row.amount });
  }
  return { people, members, departments, figures };
}
