import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { callRateLimiter } from '../../core/rate-limiter.js';
import { COMPLETE_SLOT, DELETE_IF_EQUALS, FREE_SLOTS, SATURATE_SLOTS, TAKE_SLOTS } from './redis-scripts.js';
import type { CallRateLimiter, SlotGrant, SlotRequest, StateStore } from './state-store.js';

export const DEFAULT_KEY_PREFIX = 'meetgraph:';

export interface RedisStateStoreOptions {
  url: string;
  /** Every key starts with it (default `meetgraph:`): meetgraph can share a Redis database with others. */
  keyPrefix?: string;
  /** A command that takes longer fails (and the caller falls back to per-process state). */
  commandTimeoutMs?: number;
  now?: () => number;
}

/**
 * The state store in Redis (`state.redis.url`), shared by every replica. Values are JSON strings with a TTL
 * (`SET … PX`); the atomic primitives are single commands or Lua scripts. Commands are never queued while the
 * connection is down: they fail at once, and `ResilientStateStore` answers from process memory meanwhile, while
 * ioredis keeps reconnecting in the background.
 */
export class RedisStateStore implements StateStore {
  readonly client: Redis;
  private readonly now: () => number;

  constructor(options: RedisStateStoreOptions) {
    this.now = options.now ?? Date.now;
    this.client = new Redis(options.url, {
      keyPrefix: options.keyPrefix ?? DEFAULT_KEY_PREFIX,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 2_000,
      connectTimeout: 2_000,
      // A closing socket that does not end is destroyed soon, so shutdown never waits on it.
      disconnectTimeout: 200,
      // Keep trying for as long as the process lives: Redis coming back must be noticed without a restart.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    this.client.defineCommand('mgTakeSlots', { numberOfKeys: 1, lua: TAKE_SLOTS });
    this.client.defineCommand('mgCompleteSlot', { numberOfKeys: 1, lua: COMPLETE_SLOT });
    this.client.defineCommand('mgSaturateSlots', { numberOfKeys: 1, lua: SATURATE_SLOTS });
    this.client.defineCommand('mgFreeSlots', { numberOfKeys: 1, lua: FREE_SLOTS });
    this.client.defineCommand('mgDeleteIfEquals', { numberOfKeys: 1, lua: DELETE_IF_EQUALS });
  }

  /** True while connected; commands sent otherwise fail at once. */
  get connected(): boolean {
    return this.client.status === 'ready';
  }

  async connect(): Promise<void> {
    if (this.client.status === 'wait') await this.client.connect();
  }

  async ping(): Promise<boolean> {
    return (await this.client.ping()) === 'PONG';
  }

  async get<T>(key: string): Promise<T | null> {
    const text = await this.client.get(key);
    return text === null ? null : (JSON.parse(text) as T);
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    await this.client.set(key, JSON.stringify(value), 'PX', ttl(ttlMs));
  }

  async setIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean> {
    return (await this.client.set(key, JSON.stringify(value), 'PX', ttl(ttlMs), 'NX')) === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.client.del(key);
  }

  async deleteIfEquals<T>(key: string, value: T): Promise<boolean> {
    return (await this.script('mgDeleteIfEquals', key, JSON.stringify(value))) === 1;
  }

  async takeSlots(key: string, { count, limit, windowMs, pendingMs }: SlotRequest): Promise<SlotGrant> {
    const slotIds = Array.from({ length: Math.max(0, count) }, () => randomUUID());
    const reply = (await this.script('mgTakeSlots', key, this.now(), count, limit, windowMs, pendingMs, ...slotIds)) as [number, number];
    return reply[0] === 1 ? { granted: true, slotIds } : { granted: false, retryAfterMs: reply[1] };
  }

  async completeSlot(key: string, slotId: string, windowMs: number): Promise<void> {
    await this.script('mgCompleteSlot', key, this.now(), slotId, windowMs);
  }

  async releaseSlot(key: string, slotId: string): Promise<void> {
    await this.client.zrem(key, `p:${slotId}`);
  }

  async saturateSlots(key: string, limit: number, windowMs: number): Promise<void> {
    const ids = Array.from({ length: limit }, () => randomUUID());
    await this.script('mgSaturateSlots', key, this.now(), limit, windowMs, ...ids);
  }

  async freeSlots(key: string, limit: number): Promise<number> {
    return Number(await this.script('mgFreeSlots', key, this.now(), limit));
  }

  /**
   * Counted in Redis (keys under this store's prefix); while Redis is unreachable the insurance limiter counts
   * in this process instead, so a call is never refused because Redis is down.
   */
  rateLimiter(name: string, callsPerMinute: number): CallRateLimiter {
    const keyPrefix = `ratelimit:${name}`;
    const insuranceLimiter = new RateLimiterMemory({ keyPrefix, points: callsPerMinute, duration: 60 });
    return callRateLimiter(
      new RateLimiterRedis({ storeClient: this.client, keyPrefix, points: callsPerMinute, duration: 60, insuranceLimiter }),
    );
  }

  async close(): Promise<void> {
    if (this.client.status === 'end') return;
    // Not connected: stop reconnecting at once (QUIT cannot be sent anyway).
    if (this.client.status !== 'ready') return this.client.disconnect();
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  private script(name: string, key: string, ...args: Array<string | number>): Promise<unknown> {
    const command = (this.client as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>)[name];
    if (!command) throw new Error(`Redis script ${name} is not defined`);
    return command.call(this.client, key, ...args);
  }
}

/** Redis refuses PX 0; a TTL is at least a millisecond. */
const ttl = (ms: number): number => Math.max(1, Math.ceil(ms));
