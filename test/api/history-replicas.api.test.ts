import { alfaviewModule } from '../../datasources/alfaview/index.js';
import { startAlfaviewSimulator } from '../../datasources/alfaview/simulator.js';
import { alpemixModule } from '../../datasources/alpemix/index.js';
import { startAlpemixSimulator } from '../../datasources/alpemix/simulator.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import type { SyncOutcome } from '../../src/history/sync-scheduler.js';
import { startApi, type TestApi } from '../helpers/api.js';

/**
 * Two meetgraph replicas sharing one PostgreSQL history store: each connection's sync runs on one of them only,
 * and the other takes over when that one stops.
 */
const POSTGRES_URL = process.env.MEETGRAPH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `meetgraph_replicas_test_${process.pid}`;

let alfa: RunningSimulator;
let alp: RunningSimulator;
let replicas: TestApi[] = [];

beforeAll(async () => {
  alfa = await startAlfaviewSimulator({});
  alp = await startAlpemixSimulator({ seed: 9 });
  const doc = {
    connections: [{ ...alfaviewModule.sandboxConnection(alfa, 'alfa'), timeoutMs: 10_000 }, alpemixModule.sandboxConnection(alp, 'alp')],
  };
  for (let i = 0; i < 2; i++) replicas.push(await startApi(doc, { history: { kind: 'postgres', url: POSTGRES_URL, schema } }));
});

afterAll(async () => {
  await Promise.allSettled(replicas.map((r) => r.stop()));
  await alp.close();
  await alfa.close();
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

/** Which replica ran each job, by `kind:connection`. */
function runners(outcomes: SyncOutcome[][]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  outcomes.forEach((list, replica) =>
    list.forEach((o) => {
      if (o.ran) out.set(`${o.kind}:${o.connectionId}`, [...(out.get(`${o.kind}:${o.connectionId}`) ?? []), replica]);
    }),
  );
  return out;
}

describe('two replicas sharing PostgreSQL', () => {
  it('each connection is synced by exactly one of them, also when both try at once', async () => {
    for (let round = 0; round < 3; round++) {
      const outcomes = await Promise.all(replicas.map((r) => r.history?.runSyncsNow() ?? Promise.resolve([])));
      const ran = runners(outcomes);
      // The Alpemix sync may leave a nearly spent per-minute budget to live queries (this test runs on the wall
      // clock), so it may skip a round; the other jobs always run, and no job ever runs on both replicas.
      expect([...ran.keys()]).toEqual(expect.arrayContaining(['alfaview-presence:alfa', 'retention:*']));
      for (const [job, by] of ran) expect([job, by.length]).toEqual([job, 1]);
      for (const list of outcomes) for (const o of list) expect(o.error).toBeNull();
    }
  });

  it('when the replica holding a job stops, the other one takes it over', async () => {
    const first = runners(await Promise.all(replicas.map((r) => r.history?.runSyncsNow() ?? Promise.resolve([]))));
    const holder = first.get('alfaview-presence:alfa')?.[0] as number;
    await replicas[holder]?.stop();
    const survivor = replicas[1 - holder] as TestApi;
    replicas = [survivor];
    // The server frees a closed session's locks at once, but give it a few attempts on a loaded machine.
    let taken: string[] = [];
    for (let attempt = 0; attempt < 50 && taken.length < 2; attempt++) {
      taken = ((await survivor.history?.runSyncsNow()) ?? []).filter((o) => o.ran).map((o) => `${o.kind}:${o.connectionId}`);
      if (taken.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    expect(taken).toEqual(expect.arrayContaining(['alfaview-presence:alfa', 'retention:*']));
  });
});
