import { Types, type FilterQuery } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { staffNames, type StaffRef } from '../customers/customer-view.js';
import { InvalidInput } from '../../errors.js';
import { Activity, type ActivityRecord } from '../models/activity.js';
import { parseInput } from '../../parse-input.js';

export interface ActivityView {
  id: string;
  customerId: string;
  type: string;
  at: string;
  author: StaffRef | null;
  source: string;
  content: string | null;
  channel: string | null;
  data: Record<string, unknown>;
}

export const listActivitiesSchema = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    type: z.string().max(40).optional(),
  })
  .strict();

/** A customer's timeline, newest first, paged by an opaque (at, _id) cursor. */
export async function listActivities(
  actor: Actor,
  customerId: string,
  rawInput: z.input<typeof listActivitiesSchema> = {},
): Promise<{ items: ActivityView[]; nextCursor: string | null }> {
  const input = parseInput(listActivitiesSchema, rawInput);
  const customer = await findCustomerInScope(actor, customerId);
  const filter: FilterQuery<ActivityRecord> = { tenantId: actor.tenantId, customerId: customer._id };
  if (input.type) filter.type = input.type;
  if (input.cursor) {
    const { at, id } = decodeCursor(input.cursor);
    filter.$or = [{ at: { $lt: at } }, { at, _id: { $lt: id } }];
  }
  const rows = await Activity.find(filter).sort({ at: -1, _id: -1 }).limit(input.limit + 1).lean();
  const page = rows.slice(0, input.limit);
  const views = await toActivityViews(page);
  const last = page[page.length - 1];
  return { items: views, nextCursor: rows.length > input.limit && last ? encodeCursor(last.at, last._id) : null };
}

export async function toActivityViews(rows: (ActivityRecord & { _id: Types.ObjectId })[]): Promise<ActivityView[]> {
  const tenantId = rows[0]?.tenantId;
  const collaboratorChanges = new Map(rows.filter((r) => r.type === 'collaborators_changed').map((r) => [String(r._id), collaboratorDiff(r.data)]));
  const staffIds = [
    ...rows.flatMap((r) => (r.authorId ? [String(r.authorId)] : [])),
    ...[...collaboratorChanges.values()].flatMap((d) => [...d.added, ...d.removed]),
  ].filter((id) => Types.ObjectId.isValid(id));
  const names = tenantId ? await staffNames(tenantId, staffIds.map((id) => new Types.ObjectId(id))) : new Map<string, string>();
  const named = (ids: string[]) => ids.map((id) => names.get(id) ?? '?');
  return rows.map((r) => {
    const data = (r.data as Record<string, unknown>) ?? {};
    const diff = collaboratorChanges.get(String(r._id));
    return {
      id: String(r._id),
      customerId: String(r.customerId),
      type: r.type,
      at: r.at.toISOString(),
      author: r.authorId ? { id: String(r.authorId), name: names.get(String(r.authorId)) ?? '?' } : null,
      source: r.source,
      content: r.content ?? null,
      channel: r.channel ?? null,
      // A collaborator change names the people added and removed (the record keeps their ids).
      data: diff ? { ...data, addedNames: named(diff.added), removedNames: named(diff.removed) } : data,
    };
  });
}

/** Staff ids a collaborators_changed entry added and removed: `{ from, to }` (an edit) or `{ added }` (WeCom follow). */
function collaboratorDiff(data: unknown): { added: string[]; removed: string[] } {
  const d = (data ?? {}) as { from?: unknown; to?: unknown; added?: unknown };
  const ids = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  if (Array.isArray(d.added)) return { added: ids(d.added), removed: [] };
  const from = ids(d.from);
  const to = ids(d.to);
  return { added: to.filter((id) => !from.includes(id)), removed: from.filter((id) => !to.includes(id)) };
}

function encodeCursor(at: Date, id: Types.ObjectId): string {
  return Buffer.from(`${at.getTime()}.${String(id)}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: Types.ObjectId } {
  const [ms, id] = Buffer.from(cursor, 'base64url').toString().split('.');
  if (!ms || !/^\d+$/.test(ms) || !id || !Types.ObjectId.isValid(id)) throw new InvalidInput('invalid cursor');
  return { at: new Date(Number(ms)), id: new Types.ObjectId(id) };
}
