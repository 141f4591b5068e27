import { DateTime } from 'luxon';
import { alfaviewModule } from '../../datasources/alfaview/index.js';
import { startAlfaviewSimulator, type AlfaviewSimulatorState } from '../../datasources/alfaview/simulator.js';
import type { AlfaviewRoomUser } from '../../datasources/alfaview/types.js';
import { ALPEMIX_SANDBOX_CREDENTIALS, alpemixModule, type AlpemixSimulatorState } from '../../datasources/alpemix/index.js';
import { startAlpemixSimulator } from '../../datasources/alpemix/simulator.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startApi, type TestApi } from '../helpers/api.js';

/**
 * History over GraphQL: what alfaview and Alpemix forget is answered from the store, with `sources` saying how
 * much of the range it covers and `VendorConnection.sync` how the syncs are doing.
 */
const ZONE = 'Europe/Istanbul';
let nowMs = DateTime.fromISO('2026-11-16T10:00:00', { zone: ZONE }).toMillis();
const clock = (): Date => new Date(nowMs);
const minutes = (n: number): void => {
  nowMs += n * 60_000;
};

let alfa: RunningSimulator<AlfaviewSimulatorState>;
let alp: RunningSimulator<AlpemixSimulatorState>;
let api: TestApi;

const people = (...names: string[]): Record<string, AlfaviewRoomUser> =>
  Object.fromEntries(
    names.map((n) => [`u-${n}`, { online: true, displayName: n, isGuest: false, isSpectator: false, state: 'USER_STATE_ACTIVE' }]),
  );

beforeAll(async () => {
  alfa = await startAlfaviewSimulator({ clock });
  alp = await startAlpemixSimulator({ clock, seed: 3 });
  api = await startApi(
    {
      connections: [
        { ...alfaviewModule.sandboxConnection(alfa, 'alfa'), timeoutMs: 10_000 },
        { ...alpemixModule.sandboxConnection(alp, 'alp'), timezone: ZONE },
      ],
    },
    { now: clock, history: { kind: 'memory' } },
  );
});

afterAll(async () => {
  await api.stop();
  await alp.close();
  await alfa.close();
});

async function sync(): Promise<void> {
  const outcomes = (await api.history?.runSyncsNow()) ?? [];
  expect(outcomes.filter((o) => o.kind !== 'retention').map((o) => [o.connectionId, o.ran, o.error])).toEqual([
    ['alfa', true, null],
    ['alp', true, null],
  ]);
}

describe('history over GraphQL', () => {
  it('alfaview rooms sampled over time answer sessions with their attendance, and say how much is covered', async () => {
    for (const roomId of alfa.state.presence.keys()) alfa.state.setPresence(roomId, {});
    const room = alfa.state.addRoom('Monday stand-up');
    const started = clock();
    await sync();
    minutes(1);
    alfa.state.setPresence(room, people('Ada', 'Bob'));
    await sync();
    const joined = clock();
    minutes(30);
    alfa.state.setPresence(room, people('Bob'));
    await sync();
    const adaLeft = clock();
    minutes(15);
    alfa.state.setPresence(room, {});
    await sync();
    const ended = clock();

    const res = await api.gql(
      `query($from: DateTime) {
        sessions(filter: { vendors: [ALFAVIEW], from: $from }) {
          nodes { meeting { title } startedAt endedAt live participantCount participants { displayName joinedAt leftAt presence } }
          sources { state message }
        }
        connections { id capabilities sync { enabled lastRunAt lastError coveredFrom } }
      }`,
      { from: started.toISOString() },
    );
    expect(res.body.errors).toBeUndefined();
    const { nodes, sources } = res.body.data.sessions;
    expect(sources).toEqual([{ state: 'COMPLETE', message: null }]);
    expect(nodes).toEqual([
      {
        meeting: { title: 'Monday stand-up' },
        startedAt: joined.toISOString(),
        endedAt: ended.toISOString(),
        live: false,
        participantCount: 2,
        participants: [
          { displayName: 'Ada', joinedAt: joined.toISOString(), leftAt: adaLeft.toISOString(), presence: 'LEFT' },
          { displayName: 'Bob', joinedAt: joined.toISOString(), leftAt: ended.toISOString(), presence: 'LEFT' },
        ],
      },
    ]);
    const alfaConnection = res.body.data.connections.find((c: any) => c.id.endsWith(':alfa'));
    expect(alfaConnection.capabilities).toEqual(expect.arrayContaining(['LIST_SESSIONS', 'MEETING_SESSIONS', 'SESSION_PARTICIPANTS']));
    expect(alfaConnection.sync).toEqual({
      enabled: true,
      lastRunAt: ended.toISOString(),
      lastError: null,
      coveredFrom: started.toISOString(),
    });

    // Before the first sample the store knows nothing: PARTIAL, naming where history starts.
    const earlier = await api.gql(
      `query($from: DateTime) { sessions(filter: { vendors: [ALFAVIEW], from: $from }) { sources { state message } } }`,
      {
        from: new Date(started.getTime() - 86_400_000).toISOString(),
      },
    );
    expect(earlier.body.data.sessions.sources[0].state).toBe('PARTIAL');
    expect(earlier.body.data.sessions.sources[0].message).toContain(started.toISOString());
  });

  it('Alpemix reports older than yesterday come back COMPLETE and exactly once', async () => {
    const expected = new Map<string, string[]>();
    const first = DateTime.fromMillis(nowMs, { zone: ZONE }).startOf('day');
    for (let d = 1; d <= 4; d++) {
      const day = first.plus({ days: d });
      for (const hour of [0, 12]) {
        nowMs = day.set({ hour, minute: 30 }).toMillis();
        await sync();
        if (hour === 0)
          expected.set(
            day.minus({ days: 1 }).toISODate() as string,
            alp.state.report(ALPEMIX_SANDBOX_CREDENTIALS.mainUsername, 'yesterday').map((c) => String(c.uid)),
          );
      }
    }
    const target = first.plus({ days: 2 }); // three days before the clock's "today"
    const res = await api.gql(
      `query($from: DateTime, $to: DateTime) {
        connectionReports(filter: { vendors: [ALPEMIX], from: $from, to: $to }, first: 100) { nodes { nativeId } sources { state message } }
        connections { id sync { enabled lastError } }
      }`,
      { from: target.toUTC().toISO(), to: target.plus({ days: 1 }).minus({ milliseconds: 1 }).toUTC().toISO() },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.connectionReports.sources).toEqual([{ state: 'COMPLETE', message: null }]);
    const ids = res.body.data.connectionReports.nodes.map((n: any) => n.nativeId);
    const want = expected.get(target.toISODate() as string) ?? [];
    expect(want.length).toBeGreaterThan(0);
    expect([...ids].sort()).toEqual([...want].sort());
    expect(res.body.data.connections.find((c: any) => c.id.endsWith(':alp')).sync).toEqual({ enabled: true, lastError: null });
  });
});
