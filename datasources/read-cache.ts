import type { CacheOperation } from '../core/cache-config.js';

/**
 * Which memo keys of a vendor may outlive the request, and as which operation (their freshness). The rule is
 * looked up by the key's resource name: the text before the first `:` or `?` (`list_sessions:42` →
 * `list_sessions`). Keys without a rule stay per request. `shared: false` keeps a value in this process only:
 * it is a parsed form (an ALLOcloud feed index) that is cheap to rebuild from the shared raw reads and is not
 * plain JSON.
 */
export type CachedReadRules = Readonly<Record<string, CacheOperation | LocalReadRule>>;

export interface LocalReadRule {
  operation: CacheOperation;
  shared: false;
  /** False for a value that must not be kept (it records a failure that the next request should retry). */
  keep?: (value: unknown) => boolean;
}

/** The resource name of a memo key, which the rules are keyed by. */
export function resourceOf(key: string): string {
  const end = key.search(/[:?]/);
  return end < 0 ? key : key.slice(0, end);
}

/** A read served by the cache, with when its value was fetched from the vendor (epoch ms). */
export interface CachedRead<T> {
  value: T;
  fetchedAt: number;
}

/**
 * One request's view of the vendor-call cache for one connection (implemented in `src/cache/`). The request
 * memo asks it before calling a vendor; datasources never see it.
 */
export interface ConnectionReadCache {
  /** The cached read of `key`, loading it with `load` when needed; null when the key is not cached at all. */
  read<T>(key: string, load: () => Promise<T>): Promise<CachedRead<T>> | null;
  /** A write went out: nothing cached for this connection so far may be served again. */
  invalidate(): Promise<void>;
}

/** The process-wide cache, handing each request a view per connection (null: the connection is not cached). */
export interface VendorReadCache {
  session(connectionId: string): ConnectionReadCache | null;
}
