import type { ConnectionReadCache, VendorReadCache } from './read-cache.js';

/**
 * Per-GraphQL-request memo of upstream reads. Datasources route every read through it, keyed by the vendor
 * resource, so one request never asks a vendor for the same thing twice even when two resolvers (or two
 * loaders) need it. Writes never go through it. Below it sits the optional vendor-call cache, which lets a
 * read outlive the request (README "Caching").
 */
export class RequestMemo {
  private readonly connections = new Map<string, ConnectionMemo>();

  constructor(
    private readonly cache: VendorReadCache | null = null,
    private readonly now: () => number = Date.now,
  ) {}

  /** The memo of one connection: keys are that connection's resource names, never seen by another connection. */
  forConnection(connectionId: string): ConnectionMemo {
    let memo = this.connections.get(connectionId);
    if (!memo) {
      memo = new ConnectionMemo(this.cache?.session(connectionId) ?? null, this.now);
      this.connections.set(connectionId, memo);
    }
    return memo;
  }
}

/** One connection's share of the request memo. */
export class ConnectionMemo {
  private readonly entries = new Map<string, Promise<unknown>>();
  private oldest: number | null = null;

  constructor(
    private readonly cache: ConnectionReadCache | null = null,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The first caller of `key` runs `load`, and every later caller shares its promise. Keys the cache does not
   * keep run `load` synchronously, so later callers in the same tick already share it (alfaview's per-id
   * batching relies on that); cached keys may run it later, or not at all on a hit.
   */
  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) return hit as Promise<T>;
    const cached = this.cache?.read(key, load) ?? null;
    const pending = cached
      ? cached.then((read) => {
          this.saw(read.fetchedAt);
          return read.value;
        })
      : load().then((value) => {
          this.saw(this.now());
          return value;
        });
    this.entries.set(key, pending);
    return pending;
  }

  /**
   * Records a value that a broader read already returned (a list answers every per-id read of its items),
   * so a later `once(key)` costs no vendor call. An entry already present is kept.
   */
  prime<T>(key: string, value: T): void {
    if (!this.entries.has(key)) this.entries.set(key, Promise.resolve(value));
  }

  /** Whether `key` was read (or primed) in this request: a broader read already made may answer a narrower one. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * After a write, every read of the connection may be stale: in this request and in the vendor-call cache.
   * Awaiting it makes sure the next request sees the write.
   */
  forget(): Promise<void> {
    this.entries.clear();
    return this.cache?.invalidate() ?? Promise.resolve();
  }

  /** When the oldest vendor data this request read from the connection was fetched (epoch ms); null before any read. */
  get fetchedAt(): number | null {
    return this.oldest;
  }

  private saw(fetchedAt: number): void {
    if (this.oldest === null || fetchedAt < this.oldest) this.oldest = fetchedAt;
  }
}

/** The defaults a deployment keeps unless `limits` says otherwise (`requestDeadlineMs`, `vendorCallsPerRequest`). */
export const DEFAULT_REQUEST_DEADLINE_MS = 15_000;
export const DEFAULT_VENDOR_CALLS_PER_REQUEST = 200;

/**
 * The distinct vendor calls one GraphQL request may cause. Retries of a call do not count again (they are
 * bounded by the connection's retry budget); memoized reads never reach the counter at all.
 */
export class VendorCallCounter {
  private used = 0;

  constructor(readonly limit: number) {}

  /** Counts one call; false when the request has already made `limit` of them (the call must not go out). */
  take(): boolean {
    if (this.used >= this.limit) return false;
    this.used += 1;
    return true;
  }

  /** Gives a slot back: the call it was taken for never reached the vendor (open circuit). */
  release(): void {
    this.used = Math.max(0, this.used - 1);
  }

  get count(): number {
    return this.used;
  }
}

/** What every datasource call receives from the GraphQL request that caused it. */
export interface CallContext {
  /** Propagated to vendors that accept one (alfaview `requestId`) and to logs. */
  requestId: string;
  memo: RequestMemo;
  /** Epoch ms (on `now`) after which no vendor call starts and pending ones end as VENDOR_TIMEOUT. */
  deadline: number;
  /** The clock the deadline is on. */
  now: () => number;
  vendorCalls: VendorCallCounter;
}

export interface CallContextOptions {
  deadlineMs?: number;
  vendorCallLimit?: number;
  /** Epoch milliseconds; tests inject it. */
  now?: () => number;
  /** The vendor-call cache below the memo; none when absent (every request asks the vendors). */
  cache?: VendorReadCache | null;
}

export function newCallContext(requestId: string, options: CallContextOptions = {}): CallContext {
  const now = options.now ?? Date.now;
  return {
    requestId,
    memo: new RequestMemo(options.cache ?? null, now),
    deadline: now() + (options.deadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS),
    now,
    vendorCalls: new VendorCallCounter(options.vendorCallLimit ?? DEFAULT_VENDOR_CALLS_PER_REQUEST),
  };
}

/** Milliseconds left before the request's deadline (never negative). */
export function timeLeft(ctx: CallContext): number {
  return Math.max(0, ctx.deadline - ctx.now());
}
