import type { VendorName } from './records.js';

/**
 * Calls one connection keeps in flight to its vendor, across every GraphQL request of the process. The shared
 * HTTP client enforces it (datasources/http.ts), so datasources may start every call they need at once and
 * nested loads pipeline without ever exceeding what the vendor tolerates.
 *
 * - alpemix: 1. Every call spends a slot of the vendor's per-minute request limit and the budget serializes
 *   them anyway (docs/vendors/alpemix.md).
 * - alfaview: 8. Batch-shaped JSON-RPC calls (one status call per page of rooms); a request makes a handful.
 * - allocloud: 8. One calendar feed per organizer plus the account calls; the API keeps a per-key rate limit,
 *   so the feed reads stay few and the cap stays low.
 * - apizee: 16. No published concurrency limit; its per-user rate limit answers 429 with Retry-After, which
 *   the shared client honours. Per-conference media reads are the wide stage.
 * - vconnct: 64. No batch endpoint and no published concurrency limit (docs/vendors/vconnct.md "Calls"): one
 *   call per meeting and per session, so this is the wide stage of nested pages (30 meetings with their
 *   sessions, attendance and recordings are ~180 calls in three dependent stages). At 16 such a page took 11
 *   round trips; at 64 it takes about four, still far below what a GraphQL gateway without a cap sends at
 *   once (bench/ "peer": GraphQL Mesh had up to 152 in flight).
 *
 * A connection's `maxConcurrency` (config) replaces its vendor's number here.
 */
export const VENDOR_CONCURRENCY: Readonly<Record<VendorName, number>> = {
  alfaview: 8,
  allocloud: 8,
  alpemix: 1,
  apizee: 16,
  vconnct: 64,
};

/** A FIFO counting semaphore: at most `limit` holders at once, waiters served in arrival order. */
export class Slots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }

  /** Resolves when a slot is free; call the returned function exactly once to give it back. */
  acquire(): Promise<() => void> {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  /** Calls in flight now. */
  get inFlight(): number {
    return this.active;
  }

  /** Calls waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter: `active` stays the same.
      if (next) next();
      else this.active -= 1;
    };
  }
}
