import type { SaveOptions } from 'mongoose';

/**
 * The write concern of every insert the service acknowledges to someone else (an inbound event
 * answered 200, an outbound message enqueued): a majority of the replica set has it in its
 * journal before the call returns, so a primary crash or failover right after the ack loses
 * nothing. The embedded server accepts it (and makes every write durable before replying anyway).
 */
export const DURABLE_WRITE = { w: 'majority', j: true } as const;

/**
 * DURABLE_WRITE as options for mongoose's `doc.save()` / `Model.create([...], options)`. Mongoose
 * reads `writeConcern` at run time but its typings lack it; top-level `w`/`j` (which the typings
 * have) are dropped before the insert reaches the driver (tests/db/durable-write-call-sites.test.ts).
 */
export const DURABLE_SAVE: SaveOptions & { writeConcern: typeof DURABLE_WRITE } = { writeConcern: DURABLE_WRITE };
