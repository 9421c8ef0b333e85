/**
 * The write concern of every insert the service acknowledges to someone else (an inbound event
 * answered 200, an outbound message enqueued): a majority of the replica set has it, in its
 * journal, before the call returns — a primary crash or failover right after the ack loses nothing.
 * The embedded server accepts it and makes each write durable before replying anyway.
 */
export const DURABLE_WRITE = { w: 'majority', j: true } as const satisfies { w: 'majority'; j: boolean };
