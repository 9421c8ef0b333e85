import client from 'prom-client';

/** Seconds from the platform callback (event receivedAt) to the reply being queued in the outbox. */
export function commandReplyLatency(registry: client.Registry): client.Histogram<'platform' | 'status'> {
  return new client.Histogram({
    name: 'chatcrm_command_reply_seconds',
    help: 'Time from a command callback being received to its reply being queued',
    labelNames: ['platform', 'status'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}
