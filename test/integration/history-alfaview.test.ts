import { plainToInstance } from 'class-transformer';
import { alfaviewModule } from '../../datasources/alfaview/index.js';
import { AlfaviewConnectionConfig } from '../../datasources/alfaview/config.js';
import { ALFAVIEW_SANDBOX_CREDENTIALS, startAlfaviewSimulator, type AlfaviewSimulatorState } from '../../datasources/alfaview/simulator.js';
import type { AlfaviewRoomUser } from '../../datasources/alfaview/types.js';
import { ConnectionHealth } from '../../datasources/health.js';
import { newCallContext } from '../../datasources/request-memo.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import type { VendorDatasource } from '../../datasources/vendor.js';
import { HistoryBackedDatasource } from '../../src/history/history-datasource.js';
import { HistoryStore } from '../../src/history/history-store.js';
import { LocalLease } from '../../src/history/leader-lease.js';
import { migrate } from '../../src/history/migrations.js';
import { openHistoryStore } from '../../src/history/open-store.js';
import { postgresClient, type SqlClient } from '../../src/history/sql.js';
import { alfaviewPresenceJob } from '../../src/history/sync-jobs.js';
import { SyncScheduler } from '../../src/history/sync-scheduler.js';
import { silentLogger } from '../../core/logger.js';

/**
 * alfaview shows only who is in a room now. Sampled over time, presence becomes sessions (first join to last
 * leave) with attendance (who joined and left when), served through the datasource contract.
 */
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
let nowMs = T0;
const clock = (): Date => new Date(nowMs);
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

let sim: RunningSimulator<AlfaviewSimulatorState>;
let inner: VendorDatasource;

const people = (...names: string[]): Record<string, AlfaviewRoomUser> =>
  Object.fromEntries(
    names.map((n) => [`user-${n}`, { online: true, displayName: n, isGuest: false, isSpectator: false, state: 'USER_STATE_ACTIVE' }]),
  );

beforeAll(async () => {
  sim = await startAlfaviewSimulator({ clock });
  const config = plainToInstance(AlfaviewConnectionConfig, {
    id: 'alfa',
    vendor: 'alfaview',
    baseUrl: sim.url,
    credentials: { ...ALFAVIEW_SANDBOX_CREDENTIALS },
    timeoutMs: 10_000,
  });
  inner = alfaviewModule.createDatasource(config, { logger: silentLogger(), health: new ConnectionHealth(clock), now: clock });
});

afterAll(async () => {
  await inner.close();
  await sim.close();
});

/** Empties every room, then adds two rooms of our own. */
function freshRooms(): { a: string; b: string } {
  for (const roomId of sim.state.presence.keys()) sim.state.setPresence(roomId, {});
  return { a: sim.state.addRoom(`History A ${Math.random()}`), b: sim.state.addRoom(`History B ${Math.random()}`) };
}

describe('alfaview presence history', () => {
  let store: HistoryStore;
  let ds: HistoryBackedDatasource;
  let scheduler: SyncScheduler;

  beforeAll(async () => {
    store = await openHistoryStore({ kind: 'memory' });
    ds = new HistoryBackedDatasource(inner, store, { reports: false, presence: true });
    // Sampled every five minutes, as the timeline below moves.
    scheduler = new SyncScheduler([alfaviewPresenceJob(inner, store, { intervalMs: 5 * 60_000 })], {
      store,
      lease: new LocalLease(),
      now: clock,
    });
  });

  afterAll(async () => {
    await scheduler.stop();
    await store.close();
  });

  it('joins and leaves across samples become sessions with the right participants and times', async () => {
    const { a, b } = freshRooms();
    const timeline: Array<[number, Record<string, string[]>]> = [
      [0, { [a]: [], [b]: ['Ada'] }],
      [5, { [a]: ['Bob'], [b]: ['Ada', 'Cy'] }],
      [10, { [a]: ['Bob'], [b]: ['Cy'] }],
      [15, { [a]: [], [b]: [] }],
    ];
    for (const [minute, rooms] of timeline) {
      nowMs = at(minute).getTime();
      for (const [roomId, names] of Object.entries(rooms)) sim.state.setPresence(roomId, people(...names));
      expect((await scheduler.runAll()).map((o) => o.error)).toEqual([null]);
    }

    expect([...ds.capabilities]).toEqual(expect.arrayContaining(['LIST_SESSIONS', 'MEETING_SESSIONS', 'SESSION_PARTICIPANTS']));
    const page = await ds.listSessions({ from: at(0), to: at(60), live: null, offset: 0, limit: 50 }, newCallContext('q'));
    expect(page.partialReason).toBeNull();
    const [sessionsOfA, sessionsOfB] = (await ds.meetingSessions([a, b], newCallContext('q'))) as Array<
      Array<{ nativeId: string; startedAt: Date | null; endedAt: Date | null }>
    >;
    expect(sessionsOfA?.map((s) => [s.startedAt, s.endedAt])).toEqual([[at(5), at(15)]]);
    expect(sessionsOfB?.map((s) => [s.startedAt, s.endedAt])).toEqual([[at(0), at(15)]]);
    expect(page.items.map((s) => s.nativeId).sort()).toEqual([sessionsOfA?.[0]?.nativeId, sessionsOfB?.[0]?.nativeId].sort());

    const bId = sessionsOfB?.[0]?.nativeId as string;
    const [attendance] = await ds.sessionParticipants([bId], newCallContext('q'));
    expect(Array.isArray(attendance) && attendance.map((p) => [p.displayName, p.joinedAt, p.leftAt])).toEqual([
      ['Ada', at(0), at(10)],
      ['Cy', at(5), at(15)],
    ]);
    // A range before the first sample is PARTIAL, naming where history starts.
    const before = await ds.listSessions({ from: at(-60), to: at(60), live: null, offset: 0, limit: 50 }, newCallContext('q'));
    expect(before.partialReason).toContain(at(0).toISOString());
    const [byId] = await ds.getSessions([bId], newCallContext('q'));
    expect(byId && !(byId instanceof Error) ? byId.participantCount : null).toBe(2);
  });
});

describe('alfaview presence history when a sync dies between fetch and commit', () => {
  const POSTGRES_URL = process.env.MEETGRAPH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `meetgraph_crash_test_${process.pid}`;

  it('loses and duplicates nothing when rerun', async () => {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 2, options: `-c search_path=${schema}` });
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const base = postgresClient(pool);
    pool.on('error', () => undefined); // the killed connection reports here
    await migrate(base);
    // The connection running the sample's transaction is killed by the server after its second statement:
    // from the database's point of view, the process died mid-transaction.
    let killNext = false;
    const crashing: SqlClient = {
      ...base,
      transaction: (work) =>
        base.transaction(async (tx) => {
          let statements = 0;
          const wrapped: SqlClient = {
            ...tx,
            query: async (text, params) => {
              statements += 1;
              if (killNext && statements === 3) {
                killNext = false;
                await tx.query('SELECT pg_terminate_backend(pg_backend_pid())').catch(() => undefined);
              }
              return tx.query(text, params);
            },
          };
          return work(wrapped);
        }),
    };
    const store = new HistoryStore(crashing);
    const scheduler = new SyncScheduler([alfaviewPresenceJob(inner, store, { intervalMs: 60_000 })], {
      store,
      lease: new LocalLease(),
      now: clock,
      describeError: () => 'crashed',
    });
    try {
      const { a } = freshRooms();
      nowMs = at(100).getTime();
      sim.state.setPresence(a, people('Ada', 'Bob'));
      await scheduler.runAll();
      nowMs = at(105).getTime();
      sim.state.setPresence(a, people('Bob', 'Cy'));
      killNext = true;
      expect((await scheduler.runAll()).map((o) => o.error)).toEqual(['crashed']);
      // Nothing of the killed sample is stored: Ada has not left, Cy has not joined.
      const [before] = (await store.roomSessions('alfa', { roomIds: [a] })) ?? [];
      const afterCrash = (await store.sessionParticipants('alfa', [before?.nativeId as string])).get(before?.nativeId as string) ?? [];
      expect(afterCrash.map((p) => [p.displayName, p.leftAt])).toEqual([
        ['Ada', null],
        ['Bob', null],
      ]);
      // The rerun samples again and applies the change exactly once.
      nowMs = at(106).getTime();
      expect((await scheduler.runAll()).map((o) => o.error)).toEqual([null]);
      expect((await scheduler.runAll()).map((o) => o.error)).toEqual([null]);
      const sessions = await store.roomSessions('alfa', { roomIds: [a] });
      expect(sessions).toHaveLength(1);
      const rows = (await store.sessionParticipants('alfa', [sessions[0]?.nativeId as string])).get(sessions[0]?.nativeId as string) ?? [];
      expect(rows.map((p) => [p.displayName, p.joinedAt, p.leftAt])).toEqual([
        ['Ada', at(100), at(106)],
        ['Bob', at(100), null],
        ['Cy', at(106), null],
      ]);
    } finally {
      await scheduler.stop();
      await pool.end();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
});
