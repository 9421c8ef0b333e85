import type { Actor } from '../actor.js';
import { StatTarget } from '../models/stat-rollup.js';
import { parseInput } from '../../parse-input.js';
import { repStatisticsSchema, type RepStatisticsInput } from './statistics-input.js';
import { emptyFigures, teamFigures, type FigureKey, type RepFigures } from './team-figures.js';

export type { RepFigures } from './team-figures.js';

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

function average(members: RepFigures[]): RepFigures {
  const avg = emptyFigures();
  const n = Math.max(members.length, 1);
  const round = (x: number) => Math.round((x / n) * 100) / 100;
  for (const key of Object.keys(avg).filter((k) => k !== 'followUpsByChannel') as FigureKey[]) {
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
  const { people, members, departments, figures } = await teamFigures(actor, from, to);
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
