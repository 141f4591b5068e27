import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, type Registry } from 'prom-client';

/** Labels that name a configured connection; never shown on the public port. */
const CONNECTION_LABELS = ['connection'];

/**
 * The metrics as the public port shows them: every series with a `connection` label is summed over
 * connections (so `meetgraph_circuit_open` becomes the number of open circuits, upstream calls are counted
 * per vendor). Per-connection series are served on `server.adminPort` only.
 */
export async function redactedMetrics(registry: Registry): Promise<string> {
  const metrics = (await registry.getMetricsAsJSON()) as Array<MetricObjectWithValues<MetricValue<string>>>;
  const stripped = metrics.map((metric) => ({
    ...metric,
    values: metric.values.map((value) => ({
      ...value,
      labels: Object.fromEntries(Object.entries(value.labels).filter(([name]) => !CONNECTION_LABELS.includes(name))),
    })),
  }));
  return AggregatorRegistry.aggregate([stripped]).metrics();
}
