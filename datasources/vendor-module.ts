import type { ConnectionConfigBase } from '../src/config/connection-base.js';
import type { Logger } from '../src/logger.js';
import type { ConnectionHealth } from './health.js';
import type { UpstreamObserver } from './http.js';
import type { VendorName } from './records.js';
import type { RunningSimulator, SimulatorOptions } from './simulator-kit.js';
import type { VendorDatasource } from './vendor.js';

/** What the registry hands a datasource: everything injected, nothing read from the environment. */
export interface DatasourceDeps {
  logger: Logger;
  health: ConnectionHealth;
  observer?: UpstreamObserver;
  /** meetgraph's clock, for token expiry and budgets; tests move it. */
  now?: () => Date;
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
}
