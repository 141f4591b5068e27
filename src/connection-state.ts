import type { HealthSnapshot } from '../datasources/health.js';

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
