import { randomUUID } from 'node:crypto';
import { cacheTtls, type CacheOperation } from '../../core/cache-config.js';
import type { ConnectionConfigBase } from '../../core/connection-config.js';
import type { Logger } from '../../core/logger.js';
import { vendorModule } from '../../datasources/modules.js';
import {
  resourceOf,
  type CachedRead,
  type ConnectionReadCache,
  type LocalReadRule,
  type VendorReadCache,
} from '../../datasources/read-cache.js';
import type { StateStore } from '../state/state-store.js';
import { decodeValue, encodeValue } from './json-codec.js';

/** What the shared store holds per read: the JSON-encoded value, when it was fetched, until when it is fresh. */
interface StoredRead {
  json: string;
  fetchedAt: number;
  freshUntil: number;
}

/** This process's copy of a read: the value itself (parsed once), never re-decoded on a hit. */
interface LocalRead {
  read: CachedRead<unknown>;
  freshUntil: number;
  staleUntil: number;
}

interface Rule {
  operation: CacheOperation;
  ttlMs: number;
  shared: boolean;
  keep: (value: unknown) => boolean;
}

interface ConnectionPolicy {
  rules: ReadonlyMap<string, Rule>;
}

export interface VendorCallCacheOptions {
  connections: readonly ConnectionConfigBase[];
  store: StateStore;
  logger: Logger;
  /** Epoch ms; tests inject it. */
  now?: () => number;
  /** How long one replica may hold the right to load a read before another gives up waiting (default 10 s). */
  lockMs?: number;
  /** How often a replica waiting for another one's load looks for its result (default 50 ms). */
  pollMs?: number;
  /** Entries kept in this process at most; the oldest go first (default 10 000). */
  maxLocalEntries?: number;
}

const PREFIX = 'vcache:';
/** Invalidation generations outlive every entry (at most 2 × 3600 s). */
const GENERATION_TTL_MS = 24 * 60 * 60 * 1000;
/** A failing store is reported at most this often. */
const WARN_EVERY_MS = 30_000;

const always = (): boolean => true;

/**
 * The vendor-call cache below the request memo (README "Caching"). Per connection and read, keyed by the
 * vendor's own resource names, so whatever a request may read of a connection is all it can get from here:
 * scoping stays the request's job, as without a cache.
 *
 * - **Two layers**: this process keeps the value itself (an ALLOcloud feed is parsed once per TTL, not per
 *   request); the state store keeps it as JSON for the other replicas.
 * - **Coalescing**: identical reads in this process share one load; across replicas a short lock key in the
 *   store lets one replica load while the others wait for its result (or load themselves after `lockMs`).
 * - **Stale-while-revalidate**: a read past its TTL but within twice the TTL is served at once while one
 *   refresh runs in the background.
 * - **Invalidation**: a write bumps the connection's generation in the store; every key carries the generation,
 *   so all replicas stop serving what was cached before the write.
 * - **Degradation**: a store that throws turns the cache off for that read (with a warning), never into an error.
 */
export class VendorCallCache implements VendorReadCache {
  private readonly policies = new Map<string, ConnectionPolicy>();
  private readonly local = new Map<string, LocalRead>();
  private readonly inflight = new Map<string, Promise<CachedRead<unknown>>>();
  private readonly store: StateStore;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly lockMs: number;
  private readonly pollMs: number;
  private readonly maxLocalEntries: number;
  private lastWarning = -Infinity;

  constructor(options: VendorCallCacheOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.lockMs = options.lockMs ?? 10_000;
    this.pollMs = options.pollMs ?? 50;
    this.maxLocalEntries = options.maxLocalEntries ?? 10_000;
    for (const config of options.connections) {
      const ttls = cacheTtls(config.cache);
      const rules = new Map<string, Rule>();
      for (const [resource, rule] of Object.entries(vendorModule(config.vendor)?.cachedReads ?? {})) {
        const local: LocalReadRule | null = typeof rule === 'string' ? null : rule;
        const operation = local ? local.operation : (rule as CacheOperation);
        const ttlMs = ttls[operation] * 1000;
        if (ttlMs > 0) rules.set(resource, { operation, ttlMs, shared: local === null, keep: local?.keep ?? always });
      }
      if (rules.size > 0) this.policies.set(config.id, { rules });
    }
  }

  session(connectionId: string): ConnectionReadCache | null {
    const policy = this.policies.get(connectionId);
    if (!policy) return null;
    let generation: Promise<string | null> | null = null;
    const current = (): Promise<string | null> => (generation ??= this.generation(connectionId));
    return {
      read: <T>(key: string, load: () => Promise<T>): Promise<CachedRead<T>> | null => {
        const rule = policy.rules.get(resourceOf(key));
        if (!rule) return null;
        return current().then((gen) => this.read(connectionId, gen, key, rule, load));
      },
      invalidate: async (): Promise<void> => {
        generation = this.invalidate(connectionId);
        await generation;
      },
    };
  }

  private async read<T>(connectionId: string, gen: string | null, key: string, rule: Rule, load: () => Promise<T>): Promise<CachedRead<T>> {
    // Without a generation (the store failed) nothing cached can be trusted to be current: ask the vendor.
    if (gen === null) return { value: await load(), fetchedAt: this.now() };
    const id = `${connectionId}\n${gen}\n${key}`;
    const held = this.local.get(id);
    const now = this.now();
    if (held && now < held.staleUntil) {
      if (now >= held.freshUntil) this.revalidate(id, connectionId, gen, key, rule, load);
      return held.read as CachedRead<T>;
    }
    const pending = this.inflight.get(id);
    if (pending) return pending as Promise<CachedRead<T>>;
    return this.track(id, this.fill(id, connectionId, gen, key, rule, load));
  }

  /** A miss in this process: the shared copy if there is one, else a load (once across replicas). */
  private async fill<T>(
    id: string,
    connectionId: string,
    gen: string,
    key: string,
    rule: Rule,
    load: () => Promise<T>,
  ): Promise<CachedRead<T>> {
    if (!rule.shared) return this.load(id, connectionId, gen, key, rule, load, false);
    const storeKey = this.storeKey(connectionId, gen, key);
    const stored = await this.attempt(() => this.store.get<StoredRead>(storeKey));
    if (!stored.ok) return { value: await load(), fetchedAt: this.now() };
    if (stored.value) {
      const read = this.remember<T>(id, rule, stored.value);
      // Refresh once this fill is no longer the read in flight (revalidate skips a read that is).
      if (this.now() >= stored.value.freshUntil) setImmediate(() => this.revalidate(id, connectionId, gen, key, rule, load));
      return read;
    }
    return this.load(id, connectionId, gen, key, rule, load, false);
  }

  /**
   * Loads from the vendor and keeps the result. For a shared read, only the replica holding the lock key loads;
   * another one waits for the result in the store (a background refresh just leaves it to the holder).
   */
  private async load<T>(
    id: string,
    connectionId: string,
    gen: string,
    key: string,
    rule: Rule,
    load: () => Promise<T>,
    background: boolean,
  ): Promise<CachedRead<T>> {
    const storeKey = this.storeKey(connectionId, gen, key);
    const lockKey = `${storeKey}:lock`;
    let locked = false;
    if (rule.shared) {
      const lock = await this.attempt(() => this.store.setIfAbsent(lockKey, 1, this.lockMs));
      if (!lock.ok) return { value: await load(), fetchedAt: this.now() };
      locked = lock.value;
      if (!locked) {
        const held = this.local.get(id);
        if (background && held) return held.read as CachedRead<T>;
        const other = await this.waitFor(storeKey);
        if (other) return this.remember<T>(id, rule, other);
      }
    }
    try {
      const value = await load();
      const fetchedAt = this.now();
      const read: CachedRead<T> = { value, fetchedAt };
      if (!rule.keep(value)) return read;
      const freshUntil = fetchedAt + rule.ttlMs;
      this.keepLocal(id, { read, freshUntil, staleUntil: fetchedAt + 2 * rule.ttlMs });
      if (rule.shared) {
        const stored: StoredRead = { json: encodeValue(value), fetchedAt, freshUntil };
        await this.attempt(() => this.store.set(storeKey, stored, 2 * rule.ttlMs));
      }
      return read;
    } finally {
      if (locked) await this.attempt(() => this.store.delete(lockKey));
    }
  }

  /** Another replica is loading: its result, or null when it does not come within `lockMs`. */
  private async waitFor(storeKey: string): Promise<StoredRead | null> {
    const giveUpAt = this.now() + this.lockMs;
    const started = Date.now();
    // Both clocks bound the wait: tests freeze `now`, and a real wait must end even then.
    while (this.now() < giveUpAt && Date.now() - started < this.lockMs) {
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      const stored = await this.attempt(() => this.store.get<StoredRead>(storeKey));
      if (!stored.ok) return null;
      if (stored.value) return stored.value;
    }
    return null;
  }

  /** One background refresh per read; its failure leaves the stale value to expire. */
  private revalidate<T>(id: string, connectionId: string, gen: string, key: string, rule: Rule, load: () => Promise<T>): void {
    if (this.inflight.has(id)) return;
    this.track(id, this.load(id, connectionId, gen, key, rule, load, true)).catch((error: unknown) => {
      this.logger.warn({ connectionId, operation: rule.operation, err: error }, 'vendor-call cache: background refresh failed');
    });
  }

  private track<T>(id: string, pending: Promise<CachedRead<T>>): Promise<CachedRead<T>> {
    this.inflight.set(id, pending);
    const clear = (): void => {
      if (this.inflight.get(id) === pending) this.inflight.delete(id);
    };
    pending.then(clear, clear);
    return pending;
  }

  private remember<T>(id: string, rule: Rule, stored: StoredRead): CachedRead<T> {
    const read: CachedRead<T> = { value: decodeValue<T>(stored.json), fetchedAt: stored.fetchedAt };
    this.keepLocal(id, { read, freshUntil: stored.freshUntil, staleUntil: stored.fetchedAt + 2 * rule.ttlMs });
    return read;
  }

  private keepLocal(id: string, entry: LocalRead): void {
    this.local.delete(id);
    this.local.set(id, entry);
    if (this.local.size <= this.maxLocalEntries) return;
    const now = this.now();
    for (const [key, held] of this.local) if (held.staleUntil <= now) this.local.delete(key);
    // Still too many: drop the oldest insertions (a Map iterates in insertion order).
    for (const key of this.local.keys()) {
      if (this.local.size <= this.maxLocalEntries) break;
      this.local.delete(key);
    }
  }

  private async generation(connectionId: string): Promise<string | null> {
    const got = await this.attempt(() => this.store.get<string>(this.generationKey(connectionId)));
    return got.ok ? (got.value ?? '0') : null;
  }

  /** A new generation: everything cached for the connection before it is never served again, on any replica. */
  private async invalidate(connectionId: string): Promise<string | null> {
    const next = randomUUID();
    const set = await this.attempt(() => this.store.set(this.generationKey(connectionId), next, GENERATION_TTL_MS));
    for (const id of this.local.keys()) if (id.startsWith(`${connectionId}\n`)) this.local.delete(id);
    return set.ok ? next : null;
  }

  private storeKey(connectionId: string, gen: string, key: string): string {
    return `${PREFIX}${connectionId}:${gen}:${key}`;
  }

  private generationKey(connectionId: string): string {
    return `${PREFIX}${connectionId}:generation`;
  }

  /** A store call that cannot fail the request: a throw is logged (rate-limited) and reported as not ok. */
  private async attempt<T>(call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      const now = Date.now();
      if (now - this.lastWarning >= WARN_EVERY_MS) {
        this.lastWarning = now;
        this.logger.warn({ err: error }, 'vendor-call cache: the state store failed; asking the vendors directly');
      }
      return { ok: false };
    }
  }
}
