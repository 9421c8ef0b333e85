import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { ROLLUP_TOTALS, StatRollup, StatTarget } from '../models/stat-rollup.js';
import { Staff } from '../models/staff.js';
import { parseInput } from '../../parse-input.js';
import { visibleStaffIds } from '../resolve-data-scope.js';
import { repStatisticsSchema, type RepStatisticsInput } from './statistics-input.js';

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

export interface RepRow {
  staffId: string;
  name: string;
  departments: string[];
  figures: RepFigures;
  /** Sum of the monthly targets of the months the period touches; null without any. */
  target: { wonAmount: number; followUps: number } | null;
  /** The average member of the rep's first department, for the side-by-side comparison. */
  departmentAverage: RepFigures | null;
}

export interface RepStatistics {
  from: string;
  to: string;
  reps: RepRow[];
  departments: { name: string; members: number; average: RepFigures }[];
}

const empty = (): RepFigures => ({
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

function average(members: RepFigures[]): RepFigures {
  const avg = empty();
  const n = Math.max(members.length, 1);
  const round = (x: number) => Math.round((x / n) * 100) / 100;
  for (const key of Object.keys(avg) as (keyof RepFigures)[]) {
    if (key === 'followUpsByChannel') continue;
    avg[key] = round(members.reduce((s, m) => s + m[key], 0));
  }
  for (const channel of new Set(members.flatMap((m) => Object.keys(m.followUpsByChannel)))) {
    avg.followUpsByChannel[channel] = round(members.reduce((s, m) => s + (m.followUpsByChannel[channel] ?? 0), 0));
  }
  return avg;
}

/**
 * Each rep's activity over a period of local days, read from the daily rollups (O(people ×
 * metrics), never the timeline), with their department's average member (all active members,
 * zeros included) and their targets. Sales see themselves, managers their departments, admins all.
 */
export async function repStatistics(actor: Actor, raw: RepStatisticsInput): Promise<RepStatistics> {
  const { from, to } = parseInput(repStatisticsSchema, raw);
  const visible = await visibleStaffIds(actor);
  const people = await Staff.find({ tenantId: actor.tenantId, active: true, ...(visible === 'all' ? {} : { _id: { $in: visible } }) }, { name: 1, departments: 1 })
    .sort({ _id: 1 })
    .lean();
  const departments = [...new Set(people.flatMap((p) => p.departments))].sort();
  // Department averages count every active member, including those the caller cannot see one by one.
  const members = await Staff.find({ tenantId: actor.tenantId, active: true, departments: { $in: departments } }, { departments: 1 }).lean();
  const everyone = new Map<string, { _id: Types.ObjectId }>([...people, ...members].map((p) => [String(p._id), p]));
  const figures = new Map<string, RepFigures>([...everyone.keys()].map((id) => [id, empty()]));
  const rows = await StatRollup.aggregate<{ _id: { ownerId: Types.ObjectId; metric: string; dim: string; value: string }; count: number; amount: number }>([
    { $match: { tenantId: actor.tenantId, day: { $gte: from, $lte: to }, ownerId: { $in: [...everyone.values()].map((p) => p._id) }, dim: { $in: ['', 'channel'] } } },
    { $group: { _id: { ownerId: '$ownerId', metric: '$metric', dim: '$dim', value: '$value' }, ...ROLLUP_TOTALS } },
  ]);
  for (const row of rows) {
    const into = figures.get(String(row._id.ownerId));
    if (into) add(into, { ...row._id, count: row.count, amount: row.amount });
  }
  const averages = new Map(
    departments.map((name) => {
      const inDepartment = members.filter((m) => m.departments.includes(name));
      return [name, { name, members: inDepartment.length, average: average(inDepartment.map((m) => figures.get(String(m._id))!)) }];
    }),
  );
  const targets = await StatTarget.find({ tenantId: actor.tenantId, staffId: { $in: people.map((p) => p._id) }, month: { $gte: from.slice(0, 7), $lte: to.slice(0, 7) } }).lean();
  return {
    from,
    to,
    reps: people.map((p) => {
      const mine = targets.filter((t) => t.staffId.equals(p._id));
      return {
        staffId: String(p._id),
        name: p.name,
        departments: p.departments,
        figures: figures.get(String(p._id))!,
        target: mine.length ? { wonAmount: mine.reduce((s, t) => s + t.wonAmount, 0), followUps: mine.reduce((s, t) => s + t.followUps, 0) } : null,
        departmentAverage: p.departments[0] ? averages.get(p.departments[0])!.average : null,
      };
    }),
    departments: [...averages.values()],
  };
}
