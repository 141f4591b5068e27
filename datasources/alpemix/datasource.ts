import { DateTime } from 'luxon';
import type { Capability } from '../capabilities.js';
import type { ConnectionHealth } from '../health.js';
import { pageConnectionReports, type ConnectionReportListQuery, type ListPage, type TimeRange } from '../list-queries.js';
import type { ConnectionReportRecord } from '../records.js';
import type { CallContext } from '../request-memo.js';
import { BaseVendorDatasource, type BatchResult } from '../vendor.js';
import type { AlpemixClient } from './client.js';
import { toConnectionReports } from './mapper.js';
import { AlpemixReportCache, dayKey, type AlpemixDayRef, type SharedReports } from './report-cache.js';

/**
 * Alpemix is a remote-support tool: its Web API only has connection reports, and only for today and
 * yesterday (docs/vendors/alpemix.md "Reports"). Everything else stays UNSUPPORTED_BY_VENDOR (BaseVendorDatasource).
 */
export interface AlpemixDatasourceOptions {
  connectionId: string;
  label: string | null;
  health: ConnectionHealth;
  client: AlpemixClient;
  /** IANA zone of the vendor's `dt` strings and of its "today"/"yesterday". */
  timezone: string;
  now: () => Date;
  cacheTtlMs?: number;
  /** Day reports shared by the replicas (the state store); this process's memory when absent. */
  sharedReports?: SharedReports;
}

/** The vendor's two days, as UTC instants: [start, end). */
export interface AlpemixDayWindow extends AlpemixDayRef {
  start: Date;
  end: Date;
}

/** Today and yesterday in the connection's time zone at `now`. */
export function alpemixDays(now: Date, timezone: string): { today: AlpemixDayWindow; yesterday: AlpemixDayWindow } {
  const startToday = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  const startYesterday = startToday.minus({ days: 1 });
  const endToday = startToday.plus({ days: 1 });
  return {
    today: { day: 'today', date: startToday.toISODate() ?? '', start: startToday.toJSDate(), end: endToday.toJSDate() },
    yesterday: { day: 'yesterday', date: startYesterday.toISODate() ?? '', start: startYesterday.toJSDate(), end: startToday.toJSDate() },
  };
}

function touches(range: TimeRange, window: AlpemixDayWindow): boolean {
  // range bounds are inclusive, null = unbounded; window is [start, end)
  if (range.to !== null && range.to.getTime() < window.start.getTime()) return false;
  if (range.from !== null && range.from.getTime() >= window.end.getTime()) return false;
  return true;
}

/** The days a range needs fetched: none for a range wholly in the future or wholly before yesterday. */
export function daysForRange(range: TimeRange, now: Date, timezone: string): AlpemixDayRef[] {
  const { today, yesterday } = alpemixDays(now, timezone);
  return [today, yesterday].filter((w) => touches(range, w)).map(({ day, date }) => ({ day, date }));
}

/** Whether the range reaches before the start of yesterday (or is unbounded in the past): Alpemix has no such data. */
export function reachesBeyondYesterday(range: TimeRange, now: Date, timezone: string): boolean {
  const { yesterday } = alpemixDays(now, timezone);
  return range.from === null || range.from.getTime() < yesterday.start.getTime();
}

/** Connection reports only; getConnectionReports (look-up by uid within today and yesterday) comes with the list. */
export function alpemixCapabilities(): ReadonlySet<Capability> {
  return new Set<Capability>(['LIST_CONNECTION_REPORTS']);
}

export class AlpemixDatasource extends BaseVendorDatasource {
  readonly vendor = 'alpemix' as const;
  readonly capabilities: ReadonlySet<Capability> = alpemixCapabilities();
  private readonly cache: AlpemixReportCache;

  constructor(private readonly options: AlpemixDatasourceOptions) {
    super(options.connectionId, options.label, options.health);
    this.cache = new AlpemixReportCache(
      options.client,
      (results) => toConnectionReports(results, { timezone: options.timezone }),
      options.now,
      options.cacheTtlMs,
      options.sharedReports,
    );
  }

  override async listConnectionReports(query: ConnectionReportListQuery, ctx: CallContext): Promise<ListPage<ConnectionReportRecord>> {
    const now = this.options.now();
    const days = daysForRange(query, now, this.options.timezone);
    const records = await this.loadDays(days, ctx);
    const page = pageConnectionReports(records, query);
    if (!reachesBeyondYesterday(query, now, this.options.timezone)) return page;
    return {
      ...page,
      partialReason: `Alpemix keeps connection reports for today and yesterday only (${this.options.timezone}); older connections in the requested range cannot be listed.`,
    };
  }

  /** By uid within what the vendor still has (today and yesterday); an older or unknown uid is null. */
  override async getConnectionReports(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ConnectionReportRecord | null>> {
    if (ids.length === 0) return [];
    const { today, yesterday } = alpemixDays(this.options.now(), this.options.timezone);
    const records = await this.loadDays(
      [today, yesterday].map(({ day, date }) => ({ day, date })),
      ctx,
    );
    const byId = new Map(records.map((r) => [r.nativeId, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  override async close(): Promise<void> {
    this.cache.clear();
    this.options.client.reset();
  }

  /**
   * Every day read goes through ctx.memo (one GraphQL request never asks for a day twice, even if the
   * 20 s cache expires mid-request) and then through the shared cache (one call per day across requests).
   * memo `once` runs its loader synchronously, so the days this request has not asked yet are known before
   * the cache reserves the budget for all of them at once.
   */
  private async loadDays(days: readonly AlpemixDayRef[], ctx: CallContext): Promise<ConnectionReportRecord[]> {
    const misses: AlpemixDayRef[] = [];
    const settle = new Map<string, { resolve: (r: ConnectionReportRecord[]) => void; reject: (e: unknown) => void }>();
    const perDay = days.map((ref) =>
      ctx.memo.forConnection(this.connectionId).once(`report:${dayKey(ref)}`, () => {
        misses.push(ref);
        return new Promise<ConnectionReportRecord[]>((resolve, reject) => settle.set(dayKey(ref), { resolve, reject }));
      }),
    );
    if (misses.length === 0)
      this.options.client.publishBudget(); // keep the shown budget current as the window rolls
    else {
      // The report calls of the missing days are one memo key too (`report-batch:<days>`), so the vendor-call
      // cache can keep their answer across requests; without it this is the day-report cache as before.
      const batchKey = `report-batch:${misses.map(dayKey).sort().join(',')}`;
      ctx.memo
        .forConnection(this.connectionId)
        .once(batchKey, async () => {
          const started = this.cache.load(misses, ctx);
          return Promise.all([...started].map(async ([key, pending]) => [key, await pending] as const));
        })
        .then(
          (entries) => {
            const byDay = new Map(entries);
            for (const [key, handlers] of settle) handlers.resolve(byDay.get(key) ?? []);
          },
          (error: unknown) => {
            for (const handlers of settle.values()) handlers.reject(error);
          },
        );
    }
    const lists = await Promise.all(perDay);
    // A connection spanning midnight could in principle be listed under both days: keep it once.
    const seen = new Set<string>();
    return lists.flat().filter((r) => (seen.has(r.nativeId) ? false : (seen.add(r.nativeId), true)));
  }
}
