import type { Logger } from '../../core/logger.js';
import { MemoryStateStore } from './memory-store.js';
import type { RedisStateStore } from './redis-store.js';
import type { CallRateLimiter, SlotGrant, SlotRequest, StateStore } from './state-store.js';

/**
 * Redis when it answers, this process's memory when it does not. A Redis outage must never become an error
 * for a client: every operation that fails on Redis is answered by the in-process store instead (tokens, budgets
 * and idempotency keys then hold per process, as with a single replica), with one warning per outage. ioredis
 * keeps reconnecting; once it is back, operations go to Redis again and an info line says so. What was kept in
 * memory meanwhile is not copied over: it is short-lived (tokens are re-read or renewed, windows roll over).
 */
export class ResilientStateStore implements StateStore {
  private degraded = false;
  /** True once Redis answered at least once: `/ready` waits for it (a wrong URL shows at startup). */
  private reachedOnce = false;

  constructor(
    private readonly redis: RedisStateStore,
    private readonly logger: Logger,
    private readonly fallback: MemoryStateStore = new MemoryStateStore(),
  ) {
    redis.client.on('ready', () => {
      this.reachedOnce = true;
      this.recovered();
    });
    redis.client.on('error', (error: Error) => this.degrade(error));
    redis.client.on('end', () => this.degrade(new Error('connection closed')));
  }

  /** Connects, waiting at most `timeoutMs`; meetgraph starts either way (degraded until Redis answers). */
  async start(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.redis.connect().catch((error: unknown) => this.degrade(error)), timeout]);
    clearTimeout(timer);
    if (!this.redis.connected) this.degrade(new Error('not reachable at startup'));
  }

  /** Whether state is currently shared (false during an outage). */
  get shared(): boolean {
    return this.redis.connected;
  }

  /**
   * Readiness: Redis reached at least once since startup. A later outage does not fail it: every replica
   * would drop out of the load balancer at once, while each can still serve with per-process state.
   */
  ready(): boolean {
    return this.reachedOnce || this.redis.connected;
  }

  get<T>(key: string): Promise<T | null> {
    return this.run((s) => s.get<T>(key));
  }
  set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    return this.run((s) => s.set(key, value, ttlMs));
  }
  setIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean> {
    return this.run((s) => s.setIfAbsent(key, value, ttlMs));
  }
  delete(key: string): Promise<void> {
    return this.run((s) => s.delete(key));
  }
  deleteIfEquals<T>(key: string, value: T): Promise<boolean> {
    return this.run((s) => s.deleteIfEquals(key, value));
  }
  takeSlots(key: string, request: SlotRequest): Promise<SlotGrant> {
    return this.run((s) => s.takeSlots(key, request));
  }
  completeSlot(key: string, slotId: string, windowMs: number): Promise<void> {
    return this.run((s) => s.completeSlot(key, slotId, windowMs));
  }
  releaseSlot(key: string, slotId: string): Promise<void> {
    return this.run((s) => s.releaseSlot(key, slotId));
  }
  saturateSlots(key: string, limit: number, windowMs: number): Promise<void> {
    return this.run((s) => s.saturateSlots(key, limit, windowMs));
  }
  freeSlots(key: string, limit: number): Promise<number> {
    return this.run((s) => s.freeSlots(key, limit));
  }

  /** rate-limiter-flexible's own insurance limiter takes over while Redis is unreachable. */
  rateLimiter(name: string, callsPerMinute: number): CallRateLimiter {
    return this.redis.rateLimiter(name, callsPerMinute);
  }

  async close(): Promise<void> {
    await this.redis.close();
  }

  private async run<T>(operation: (store: StateStore) => Promise<T>): Promise<T> {
    if (this.redis.connected) {
      try {
        const result = await operation(this.redis);
        // A command that failed while the connection stayed up (a timeout) recovers without a new 'ready'.
        this.recovered();
        return result;
      } catch (error) {
        this.degrade(error);
      }
    } else this.degrade(new Error('not connected'));
    return operation(this.fallback);
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.info('state store (Redis) reachable again: state is shared by the replicas again');
  }

  private degrade(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    // The message only: an ioredis error can carry the URL, and with it a password.
    const reason = error instanceof Error ? error.message.replace(/redis(s)?:\/\/\S+/gi, 'redis://…') : 'unknown';
    this.logger.warn(
      { reason },
      'state store (Redis) unreachable: tokens, rate budgets and idempotency keys are per process until it returns',
    );
  }
}
