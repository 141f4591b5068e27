import { vconnctModule } from '../../datasources/vconnct/index.js';
import { startVconnctSimulator } from '../../datasources/vconnct/simulator.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { RedisStateStore } from '../../src/state/redis-store.js';
import { startApi, type TestApi } from '../helpers/api.js';
import { deleteKeys, REDIS_URL, testKeyPrefix } from '../helpers/redis.js';

/**
 * Idempotency-Key across replicas: two servers sharing Redis (under this run's key prefix). The same key sent
 * to both at once creates ONE meeting at the vendor, and both answers are that meeting; `/ready` lists the state
 * store check once a server is given one.
 */
const prefix = testKeyPrefix();
let sim: RunningSimulator;
const apis: TestApi[] = [];
const stores: RedisStateStore[] = [];

beforeAll(async () => {
  sim = await startVconnctSimulator({ seed: 3 });
  const doc = { connections: [vconnctModule.sandboxConnection(sim, 'vc')] };
  for (let i = 0; i < 2; i++) {
    const store = new RedisStateStore({ url: REDIS_URL, keyPrefix: prefix });
    await store.connect();
    stores.push(store);
    apis.push(await startApi(doc, { stateStore: store }));
  }
});
afterAll(async () => {
  await Promise.all(apis.map((a) => a.stop()));
  await Promise.all(stores.map((s) => s.close()));
  await sim.close();
  await deleteKeys(prefix);
});

const CREATE = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id title } }`;

describe('Idempotency-Key shared by replicas', () => {
  it('the same key on two replicas at once: one vendor create, the same answer from both', async () => {
    const before = sim.control.calls('create_meeting');
    const headers = { 'idempotency-key': `replicas-${prefix}` };
    const input = { connectionId: 'vc', title: 'Created once across replicas' };
    const [a, b] = await Promise.all(apis.map((api) => api.gql(CREATE, { input }, headers)));
    expect(a!.body.errors).toBeUndefined();
    expect(b!.body).toEqual(a!.body);
    expect(sim.control.calls('create_meeting') - before).toBe(1);
    // One of the two answered from the other's record.
    expect([a!.headers.get('idempotent-replayed'), b!.headers.get('idempotent-replayed')]).toContain('true');
  });

  it('a different request under the same key on the other replica is refused', async () => {
    const headers = { 'idempotency-key': `replicas-other-${prefix}` };
    const first = await apis[0]!.gql(CREATE, { input: { connectionId: 'vc', title: 'First' } }, headers);
    expect(first.body.errors).toBeUndefined();
    const other = await apis[1]!.gql(CREATE, { input: { connectionId: 'vc', title: 'Second' } }, headers);
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
  });
});
