import { plainToInstance } from 'class-transformer';
import { DateTime } from 'luxon';
import {
  ALPEMIX_SANDBOX_CREDENTIALS,
  alpemixModule,
  AlpemixConnectionConfig,
  type AlpemixSimulatorState,
} from '../../datasources/alpemix/index.js';
import { startAlpemixSimulator } from '../../datasources/alpemix/simulator.js';
import { ConnectionHealth } from '../../datasources/health.js';
import type { ConnectionReportListQuery } from '../../datasources/list-queries.js';
import { newCallContext } from '../../datasources/request-memo.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import type { VendorDatasource } from '../../datasources/vendor.js';
import { HistoryBackedDatasource } from '../../src/history/history-datasource.js';
import type { HistoryStore } from '../../src/history/history-store.js';
import { LocalLease } from '../../src/history/leader-lease.js';
import { openHistoryStore } from '../../src/history/open-store.js';
import { alpemixReportsJob } from '../../src/history/sync-jobs.js';
import { SyncScheduler } from '../../src/history/sync-scheduler.js';
import { silentLogger } from '../../core/logger.js';

/**
 * Alpemix forgets everything older than yesterday. With history on, a week of syncing (the simulator's clock
 * moved day by day) keeps every report, while sync and live queries together stay inside the vendor's
 * per-minute budget.
 */
const ZONE = 'Europe/Istanbul';
let nowMs = DateTime.fromISO('2026-11-02T12:00:00', { zone: ZONE }).toMillis();
const clock = (): Date => new Date(nowMs);
const setLocal = (day: DateTime, hour: number, minute = 0): void => {
  nowMs = day.set({ hour, minute }).toMillis();
};

let sim: RunningSimulator<AlpemixSimulatorState>;
let store: HistoryStore;
let inner: VendorDatasource;
let ds: HistoryBackedDatasource;
let scheduler: SyncScheduler;

const query = (partial: Partial<ConnectionReportListQuery>): ConnectionReportListQuery => ({
  from: null,
  to: null,
  offset: 0,
  limit: 500,
  modes: null,
  search: null,
  ...partial,
});
const uidsOf = (day: 'today' | 'yesterday'): string[] =>
  sim.state.report(ALPEMIX_SANDBOX_CREDENTIALS.mainUsername, day).map((c) => String(c.uid));

beforeAll(async () => {
  sim = await startAlpemixSimulator({ clock, seed: 5 });
  store = await openHistoryStore({ kind: 'memory' });
  const config = plainToInstance(AlpemixConnectionConfig, { ...alpemixModule.sandboxConnection(sim, 'alp'), timezone: ZONE });
  inner = alpemixModule.createDatasource(config, { logger: silentLogger(), health: new ConnectionHealth(clock), now: clock });
  ds = new HistoryBackedDatasource(inner, store, { reports: true, presence: false });
  scheduler = new SyncScheduler([alpemixReportsJob(inner, store, { timezone: ZONE, intervalMs: 60_000 })], {
    store,
    lease: new LocalLease(),
    now: clock,
  });
});

afterAll(async () => {
  await scheduler.stop();
  await ds.close();
  await store.close();
  await sim.close();
});

/** The most report calls the simulator saw in any 60 s window. */
function maxReportCallsPerMinute(): number {
  const times = sim.control.log
    .filter((e) => e.operation === 'report')
    .map((e) => e.at.getTime())
    .sort((a, b) => a - b);
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    const start = times[i] as number;
    max = Math.max(max, times.filter((t) => t >= start && t < start + 60_000).length);
  }
  return max;
}

describe('Alpemix history', () => {
  const expectedByDay = new Map<string, string[]>();
  const syncErrors: Array<string | null> = [];
  let lastDay: DateTime;

  // A week of syncing alongside live queries, once for every test of this block (each test only reads).
  beforeAll(async () => {
    const first = DateTime.fromMillis(nowMs, { zone: ZONE }).startOf('day');
    for (let d = 0; d < 7; d++) {
      const day = first.plus({ days: d });
      lastDay = day;
      for (const [hour, minute] of [
        [0, 20],
        [9, 0],
        [15, 0],
        [23, 0],
      ] as const) {
        setLocal(day, hour, minute);
        // Sync and a live query of today at the same moment, sharing the connection's budget.
        const [outcomes] = await Promise.all([
          scheduler.runAll(),
          ds.listConnectionReports(query({ from: day.toJSDate() }), newCallContext('live')),
        ]);
        syncErrors.push(...outcomes.map((o) => o.error));
        if (hour === 0) expectedByDay.set(day.minus({ days: 1 }).toISODate() as string, uidsOf('yesterday'));
      }
    }
  });

  it('a week of syncing alongside live queries: no failed run, within the budget, never blocked', () => {
    expect(syncErrors).toHaveLength(28);
    expect(syncErrors.every((e) => e === null)).toBe(true);
    expect(maxReportCallsPerMinute()).toBeLessThanOrEqual(3);
    expect(sim.state.blockedUntil.size).toBe(0);
  });

  it('reports from five days ago come back COMPLETE and exactly once', async () => {
    const fiveDaysAgo = lastDay.minus({ days: 5 });
    const expected = expectedByDay.get(fiveDaysAgo.toISODate() as string) ?? [];
    expect(expected.length).toBeGreaterThan(0); // the simulator had connections that day
    const page = await ds.listConnectionReports(
      query({ from: fiveDaysAgo.toJSDate(), to: fiveDaysAgo.plus({ days: 1 }).toJSDate() }),
      newCallContext('q'),
    );
    expect(page.partialReason).toBeNull();
    expect(page.items.map((r) => r.nativeId).sort()).toEqual([...expected].sort());
  });

  it('a range that starts before the stored history is PARTIAL and says from when history covers', async () => {
    nowMs += 5 * 60_000; // a fresh minute at the vendor, whatever ran before
    await ds.listConnectionReports(query({ from: lastDay.toJSDate() }), newCallContext('live')).catch(() => undefined);
    const long = DateTime.fromISO('2026-10-01T00:00:00', { zone: ZONE }).toJSDate();
    const page = await ds.listConnectionReports(query({ from: long }), newCallContext('q'));
    const coveredFrom = (await store.syncState('alp', 'alpemix-reports')).coveredFrom as Date;
    expect(page.partialReason).toContain(coveredFrom.toISOString());
    expect(new Set(page.items.map((r) => r.nativeId)).size).toBe(page.items.length);
  });

  it('when the vendor fails, stored history still answers and the reason says so', async () => {
    nowMs += 10 * 60_000;
    sim.control.inject({ operation: 'report', action: { kind: 'status', status: 503 } });
    try {
      const threeDaysAgo = lastDay.minus({ days: 3 });
      // From three days ago to now: the vendor is asked for today and yesterday, and fails.
      const page = await ds.listConnectionReports(query({ from: threeDaysAgo.toJSDate() }), newCallContext('q'));
      const ids = new Set(page.items.map((r) => r.nativeId));
      for (const uid of expectedByDay.get(threeDaysAgo.toISODate() as string) ?? ['missing']) expect(ids).toContain(uid);
      expect(page.partialReason).toMatch(/did not answer \(VENDOR_[A-Z_]+\); showing stored history only/);
    } finally {
      sim.control.clearFaults();
    }
  });
});
