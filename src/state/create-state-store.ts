import type { Logger } from '../../core/logger.js';
import { MemoryStateStore } from '../../core/memory-state-store.js';
import type { StateConfig } from '../config/state-config.js';
import type { ReadinessCheck } from '../observability-routes.js';
import { RedisStateStore } from './redis-store.js';
import { ResilientStateStore } from './resilient-store.js';
import type { StateStore } from './state-store.js';

export interface ProcessState {
  store: StateStore;
  /** `/ready` checks of the store: none for memory. */
  readinessChecks: ReadinessCheck[];
  close(): Promise<void>;
}

/**
 * The process's state store from the `state` section: Redis (degrading to memory while it is unreachable)
 * when `state.redis` is set, else this process's memory.
 */
export async function createStateStore(config: StateConfig | null, logger: Logger): Promise<ProcessState> {
  if (!config) return { store: new MemoryStateStore(), readinessChecks: [], close: async () => undefined };
  const redis = new RedisStateStore({ url: config.redis.url, keyPrefix: config.redis.keyPrefix });
  const store = new ResilientStateStore(redis, logger.child({ component: 'state' }));
  await store.start();
  if (store.shared) logger.info('state store: Redis (shared by the replicas)');
  return { store, readinessChecks: [{ name: 'state', check: () => store.ready() }], close: () => store.close() };
}
