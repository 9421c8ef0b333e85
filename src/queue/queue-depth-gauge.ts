import type { Model } from 'mongoose';
import client from 'prom-client';
import type { QueueItemDoc } from './queue-item.js';

/**
 * Queue depth for alerting (a growing `dead` or `pending` count), counted across tenants when
 * /metrics is scraped.
 */
export function queueDepthGauge<D extends QueueItemDoc>(
  registry: client.Registry,
  name: string,
  help: string,
  model: Model<D>,
  statuses: readonly string[],
): client.Gauge<'status'> {
  return new client.Gauge({
    name,
    help,
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      for (const status of statuses) {
        const count = await model.countDocuments({ status }).catch(() => undefined);
        if (count !== undefined) this.set({ status }, count);
      }
    },
  });
}
