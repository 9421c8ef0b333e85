import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { IMPORTANT_SEGMENTS } from '../segments/rfm-segments.js';
import { calendarDaysBetween, memberName, TOP_LIMIT } from './digest-helpers.js';
import type { DigestTeam } from './digest-team.js';
import type { ImportantUncontactedItem } from './digest-types.js';

/**
 * 重要客户本月无人联系: the team's customers in an important RFM segment (high monetary) that
 * nobody contacted since the calendar month of `asOf` began (tenant time zone), most valuable
 * first. Null when there are none, so a tenant without segments reads its digest as before.
 */
export async function importantUncontactedSection(
  team: DigestTeam,
  asOf: Date,
  timezone: string,
): Promise<{ total: number; top: ImportantUncontactedItem[] } | null> {
  const monthStart = DateTime.fromJSDate(asOf, { zone: timezone }).startOf('month').toJSDate();
  const rows = await Customer.find(
    {
      tenantId: team.tenantId,
      deletedAt: null,
      ownerId: { $in: [...team.memberIds].map((id) => new Types.ObjectId(id)) },
      'rfm.segment': { $in: IMPORTANT_SEGMENTS },
      $or: [{ lastContactAt: null }, { lastContactAt: { $lt: monthStart } }],
    },
    { code: 1, name: 1, ownerId: 1, lastContactAt: 1, rfm: 1 },
  ).lean();
  if (rows.length === 0) return null;
  rows.sort((a, b) => (b.rfm?.monetary ?? 0) - (a.rfm?.monetary ?? 0) || a.code.localeCompare(b.code));
  return {
    total: rows.length,
    top: rows.slice(0, TOP_LIMIT).map((r) => ({
      code: r.code,
      name: r.name,
      ownerName: memberName(team, String(r.ownerId)),
      segment: r.rfm!.segment,
      daysSilent: r.lastContactAt ? calendarDaysBetween(r.lastContactAt, asOf, timezone) : null,
    })),
  };
}
