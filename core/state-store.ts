/**
 * Shared state of meetgraph: idempotency keys, vendor tokens, rate budgets, caches. Values are JSON and every
 * entry has a TTL. Two implementations: one process's memory (the default) and Redis (`state.redis.url`), so
 * replicas share what they must; callers never know which one they hold. It lives in `core/` because both the
 * server (`src/`) and the vendor clients (`datasources/`) use it.
 *
 * Every operation is atomic in both implementations (Redis: one command or one Lua script).
 */
export interface StateStore {
  get<T>(key: string): Promise<T | null>;
  /** Sets `key` for `ttlMs` milliseconds, replacing what was there. */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  /** Sets `key` only if it holds nothing (or something expired); true when this call set it. */
  setIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Deletes `key` only while it still holds `value` (compared as JSON): frees a lock or a token only if it is still ours. */
  deleteIfEquals<T>(key: string, value: T): Promise<boolean>;
  /**
   * A rolling-window budget: takes `count` slots at once or none, so that at most `limit` slots exist in any
   * `windowMs`. A taken slot is pending (it never leaves the window) until it is completed (it then counts from
   * the completion time) or released (it never happened). A pending slot whose owner vanished leaves after
   * `pendingMs` + `windowMs`.
   */
  takeSlots(key: string, request: SlotRequest): Promise<SlotGrant>;
  completeSlot(key: string, slotId: string, windowMs: number): Promise<void>;
  releaseSlot(key: string, slotId: string): Promise<void>;
  /** Fills the window as if `limit` calls had just completed (the vendor said the limit was hit anyway). */
  saturateSlots(key: string, limit: number, windowMs: number): Promise<void>;
  /** Slots still free right now. */
  freeSlots(key: string, limit: number): Promise<number>;
  /**
   * A calls-per-minute limiter (rate-limiter-flexible: fixed one-minute windows) named `name`, shared by the
   * replicas with Redis. Cheaper than a rolling window, for limits that are not enforced by blocking.
   */
  rateLimiter(name: string, callsPerMinute: number): CallRateLimiter;
}

export interface CallRateLimiter {
  /** Takes one call: 0 when it may go out now, else the milliseconds until one may (nothing is taken then). */
  take(): Promise<number>;
}

export interface SlotRequest {
  count: number;
  limit: number;
  windowMs: number;
  /** How long a slot may stay pending before it is presumed lost (its process died mid-call). */
  pendingMs: number;
}

export type SlotGrant = { granted: true; slotIds: string[] } | { granted: false; retryAfterMs: number };
