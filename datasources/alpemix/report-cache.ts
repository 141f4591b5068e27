import { randomUUID } from 'node:crypto';
import { MemoryStateStore } from '../../core/memory-state-store.js';
import type { StateStore } from '../../core/state-store.js';
import type { ConnectionReportRecord } from '../records.js';
import type { CallContext } from '../request-memo.js';
import type { AlpemixClient } from './client.js';
import type { AlpemixConnection, AlpemixDay } from './types.js';
import { VendorUnavailableError, type VendorError } from '../vendor-errors.js';

/**
 * The per-connection store of day reports, shared by ALL concurrent GraphQL requests (cross-request state,
 * unlike ctx.memo). It exists because Alpemix allows 3 report calls a minute and blocks offenders:
 * - one in-flight report call per day, whoever asks;
 * - a short cache of each day's result (*choice*: 20 s), so a burst of requests costs one call per day;
 * - the report budget is reserved for all missing days at once, before anything is sent.
 */
export const ALPEMIX_REPORT_CACHE_TTL_MS = 20_000;
/**
 * *Choice*: when the report budget is spent, a day's last answer up to this old is served instead of an error.
 * The budget refills within a minute, so under steady load what a client sees is at most about a minute behind.
 */
export const ALPEMIX_REPORT_STALE_MS = 5 * 60_000;
/** How long a replica waits for another one's report call before it serves the last answer or gives up. */
const WAIT_FOR_OTHER_REPLICA_MS = 10_000;
const POLL_MS = 50;
/** The fetching lock outlives any report call (timeouts are seconds) but frees itself if its replica dies. */
const FETCH_LOCK_MS = 60_000;

/** A day's report as the replicas share it: the vendor's rows and when they were fetched (meetgraph's clock). */
interface SharedDay {
  results: AlpemixConnection[];
  fetchedAt: number;
}

export interface SharedReports {
  /** The state store (Redis with `state.redis`): replicas share each day's report and fetch it one at a time. */
  state?: StateStore;
  /** Names the account (connection, credentials hash) in the store. */
  key: string;
}

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
  private readonly state: StateStore;
  private readonly sharedKey: string;

  constructor(
    private readonly client: AlpemixClient,
    private readonly map: (results: AlpemixConnection[]) => ConnectionReportRecord[],
    private readonly now: () => Date,
    private readonly ttlMs: number = ALPEMIX_REPORT_CACHE_TTL_MS,
    shared?: SharedReports,
  ) {
    this.state = shared?.state ?? new MemoryStateStore(() => now().getTime());
    this.sharedKey = shared?.key ?? 'alpemix:reports';
  }

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
    // One fetch for every missing day, started now so later callers in this process join these entries.
    const batch = this.fetchShared(missing, ctx);
    missing.forEach((ref) => {
      const key = dayKey(ref);
      const entry: Entry = { promise: Promise.resolve([]), settledAt: null };
      entry.promise = batch
        .then((fetched) => fetched.get(key) ?? { results: [], fetchedAt: this.now().getTime() })
        .then(
          (day) => {
            // Counted from the vendor's answer: a day another replica fetched 15 s ago is fresh for 5 s more here.
            entry.settledAt = day.fetchedAt;
            return this.map(day.results);
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

  /**
   * The days from the shared store when another replica fetched them within the TTL; otherwise this replica
   * takes the fetching lock, reserves the budget for every day still missing at once and calls the vendor.
   * While another replica holds the lock, this one waits for its answer. When the budget is spent (or the other
   * replica takes too long), each day's last answer within ALPEMIX_REPORT_STALE_MS is served instead of an error.
   */
  private async fetchShared(missing: readonly AlpemixDayRef[], ctx: CallContext): Promise<Map<string, SharedDay>> {
    const out = new Map<string, SharedDay>();
    const lockKey = `${this.sharedKey}:fetching`;
    const giveUpAt = Date.now() + WAIT_FOR_OTHER_REPLICA_MS;
    for (;;) {
      let { need, stale } = await this.readShared(missing, out);
      if (need.length === 0) return out;
      const serveStale = (): boolean => {
        if (!need.every((ref) => stale.has(dayKey(ref)))) return false;
        for (const ref of need) out.set(dayKey(ref), stale.get(dayKey(ref))!);
        return true;
      };
      const owner = randomUUID();
      if (await this.state.setIfAbsent(lockKey, owner, FETCH_LOCK_MS)) {
        try {
          // Another replica may have stored the days between our read and our lock: read again under the lock.
          ({ need, stale } = await this.readShared(need, out));
          if (need.length === 0) return out;
          let tickets;
          try {
            tickets = await this.client.reserveReports(need.length);
          } catch (error) {
            if (serveStale()) return out;
            throw error;
          }
          let fetched: AlpemixConnection[][];
          try {
            fetched = await Promise.all(need.map((ref, i) => this.client.fetchReport(ref.day, ctx, tickets[i]!)));
          } catch (error) {
            // The vendor's own limit answer (205, or the re-authentication the budget refused) is a spent budget too.
            if ((error as VendorError | null)?.code === 'VENDOR_RATE_LIMITED' && serveStale()) return out;
            throw error;
          }
          const fetchedAt = this.now().getTime();
          await Promise.all(
            need.map((ref, i) => {
              const day: SharedDay = { results: fetched[i]!, fetchedAt };
              out.set(dayKey(ref), day);
              return this.state.set<SharedDay>(this.dayKeyOf(ref), day, ALPEMIX_REPORT_STALE_MS);
            }),
          );
          return out;
        } finally {
          await this.state.deleteIfEquals(lockKey, owner);
        }
      }
      if (Date.now() >= giveUpAt) {
        if (serveStale()) return out;
        throw new VendorUnavailableError(
          this.client.source,
          'Another meetgraph replica is fetching the Alpemix report; try again shortly.',
          {
            retryAfterSeconds: 5,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Fills `out` with the fresh shared days; returns the days still needed and the stale answers among them. */
  private async readShared(
    days: readonly AlpemixDayRef[],
    out: Map<string, SharedDay>,
  ): Promise<{ need: AlpemixDayRef[]; stale: Map<string, SharedDay> }> {
    const pending = days.filter((ref) => !out.has(dayKey(ref)));
    const stored = await Promise.all(pending.map((ref) => this.state.get<SharedDay>(this.dayKeyOf(ref))));
    const now = this.now().getTime();
    const need: AlpemixDayRef[] = [];
    const stale = new Map<string, SharedDay>();
    pending.forEach((ref, i) => {
      const day = stored[i];
      if (day && now - day.fetchedAt < this.ttlMs) out.set(dayKey(ref), day);
      else {
        need.push(ref);
        if (day && now - day.fetchedAt < ALPEMIX_REPORT_STALE_MS) stale.set(dayKey(ref), day);
      }
    });
    return { need, stale };
  }

  private dayKeyOf(ref: AlpemixDayRef): string {
    return `${this.sharedKey}:${dayKey(ref)}`;
  }

  clear(): void {
    this.entries.clear();
  }

  private prune(): void {
    const cutoff = this.now().getTime() - this.ttlMs;
    for (const [key, entry] of this.entries) if (entry.settledAt !== null && entry.settledAt <= cutoff) this.entries.delete(key);
  }
}
