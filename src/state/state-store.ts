/**
 * Shared state of meetgraph (idempotency keys today; tokens, rate budgets and caches can follow). Values are
 * JSON-serializable and every operation is async with a TTL, so a Redis implementation (`state.redis`) can
 * replace the in-process one without changing any caller: `setIfAbsent` maps to `SET key value NX PX ttl`.
 */
export interface StateStore {
  get<T>(key: string): Promise<T | null>;
  /** Sets `key` for `ttlMs` milliseconds, replacing what was there. */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  /** Sets `key` only if it holds nothing (or something expired); true when this call set it. Atomic. */
  setIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}
