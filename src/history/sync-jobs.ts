import { DateTime } from 'luxon';
import { newCallContext } from '../../datasources/request-memo.js';
import type { VendorDatasource } from '../../datasources/vendor.js';
import type { HistoryStore } from './history-store.js';
import type { RoomPresence } from './presence.js';
import type { SyncJob, SyncStep } from './sync-scheduler.js';

/** Every item of a list in one window: history sync wants all of a day, not a page. */
const ALL = { offset: 0, limit: 100_000 } as const;

export interface AlpemixSyncOptions {
  /** The connection's time zone: Alpemix's "today" and "yesterday" are local days there. */
  timezone: string;
  intervalMs: number;
  /**
   * Calls of the report budget that must stay free for live queries: a run is skipped when the budget the
   * connection shows is at or below it (live queries come first).
   */
  reserveForLive?: number;
}

/**
 * Alpemix keeps connection reports for today and yesterday only. Each run stores today's reports; the first
 * run of a local day also stores all of yesterday (its last hours were not final before midnight). A run
 * after a gap longer than the vendor's memory restarts coverage at yesterday: what fell out meanwhile is lost.
 */
export function alpemixReportsJob(ds: VendorDatasource, store: HistoryStore, options: AlpemixSyncOptions): SyncJob {
  return {
    connectionId: ds.connectionId,
    kind: 'alpemix-reports',
    intervalMs: options.intervalMs,
    async run(now: Date): Promise<SyncStep> {
      if (budgetTooLow(ds, now, options.reserveForLive ?? 1)) return { skipped: true };
      const today = DateTime.fromJSDate(now, { zone: options.timezone }).startOf('day');
      const yesterday = today.minus({ days: 1 });
      const state = await store.syncState(ds.connectionId, 'alpemix-reports');
      const firstRunToday = state.lastRunAt === null || state.lastRunAt.getTime() < today.toMillis();
      const from = firstRunToday ? yesterday.toJSDate() : today.toJSDate();
      const page = await ds.listConnectionReports(
        { from, to: now, modes: null, search: null, ...ALL },
        newCallContext(`sync-alpemix-${ds.connectionId}`),
      );
      await store.upsertConnectionReports(ds.connectionId, page.items, now);
      // Coverage is continuous only if the previous run still saw yesterday's start (or there was none).
      const gap = state.lastRunAt !== null && state.lastRunAt.getTime() < yesterday.toMillis();
      return { coveredFrom: yesterday.toJSDate(), restartCoverage: gap || state.coveredFrom === null };
    },
  };
}

/** Alpemix's limits are per minute: a budget last seen more than a minute ago has been refilled since. */
const BUDGET_WINDOW_MS = 60_000;

/** The connection's shown budget is at or below what live queries keep, and still current. */
function budgetTooLow(ds: VendorDatasource, now: Date, reserve: number): boolean {
  const health = ds.health.snapshot();
  if (health.rateBudgetRemaining === null) return false;
  const lastCall = Math.max(health.lastSuccessAt?.getTime() ?? 0, health.lastFailureAt?.getTime() ?? 0);
  if (now.getTime() - lastCall >= BUDGET_WINDOW_MS) return false;
  return health.rateBudgetRemaining <= reserve;
}

export interface AlfaviewPresenceOptions {
  intervalMs: number;
}

/**
 * alfaview shows who is in each room now and keeps no history. Each run samples every room (the room list,
 * then one status call per page of rooms) and stores the changes as sessions and attendance. A gap longer
 * than three intervals restarts coverage: who came and went meanwhile is unknown.
 */
export function alfaviewPresenceJob(ds: VendorDatasource, store: HistoryStore, options: AlfaviewPresenceOptions): SyncJob {
  return {
    connectionId: ds.connectionId,
    kind: 'alfaview-presence',
    intervalMs: options.intervalMs,
    async run(now: Date): Promise<SyncStep> {
      const ctx = newCallContext(`sync-alfaview-${ds.connectionId}`);
      const rooms = await ds.listMeetings(
        { from: null, to: null, statuses: null, kinds: ['ROOM'], search: null, order: 'STARTS_AT_DESC', ...ALL },
        ctx,
      );
      const participants = await ds.meetingParticipants(
        rooms.items.map((r) => r.nativeId),
        ctx,
      );
      const sampled: RoomPresence[] = [];
      rooms.items.forEach((room, i) => {
        const people = participants[i];
        if (!people || people instanceof Error) return; // unknown this time: neither joins nor leaves
        sampled.push({
          roomId: room.nativeId,
          roomTitle: room.title,
          present: people
            .filter((p) => p.presence === 'ONLINE')
            .map((p) => ({ key: p.nativeId, displayName: p.displayName, role: p.role })),
        });
      });
      const complete = !rooms.hasMore && sampled.length === rooms.items.length;
      await store.recordPresence(ds.connectionId, { at: now, rooms: sampled, complete });
      const state = await store.syncState(ds.connectionId, 'alfaview-presence');
      const gap = state.lastRunAt !== null && now.getTime() - state.lastRunAt.getTime() > 3 * options.intervalMs;
      return { coveredFrom: now, restartCoverage: gap || state.coveredFrom === null };
    },
  };
}
