import { randomUUID } from 'node:crypto';
import type { SlotGrant, SlotRequest } from './state-store.js';

/**
 * The rolling-window arithmetic of `StateStore.takeSlots` for one process's memory. Each slot is stored with the
 * moment it leaves the window: completion time + window; while pending, one window after its pending deadline.
 * The Redis store runs the same steps in a Lua script (src/state/redis-scripts.ts).
 */
export interface WindowSlot {
  leavesAt: number;
  pending: boolean;
}

export class RollingWindows {
  private readonly windows = new Map<string, Map<string, WindowSlot>>();

  constructor(private readonly now: () => number) {}

  take(key: string, { count, limit, windowMs, pendingMs }: SlotRequest): SlotGrant {
    const slots = this.pruned(key);
    const now = this.now();
    if (count > limit) return { granted: false, retryAfterMs: windowMs };
    if (slots.size + count > limit) {
      // A pending slot leaves at the earliest one window after it completes, i.e. one window from now.
      const leaves = [...slots.values()].map((s) => (s.pending ? now + windowMs : s.leavesAt)).sort((a, b) => a - b);
      const at = leaves[slots.size + count - limit - 1] ?? now + windowMs;
      return { granted: false, retryAfterMs: Math.max(1, at - now) };
    }
    const slotIds = Array.from({ length: count }, () => randomUUID());
    for (const id of slotIds) slots.set(id, { leavesAt: now + pendingMs + windowMs, pending: true });
    this.windows.set(key, slots);
    return { granted: true, slotIds };
  }

  complete(key: string, slotId: string, windowMs: number): void {
    const slot = this.windows.get(key)?.get(slotId);
    if (slot) Object.assign(slot, { leavesAt: this.now() + windowMs, pending: false });
  }

  release(key: string, slotId: string): void {
    this.windows.get(key)?.delete(slotId);
  }

  saturate(key: string, limit: number, windowMs: number): void {
    const leavesAt = this.now() + windowMs;
    this.windows.set(key, new Map(Array.from({ length: limit }, () => [randomUUID(), { leavesAt, pending: false }])));
  }

  free(key: string, limit: number): number {
    return Math.max(0, limit - this.pruned(key).size);
  }

  private pruned(key: string): Map<string, WindowSlot> {
    const slots = this.windows.get(key) ?? new Map<string, WindowSlot>();
    const now = this.now();
    for (const [id, slot] of slots) if (slot.leavesAt <= now) slots.delete(id);
    if (slots.size === 0) this.windows.delete(key);
    return slots;
  }
}
