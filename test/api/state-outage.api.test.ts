import { Writable } from 'node:stream';
import { createLogger } from '../../core/logger.js';
import { vconnctModule } from '../../datasources/vconnct/index.js';
import { startVconnctSimulator } from '../../datasources/vconnct/simulator.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { createStateStore, type ProcessState } from '../../src/state/create-state-store.js';
import { startApi, type TestApi } from '../helpers/api.js';
import { deleteKeys, RedisRelay, testKeyPrefix } from '../helpers/redis.js';

/**
 * A server whose Redis goes away and comes back (a relay in front of the local Redis is cut and restored):
 * reads and idempotent writes keep answering without errors, one warning is logged, `/ready` stays 200 (the
 * store was reached at startup), and a server that never reached Redis is not ready.
 */
const prefix = testKeyPrefix();
let sim: RunningSimulator;
const relay = new RedisRelay();
let state: ProcessState;
let api: TestApi;
const lines: string[] = [];

beforeAll(async () => {
  sim = await startVconnctSimulator({ seed: 5 });
  await relay.open();
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('info', sink);
  state = await createStateStore({ redis: { url: relay.url, keyPrefix: prefix } }, logger);
  const doc = { connections: [vconnctModule.sandboxConnection(sim, 'vc')] };
  api = await startApi(doc, { stateStore: state.store, logger, readinessChecks: state.readinessChecks });
});
afterAll(async () => {
  await api.stop();
  await state.close();
  await relay.cut();
  await sim.close();
  await deleteKeys(prefix);
});

const ready = async (): Promise<{ status: number; body: any }> => {
  const res = await fetch(api.url.replace(/\/graphql$/, '/ready'));
  return { status: res.status, body: await res.json() };
};
const CREATE = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`;
const LIST = `{ meetings(first: 5) { nodes { id } sources { state } } }`;

describe('a Redis outage seen through the API', () => {
  it('answers reads and idempotent writes throughout, warns once, stays ready', async () => {
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready', checks: expect.objectContaining({ state: 'ok' }) } });

    await relay.cut();
    const list = await api.gql(LIST);
    expect(list.body.errors).toBeUndefined();
    expect(list.body.data.meetings.sources).toEqual([{ state: 'COMPLETE' }]);
    const headers = { 'idempotency-key': `outage-${prefix}` };
    const input = { connectionId: 'vc', title: 'During the outage' };
    const first = await api.gql(CREATE, { input }, headers);
    expect(first.body.errors).toBeUndefined();
    // Per process now: the key is still remembered by this replica.
    const replay = await api.gql(CREATE, { input }, headers);
    expect(replay.body).toEqual(first.body);
    expect(sim.control.calls('create_meeting')).toBe(1);
    expect((await ready()).status).toBe(200);
    expect(lines.filter((l) => JSON.parse(l).level === 40)).toHaveLength(1);

    await relay.open();
    for (let i = 0; i < 200 && !lines.some((l) => /reachable again/.test(l)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(lines.some((l) => /reachable again/.test(l))).toBe(true);
    expect((await api.gql(LIST)).body.errors).toBeUndefined();
  });

  it('a server that has not reached Redis since it started is not ready', async () => {
    const down = new RedisRelay();
    await down.open();
    await down.cut();
    const cold = await createStateStore({ redis: { url: down.url, keyPrefix: prefix } }, createLogger('silent'));
    try {
      expect(await cold.readinessChecks[0]!.check()).toBe(false);
    } finally {
      await cold.close();
    }
  });
});
