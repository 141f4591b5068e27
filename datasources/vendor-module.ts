import type { ConnectionConfigBase } from '../core/connection-config.js';
import type { Logger } from '../core/logger.js';
import type { StateStore } from '../core/state-store.js';
import type { ConnectionHealth } from './health.js';
import { VENDOR_CONCURRENCY } from './concurrency.js';
import { createHttpClient, type UpstreamObserver, type VendorHttp } from './http.js';
import type { CachedReadRules } from './read-cache.js';
import { rateGate } from './rate-gate.js';
import type { VendorName } from './records.js';
import type { RunningSimulator, SimulatorOptions } from './simulator-kit.js';
import type { VendorDatasource } from './vendor.js';
import type { VendorErrorSource } from './vendor-errors.js';

/** What the registry hands a datasource: everything injected, nothing read from the environment. */
export interface DatasourceDeps {
  logger: Logger;
  health: ConnectionHealth;
  observer?: UpstreamObserver;
  /** meetgraph's clock, for token expiry and budgets; tests move it. */
  now?: () => Date;
  /** Where tokens and rate budgets live: shared by the replicas with `state.redis`; this process's memory when absent. */
  state?: StateStore;
}

/**
 * One vendor as the rest of meetgraph sees it: how its config entry is validated, how a datasource is built
 * from it, and how its simulator is started and pointed at in sandbox mode. `datasources/modules.ts`
 * lists the five.
 */
export interface VendorModule<C extends ConnectionConfigBase = ConnectionConfigBase> {
  vendor: VendorName;
  /** class-validator class for a `connections[]` entry of this vendor (nested `credentials` via class-transformer @Type). */
  connectionConfig: new () => C;
  createDatasource(config: C, deps: DatasourceDeps): VendorDatasource;
  startSimulator(options?: SimulatorOptions): Promise<RunningSimulator>;
  /** A `connections[]` entry (plain object, as if read from YAML) that talks to the running simulator. */
  sandboxConnection(simulator: RunningSimulator, id: string): Record<string, unknown>;
  /** The memo keys the vendor-call cache may keep across requests, by resource name; none when absent. */
  cachedReads?: CachedReadRules;
}

export interface ConnectionTransport {
  source: VendorErrorSource;
  http: VendorHttp;
  now: () => Date;
}

/**
 * What every vendor builds first for a connection: the error source, the shared HTTP client bound to the
 * connection's logger, health and observer, and meetgraph's clock. (The registry already binds
 * `connectionId` and `vendor` to `deps.logger`.)
 */
export function connectionTransport(
  vendor: VendorName,
  config: ConnectionConfigBase,
  deps: DatasourceDeps,
  headers?: Record<string, string>,
): ConnectionTransport {
  const source: VendorErrorSource = { vendor, connectionId: config.id };
  const http = createHttpClient({
    source,
    baseUrl: config.baseUrl,
    logger: deps.logger,
    health: deps.health,
    observer: deps.observer,
    timeoutMs: config.timeoutMs,
    breaker: config.breaker,
    headers,
    gate: config.rateLimit ? rateGate(source, config.rateLimit, deps.state) : undefined,
    maxConcurrency: config.maxConcurrency ?? VENDOR_CONCURRENCY[vendor],
  });
  return { source, http, now: deps.now ?? (() => new Date()) };
}
