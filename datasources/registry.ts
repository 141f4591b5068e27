import type { ConnectionConfigBase } from '../core/connection-config.js';
import type { Logger } from '../core/logger.js';
import type { StateStore } from '../core/state-store.js';
import { ConnectionHealth } from './health.js';
import type { UpstreamObserver } from './http.js';
import { vendorModule } from './modules.js';
import type { VendorDatasource } from './vendor.js';

export interface RegistryDeps {
  logger: Logger;
  observer?: UpstreamObserver;
  now?: () => Date;
  /** Shared state (tokens, rate budgets); each datasource falls back to this process's memory when absent. */
  state?: StateStore;
}

/** One datasource per configured connection, built once at startup and shared by every request. */
export class ConnectionRegistry {
  private constructor(private readonly byId: ReadonlyMap<string, VendorDatasource>) {}

  static build(connections: readonly ConnectionConfigBase[], deps: RegistryDeps): ConnectionRegistry {
    const byId = new Map<string, VendorDatasource>();
    for (const config of connections) {
      const module = vendorModule(config.vendor);
      if (!module) throw new Error(`No datasource for vendor ${config.vendor}`);
      const health = new ConnectionHealth(deps.now);
      byId.set(
        config.id,
        module.createDatasource(config, {
          logger: deps.logger.child({ connectionId: config.id, vendor: config.vendor }),
          health,
          observer: deps.observer,
          now: deps.now,
          state: deps.state,
        }),
      );
    }
    return new ConnectionRegistry(byId);
  }

  static of(datasources: readonly VendorDatasource[]): ConnectionRegistry {
    return new ConnectionRegistry(new Map(datasources.map((d) => [d.connectionId, d])));
  }

  all(): VendorDatasource[] {
    return [...this.byId.values()];
  }

  get(connectionId: string): VendorDatasource | undefined {
    return this.byId.get(connectionId);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.all().map((d) => d.close()));
  }
}
