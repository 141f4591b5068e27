import { ALPEMIX_DEFAULT_TIMEZONE } from '../../datasources/alpemix/config.js';
import { ConnectionRegistry } from '../../datasources/registry.js';
import type { Logger } from '../../core/logger.js';
import type { MeetgraphConfig } from '../config/config.js';
import type { MeetgraphMetrics } from '../metrics.js';
import { historyFeatures } from './history-datasource.js';
import { HistoryRuntime } from './history-runtime.js';

export interface AttachedHistory {
  /** The registry requests use: connections with history wrapped, the others as they were. */
  registry: ConnectionRegistry;
  runtime: HistoryRuntime | null;
  /** Stops the syncs and closes the store (the registry's datasources are closed by its owner). */
  close(): Promise<void>;
}

/**
 * Opens the history store the config names (embedded by default, PostgreSQL with `store.postgres`, none with
 * `store: false`) and puts it in front of the connections it keeps history for.
 */
export async function attachHistory(
  config: MeetgraphConfig,
  registry: ConnectionRegistry,
  deps: { logger: Logger; metrics?: MeetgraphMetrics; now?: () => Date; autoStart?: boolean },
): Promise<AttachedHistory> {
  // No store at all when history is off, or when no connection has anything the vendor forgets.
  if (!config.store || !registry.all().some((ds) => historyFeatures(ds.vendor))) return { registry, runtime: null, close: async () => {} };
  // Alpemix's "today" is a local day: the connection's `timezone`, else the vendor's own zone.
  const zones = new Map(config.connections.map((c) => [c.id, (c as { timezone?: string }).timezone ?? ALPEMIX_DEFAULT_TIMEZONE]));
  const runtime = await HistoryRuntime.start(config.store, registry.all(), {
    logger: deps.logger,
    now: deps.now,
    timezoneOf: (ds) => zones.get(ds.connectionId) ?? ALPEMIX_DEFAULT_TIMEZONE,
    onOutcome: deps.metrics?.historyObserver,
    autoStart: deps.autoStart,
  });
  return { registry: ConnectionRegistry.of(runtime.datasources), runtime, close: () => runtime.close() };
}
