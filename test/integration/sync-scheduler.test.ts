import type { HistoryStore } from '../../src/history/history-store.js';
import { LocalLease, PostgresAdvisoryLease } from '../../src/history/leader-lease.js';
import { openHistoryStore } from '../../src/history/open-store.js';
import { SyncScheduler, type SyncJob } from '../../src/history/sync-scheduler.js';

const POSTGRES_URL = process.env.MEETGRAPH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `meetgraph_sync_test_${process.pid}`;
const AT = new Date('2026-11-25T12:00:00Z');

function countingJob(connectionId: string, runs: string[], who: string, fail = false): SyncJob {
  return {
    connectionId,
    kind: 'alpemix-reports',
    intervalMs: 60_000,
    async run() {
      runs.push(`${who}:${connectionId}`);
      if (fail) throw new Error('boom');
      return { coveredFrom: new Date('2026-11-24T00:00:00Z') };
    },
  };
}

describe('sync scheduler with leases', () => {
  let store: HistoryStore;

  beforeAll(async () => {
    store = await openHistoryStore({ kind: 'postgres', url: POSTGRES_URL, schema });
  });

  afterAll(async () => {
    await store.close();
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('two replicas sharing PostgreSQL: each connection is synced by exactly one of them', async () => {
    const runs: string[] = [];
    const leases = [await PostgresAdvisoryLease.connect(POSTGRES_URL), await PostgresAdvisoryLease.connect(POSTGRES_URL)];
    const connections = ['alp-1', 'alp-2', 'alp-3'].map((c) => `${c}-${process.pid}`);
    const replicas = leases.map(
      (lease, i) =>
        new SyncScheduler(
          connections.map((c) => countingJob(c, runs, `r${i}`)),
          { store, lease, now: () => AT },
        ),
    );
    try {
      for (let round = 0; round < 3; round++) await Promise.all(replicas.map((r) => r.runAll()));
      // Every connection ran once per round, always on the same replica.
      for (const c of connections) {
        const on = runs.filter((r) => r.endsWith(`:${c}`));
        expect(on).toHaveLength(3);
        expect(new Set(on).size).toBe(1);
      }
      // A holder dies: its connection drops, the server frees its locks (asynchronously, so give it a few
      // attempts), and the other replica takes every job over at its next runs.
      const holder = runs[0]?.startsWith('r0') ? 0 : 1;
      const survivor = replicas[1 - holder] as SyncScheduler;
      await leases[holder]?.close();
      let taken = 0;
      for (let attempt = 0; attempt < 50 && taken < connections.length; attempt++) {
        runs.length = 0;
        await survivor.runAll();
        taken = runs.length;
        if (taken < connections.length) await new Promise((r) => setTimeout(r, 100));
      }
      expect(taken).toBe(connections.length);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
      await Promise.all(leases.map((l) => l.close()));
    }
  });

  it('records each run: success with coverage, failure with its error, and keeps going', async () => {
    const connectionId = `alp-fail-${process.pid}`;
    const runs: string[] = [];
    let fail = true;
    const job: SyncJob = {
      ...countingJob(connectionId, runs, 'x'),
      run: async () => {
        runs.push('run');
        if (fail) throw new Error('vendor said no');
        return { coveredFrom: new Date('2026-11-20T00:00:00Z') };
      },
    };
    const scheduler = new SyncScheduler([job], {
      store,
      lease: new LocalLease(),
      now: () => AT,
      describeError: () => 'VENDOR_UNAVAILABLE',
    });
    expect(await scheduler.runAll()).toEqual([{ connectionId, kind: 'alpemix-reports', ran: true, error: 'VENDOR_UNAVAILABLE' }]);
    expect(await store.syncState(connectionId, 'alpemix-reports')).toEqual({
      coveredFrom: null,
      lastRunAt: AT,
      lastError: 'VENDOR_UNAVAILABLE',
    });
    fail = false;
    await scheduler.runAll();
    expect(await store.syncState(connectionId, 'alpemix-reports')).toEqual({
      coveredFrom: new Date('2026-11-20T00:00:00Z'),
      lastRunAt: AT,
      lastError: null,
    });
    await scheduler.stop();
  });

  it('never overlaps a job with itself', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job: SyncJob = {
      connectionId: `slow-${process.pid}`,
      kind: 'alfaview-presence',
      intervalMs: 1_000,
      async run() {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await gate;
        concurrent -= 1;
        return {};
      },
    };
    const scheduler = new SyncScheduler([job], { store, lease: new LocalLease(), now: () => AT });
    const first = scheduler.runOnce(job);
    const second = scheduler.runOnce(job);
    release();
    await Promise.all([first, second]);
    expect(maxConcurrent).toBe(1);
    await scheduler.stop();
  });
});
