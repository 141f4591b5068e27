import type { ConnectionReportRecord } from '../records.js';
import type { CallContext } from '../request-memo.js';
import type { AlpemixClient } from './client.js';
import type { AlpemixConnection, AlpemixDay } from './types.js';

/**
 * The per-connection store of day reports, shared by ALL concurrent GraphQL requests (cross-request state,
 * unlike ctx.memo). It exists because Alpemix allows 3 report calls a minute and blocks offenders:
 * - one in-flight report call per day, whoever asks;
 * - a short cache of each day's result (*choice*: 20 s), so a burst of requests costs one call per day;
 * - the report budget is reserved for all missing days at once, before anything is sent.
 */
export const ALPEMIX_REPORT_CACHE_TTL_MS = 20_000;

/** One vendor day: which request (today / yesterday) and the calendar date it meant when asked. */
export interface AlpemixDayRef {
  day: AlpemixDay;
  /** ISO date in the connection's time zone; part of the key so "today" rolls over at midnight. */
  date: string;
}

export function dayKey(ref: AlpemixDayRef): string {
  return `${ref.day}:${ref.date}`;
}

interface Entry {
  promise: Promise<ConnectionReportRecord[]>;
  /** null while in flight. */
  settledAt: number | null;
}

export class AlpemixReportCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly client: AlpemixClient,
    private readonly map: (results: AlpemixConnection[]) => ConnectionReportRecord[],
    private readonly now: () => Date,
    private readonly ttlMs: number = ALPEMIX_REPORT_CACHE_TTL_MS,
  ) {}

  /**
   * Synchronously decides, for each day, whether it is served from the cache, joins the call in flight, or
   * needs a new call; reserves the budget for all new calls together (VENDOR_RATE_LIMITED, nothing sent, when
   * it cannot) and starts them. Returns one promise per day key.
   */
  load(days: readonly AlpemixDayRef[], ctx: CallContext): Map<string, Promise<ConnectionReportRecord[]>> {
    this.prune();
    const out = new Map<string, Promise<ConnectionReportRecord[]>>();
    const missing: AlpemixDayRef[] = [];
    for (const ref of days) {
      const key = dayKey(ref);
      if (out.has(key)) continue;
      const hit = this.entries.get(key);
      if (hit) out.set(key, hit.promise);
      else if (!missing.some((m) => dayKey(m) === key)) missing.push(ref);
    }
    if (missing.length === 0) return out;
    // One reservation for every missing day, started now so later callers join these entries.
    const reservation = this.client.reserveReports(missing.length);
    missing.forEach((ref, i) => {
      const key = dayKey(ref);
      const entry: Entry = { promise: Promise.resolve([]), settledAt: null };
      entry.promise = reservation
        .then((tickets) => this.client.fetchReport(ref.day, ctx, tickets[i]!))
        .then(
          (results) => {
            entry.settledAt = this.now().getTime();
            return this.map(results);
          },
          (error: unknown) => {
            // Failures are not cached: the next ask may try again (within the budget).
            if (this.entries.get(key) === entry) this.entries.delete(key);
            throw error;
          },
        );
      this.entries.set(key, entry);
      out.set(key, entry.promise);
    });
    return out;
  }

  clear(): void {
    this.entries.clear();
  }

  private prune(): void {
    const cutoff = this.now().getTime() - this.ttlMs;
    for (const [key, entry] of this.entries) if (entry.settledAt !== null && entry.settledAt <= cutoff) this.entries.delete(key);
  }
}
