import type { HealthSnapshot } from '../datasources/health.js';
import type { ConnectionRegistry } from '../datasources/registry.js';

/** A connection's last known outcome: `unknown` before any call, else whichever of success/failure came last. */
export type ConnectionState = 'up' | 'down' | 'unknown';

/**
 * From the health snapshot's timestamps. A failure and a success in the same millisecond (parallel calls
 * to one vendor) count as `up`: the vendor did answer, so it is reachable.
 */
export function connectionState(health: HealthSnapshot): ConnectionState {
  const { lastSuccessAt, lastFailureAt } = health;
  if (!lastFailureAt) return lastSuccessAt ? 'up' : 'unknown';
  if (lastSuccessAt && lastSuccessAt.getTime() >= lastFailureAt.getTime()) return 'up';
  return 'down';
}

export interface ConnectionReadiness {
  id: string;
  vendor: string;
  state: ConnectionState;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastErrorCode: string | null;
  circuitOpen: boolean;
}

export interface Readiness {
  ready: boolean;
  connections: ConnectionReadiness[];
}

/**
 * Readiness from each connection's last state, without calling any vendor (a probe must not spend a
 * vendor's rate budget). meetgraph is ready whenever it serves: one vendor down is an answer with that
 * vendor's `sources` entry FAILED, not an outage, so taking the instance out of rotation would only make it
 * worse. It reports not ready only when EVERY connection's last outcome was a failure (nothing it could
 * answer but errors; typically the network or the config is wrong). No connections, or connections never
 * called yet, is ready.
 */
export function readiness(registry: ConnectionRegistry): Readiness {
  const connections = registry.all().map((ds): ConnectionReadiness => {
    const health = ds.health.snapshot();
    return {
      id: ds.connectionId,
      vendor: ds.vendor,
      state: connectionState(health),
      lastSuccessAt: health.lastSuccessAt?.toISOString() ?? null,
      lastFailureAt: health.lastFailureAt?.toISOString() ?? null,
      lastErrorCode: health.lastErrorCode,
      circuitOpen: health.circuitOpen,
    };
  });
  const ready = connections.length === 0 || connections.some((c) => c.state !== 'down');
  return { ready, connections };
}
