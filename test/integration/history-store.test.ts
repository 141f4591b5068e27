import type { ConnectionReportRecord } from '../../datasources/records.js';
import { emptyEndpoint } from '../../datasources/records.js';
import type { HistoryStore } from '../../src/history/history-store.js';
import { openHistoryStore, type StoreLocation } from '../../src/history/open-store.js';
import type { PresenceSample } from '../../src/history/presence.js';

/**
 * The history store against both engines it supports: embedded PGlite (in memory here) and the machine's
 * PostgreSQL (database `test`, in a schema of its own per run so parallel runs never meet).
 */
const POSTGRES_URL = process.env.MEETGRAPH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const runSchema = `meetgraph_history_test_${process.pid}`;

const engines: Array<[string, () => StoreLocation]> = [
  ['embedded PGlite', () => ({ kind: 'memory' })],
  ['PostgreSQL', () => ({ kind: 'postgres', url: POSTGRES_URL, schema: `${runSchema}_${Math.random().toString(36).slice(2, 8)}` })],
];

const T0 = new Date('2026-11-23T09:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function report(nativeId: string, startedAt: Date | null): ConnectionReportRecord {
  return {
    nativeId,
    startedAt,
    durationSeconds: 60,
    mode: 'SUPPORT',
    note: null,
    reference: null,
    agent: { ...emptyEndpoint(), name: 'agent' },
    target: emptyEndpoint(),
    rawTimestamp: null,
    raw: { uid: nativeId },
  };
}

function sample(at: Date, rooms: Record<string, string[]>, complete = true): PresenceSample {
  return {
    at,
    complete,
    rooms: Object.entries(rooms).map(([roomId, names]) => ({
      roomId,
      roomTitle: `Room ${roomId}`,
      present: names.map((n) => ({ key: n, displayName: n, role: 'PARTICIPANT' as const })),
    })),
  };
}

describe.each(engines)('history store on %s', (_name, location) => {
  // One database per engine for the whole block: starting PGlite is slow.
  let store: HistoryStore;
  let where: StoreLocation;

  beforeAll(async () => {
    where = location();
    store = await openHistoryStore(where);
  });

  // Tests share the database, so each uses connection ids of its own.
  let testNo = 0;
  let id: (name: string) => string;
  beforeEach(() => {
    const prefix = `t${++testNo}-`;
    id = (name) => prefix + name;
  });

  afterAll(async () => {
    await store.close();
    if (where.kind === 'postgres') {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${where.schema} CASCADE`);
      await client.end();
    }
  });

  it('upserts connection reports by native id: a replay adds nothing and keeps one row each', async () => {
    const batch = [report('r1', minutes(10)), report('r2', minutes(5)), report('r3', null)];
    expect(await store.upsertConnectionReports(id('alp'), batch, T0)).toBe(3);
    expect(await store.upsertConnectionReports(id('alp'), batch, minutes(60))).toBe(0);
    expect(await store.upsertConnectionReports(id('alp'), [report('r4', minutes(1))], T0)).toBe(1);
    const all = await store.connectionReports(id('alp'), {});
    // Newest first, undated last: derived from the start times above, not from the store.
    expect(all.map((r) => r.nativeId)).toEqual(['r1', 'r2', 'r4', 'r3']);
    expect(all[0]?.startedAt).toEqual(minutes(10));
    expect(all[0]?.agent?.name).toBe('agent');
  });

  it('keeps connections apart and filters by window [from, to)', async () => {
    await store.upsertConnectionReports(id('a'), [report('x', minutes(0)), report('y', minutes(30))], T0);
    await store.upsertConnectionReports(id('b'), [report('x', minutes(15))], T0);
    expect((await store.connectionReports(id('a'), { from: minutes(0), to: minutes(30) })).map((r) => r.nativeId)).toEqual(['x']);
    expect((await store.connectionReports(id('b'), {})).map((r) => r.startedAt)).toEqual([minutes(15)]);
    expect([...(await store.connectionReportsById(id('a'), ['y', 'missing'])).keys()]).toEqual(['y']);
  });

  it('turns presence samples into sessions from first join to last leave, with who joined and left when', async () => {
    await store.recordPresence(id('alfa'), sample(minutes(0), { r1: [], r2: [] }));
    await store.recordPresence(id('alfa'), sample(minutes(5), { r1: ['ada'], r2: [] }));
    await store.recordPresence(id('alfa'), sample(minutes(10), { r1: ['ada', 'bob'], r2: [] }));
    await store.recordPresence(id('alfa'), sample(minutes(15), { r1: ['bob'], r2: [] }));
    await store.recordPresence(id('alfa'), sample(minutes(20), { r1: [], r2: [] }));
    await store.recordPresence(id('alfa'), sample(minutes(25), { r1: ['ada'], r2: [] }));

    const sessions = await store.roomSessions(id('alfa'), {});
    expect(sessions.map((s) => [s.meetingNativeId, s.startedAt, s.endedAt, s.live, s.participantCount])).toEqual([
      ['r1', minutes(25), null, true, 1],
      ['r1', minutes(5), minutes(20), false, 2],
    ]);
    expect(sessions[1]?.durationSeconds).toBe(15 * 60);
    const closed = sessions[1]?.nativeId as string;
    const people = (await store.sessionParticipants(id('alfa'), [closed])).get(closed) ?? [];
    expect(people.map((p) => [p.displayName, p.joinedAt, p.leftAt, p.presence])).toEqual([
      ['ada', minutes(5), minutes(15), 'LEFT'],
      ['bob', minutes(10), minutes(20), 'LEFT'],
    ]);
  });

  it('is idempotent: replaying a sample the store already reflects changes nothing', async () => {
    const s = sample(minutes(5), { r1: ['ada', 'bob'] });
    expect(await store.recordPresence(id('alfa'), s)).toHaveLength(3); // open + two joins
    expect(await store.recordPresence(id('alfa'), s)).toEqual([]);
    expect(await store.recordPresence(id('alfa'), sample(minutes(6), { r1: ['ada', 'bob'] }))).toEqual([]);
    const [only] = await store.roomSessions(id('alfa'), {});
    expect(only?.startedAt).toEqual(minutes(5));
    expect((await store.sessionParticipants(id('alfa'), [only?.nativeId as string])).get(only?.nativeId as string)).toHaveLength(2);
  });

  it('closes a room missing from a complete sample, but not from a partial one', async () => {
    await store.recordPresence(id('alfa'), sample(minutes(0), { r1: ['ada'], r2: ['bob'] }));
    await store.recordPresence(id('alfa'), sample(minutes(5), { r1: ['ada'] }, false));
    expect((await store.roomSessions(id('alfa'), {})).filter((s) => s.live)).toHaveLength(2);
    await store.recordPresence(id('alfa'), sample(minutes(10), { r1: ['ada'] }, true));
    const r2 = (await store.roomSessions(id('alfa'), { roomIds: ['r2'] }))[0];
    expect([r2?.live, r2?.endedAt]).toEqual([false, minutes(10)]);
  });

  it('a person who leaves and comes back in the same session is two attendance rows', async () => {
    await store.recordPresence(id('alfa'), sample(minutes(0), { r1: ['ada', 'bob'] }));
    await store.recordPresence(id('alfa'), sample(minutes(5), { r1: ['bob'] }));
    await store.recordPresence(id('alfa'), sample(minutes(9), { r1: ['ada', 'bob'] }));
    const [session] = await store.roomSessions(id('alfa'), {});
    const rows = (await store.sessionParticipants(id('alfa'), [session?.nativeId as string])).get(session?.nativeId as string) ?? [];
    expect(rows.filter((p) => p.displayName === 'ada').map((p) => [p.joinedAt, p.leftAt])).toEqual([
      [minutes(0), minutes(5)],
      [minutes(9), null],
    ]);
    expect(session?.participantCount).toBe(2);
  });

  it('rolls a failed write back whole: nothing of a half-applied batch stays', async () => {
    const bad = { ...report('boom', minutes(1)), nativeId: null as unknown as string }; // violates NOT NULL
    await expect(store.upsertConnectionReports(id('alp'), [report('ok1', minutes(0)), bad], T0)).rejects.toThrow();
    expect(await store.connectionReports(id('alp'), {})).toEqual([]);
  });

  it('tracks sync runs: coverage only moves earlier, errors are kept until the next success', async () => {
    expect(await store.syncState(id('alp'), 'alpemix-reports')).toEqual({ coveredFrom: null, lastRunAt: null, lastError: null });
    await store.recordSyncRun(id('alp'), 'alpemix-reports', { at: minutes(1), coveredFrom: minutes(-60) });
    await store.recordSyncRun(id('alp'), 'alpemix-reports', { at: minutes(2), coveredFrom: minutes(-30), error: 'VENDOR_TIMEOUT' });
    expect(await store.syncState(id('alp'), 'alpemix-reports')).toEqual({
      coveredFrom: minutes(-60),
      lastRunAt: minutes(2),
      lastError: 'VENDOR_TIMEOUT',
    });
    await store.recordSyncRun(id('alp'), 'alpemix-reports', { at: minutes(3), coveredFrom: minutes(-120) });
    expect(await store.syncState(id('alp'), 'alpemix-reports')).toEqual({
      coveredFrom: minutes(-120),
      lastRunAt: minutes(3),
      lastError: null,
    });
  });

  it('retention deletes older rows, keeps open sessions and moves coverage up to the cutoff', async () => {
    // An era before every other test's rows, so the global cutoff below touches only this test's data.
    const era = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 60_000);
    await store.upsertConnectionReports(id('alp'), [report('old', era(0)), report('new', era(100))], T0);
    await store.recordSyncRun(id('alp'), 'alpemix-reports', { at: era(0), coveredFrom: era(-10) });
    await store.recordPresence(id('alfa'), sample(era(0), { r1: ['ada'], r2: ['bob'] }));
    await store.recordPresence(id('alfa'), sample(era(10), { r1: [], r2: ['bob'] }));
    expect(await store.deleteOlderThan(era(50))).toEqual({ reports: 1, sessions: 1 });
    expect((await store.connectionReports(id('alp'), {})).map((r) => r.nativeId)).toEqual(['new']);
    expect((await store.roomSessions(id('alfa'), {})).map((s) => s.meetingNativeId)).toEqual(['r2']);
    expect((await store.syncState(id('alp'), 'alpemix-reports')).coveredFrom).toEqual(era(50));
  });
});

describe('history store on PostgreSQL, several replicas starting at once', () => {
  it('applies each migration exactly once', async () => {
    const schema = `${runSchema}_race`;
    const stores = await Promise.all([1, 2, 3].map(() => openHistoryStore({ kind: 'postgres', url: POSTGRES_URL, schema })));
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      const rows = await client.query(`SELECT version FROM ${schema}.history_migrations`);
      expect(rows.rows.map((r: { version: number }) => r.version)).toEqual([1]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});

describe('embedded history store in a folder', () => {
  it('keeps its rows across a restart and does not migrate twice', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'meetgraph-history-'));
    try {
      const first = await openHistoryStore({ kind: 'embedded', dataDir });
      await first.upsertConnectionReports('alp', [report('kept', T0)], T0);
      await first.close();
      const second = await openHistoryStore({ kind: 'embedded', dataDir });
      expect((await second.connectionReports('alp', {})).map((r) => r.nativeId)).toEqual(['kept']);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
