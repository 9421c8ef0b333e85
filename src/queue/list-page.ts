import mongoose, { type Model } from 'mongoose';
import { InvalidInput } from '../errors.js';
import type { QueueItemDoc } from './queue-item.js';

export interface ListPageOptions<S extends string> {
  status?: S;
  cursor?: string;
  /** 1..200, default 50. */
  limit?: number;
}

export interface ListPage<V> {
  items: V[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** One tenant's queue items, newest first, optionally of one status. */
export async function listPage<D extends QueueItemDoc, S extends string, V>(
  model: Model<D>,
  statuses: readonly S[],
  toView: (doc: D) => V,
  tenantId: string,
  options: ListPageOptions<S> = {},
): Promise<ListPage<V>> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new InvalidInput('limit must be 1..200');
  if (options.status !== undefined && !statuses.includes(options.status)) throw new InvalidInput('unknown status');
  if (options.cursor !== undefined && !/^[0-9a-f]{24}$/i.test(options.cursor)) throw new InvalidInput('invalid cursor');

  const filter: mongoose.FilterQuery<QueueItemDoc> = { tenantId };
  if (options.status) filter.status = options.status;
  if (options.cursor) filter._id = mongoose.trusted({ $lt: new mongoose.Types.ObjectId(options.cursor) });

  const docs = await model
    .find(filter as mongoose.FilterQuery<D>)
    .sort({ _id: -1 })
    .limit(limit + 1)
    .lean<D[]>();
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toView),
    nextCursor: docs.length > limit && last ? last._id.toHexString() : null,
  };
}
