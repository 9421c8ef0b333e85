import client from 'prom-client';

/**
 * A Prometheus registry for one service instance (with the process's default metrics), so two
 * services in one process never fight over metric names. Features add their own metrics to it.
 */
export function createMetricsRegistry(): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return registry;
}
