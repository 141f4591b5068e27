import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { CallRateLimiter } from './state-store.js';

/** The rate-limiter-flexible limiter behind `StateStore.rateLimiter`, as "may one call go out, or how long to wait". */
export function callRateLimiter(limiter: RateLimiterAbstract): CallRateLimiter {
  return {
    async take() {
      try {
        await limiter.consume('calls', 1);
        return 0;
      } catch (refusal) {
        // Refused: the reply says when the window frees. Any other rejection is a store failure.
        if (refusal instanceof RateLimiterRes) return Math.max(1, refusal.msBeforeNext);
        throw refusal;
      }
    },
  };
}
