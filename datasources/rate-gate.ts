import { MemoryStateStore } from '../core/memory-state-store.js';
import type { StateStore } from '../core/state-store.js';
import { VendorRateLimitedError, type VendorErrorSource } from './vendor-errors.js';

/** How long a call may wait for the connection's next rate window before it is refused instead. */
export const RATE_GATE_MAX_WAIT_MS = 5_000;

/**
 * The connection's `rateLimit` (calls a minute, cluster-wide with `state.redis`): a call over it waits for the
 * window to free when that is soon, and is otherwise refused unsent with VENDOR_RATE_LIMITED and the wait, so a
 * burst is smoothed rather than passed on to the vendor.
 */
export function rateGate(
  source: VendorErrorSource,
  callsPerMinute: number,
  state: StateStore = new MemoryStateStore(),
  maxWaitMs = RATE_GATE_MAX_WAIT_MS,
): () => Promise<void> {
  const limiter = state.rateLimiter(`connection:${source.connectionId}`, callsPerMinute);
  return async () => {
    const giveUpAt = Date.now() + maxWaitMs;
    for (;;) {
      const waitMs = await limiter.take();
      if (waitMs === 0) return;
      if (Date.now() + waitMs > giveUpAt) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new VendorRateLimitedError(
          source,
          `meetgraph holds back calls to this connection: its rateLimit allows ${callsPerMinute} a minute; retry in ${seconds} s.`,
          { retryAfterSeconds: seconds },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  };
}
