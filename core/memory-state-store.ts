import { RateLimiterMemory } from 'rate-limiter-flexible';
import { callRateLimiter } from './rate-limiter.js';
import { RollingWindows } from './rolling-window.js';
import type { CallRateLimiter, SlotGrant, SlotRequest, StateStore } from './state-store.js';

interface Entry {
  /** Stored as JSON text, as a shared store would: callers never share object references with the store. */
  json: string;
  expiresAt: number;
}

/** Expired entries are swept at most this often (reads ignore them anyway). */
const SWEEP_EVERY_MS = 60_000;

/** The default state store: one process's memory. Fine for a single replica; replicas need a shared store. */
export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, Entry>();
  private readonly windows: RollingWindows;
  private lastSweep: number;

  constructor(private readonly now: () => number = Date.now) {
    this.lastSweep = now();
    this.windows = new RollingWindows(now);
  }

  async get<T>(key: string): Promise<T | null> {
    const entry = this.live(key);
    return entry ? (JSON.parse(entry.json) as T) : null;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    this.sweep();
    this.entries.set(key, { json: JSON.stringify(value), expiresAt: this.now() + ttlMs });
  }

  async setIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean> {
    // No await before the write: check and set happen in one turn of the event loop, which makes it atomic here.
    if (this.live(key)) return false;
    await this.set(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async deleteIfEquals<T>(key: string, value: T): Promise<boolean> {
    const entry = this.live(key);
    if (!entry || entry.json !== JSON.stringify(value)) return false;
    this.entries.delete(key);
    return true;
  }

  async takeSlots(key: string, request: SlotRequest): Promise<SlotGrant> {
    return this.windows.take(key, request);
  }

  async completeSlot(key: string, slotId: string, windowMs: number): Promise<void> {
    this.windows.complete(key, slotId, windowMs);
  }

  async releaseSlot(key: string, slotId: string): Promise<void> {
    this.windows.release(key, slotId);
  }

  async saturateSlots(key: string, limit: number, windowMs: number): Promise<void> {
    this.windows.saturate(key, limit, windowMs);
  }

  async freeSlots(key: string, limit: number): Promise<number> {
    return this.windows.free(key, limit);
  }

  /** On the wall clock (rate-limiter-flexible keeps its own time), unlike the rest of this store. */
  rateLimiter(name: string, callsPerMinute: number): CallRateLimiter {
    return callRateLimiter(new RateLimiterMemory({ keyPrefix: `ratelimit:${name}`, points: callsPerMinute, duration: 60 }));
  }

  get size(): number {
    return [...this.entries.keys()].filter((k) => this.live(k)).length;
  }

  private live(key: string): Entry | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
