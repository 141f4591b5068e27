import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { silentLogger } from '../../core/logger.js';
import type { StateStore } from '../../core/state-store.js';
import { ConnectionHealth } from '../../datasources/health.js';
import { newCallContext } from '../../datasources/request-memo.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { VconnctConnectionConfig } from '../../datasources/vconnct/config.js';
import { vconnctModule } from '../../datasources/vconnct/index.js';
import { startVconnctSimulator } from '../../datasources/vconnct/simulator.js';
import type { VendorDatasource } from '../../datasources/vendor.js';
import { VendorError } from '../../datasources/vendor-errors.js';
import { MemoryStateStore } from '../../core/memory-state-store.js';
import { RedisStateStore } from '../../src/state/redis-store.js';
import { deleteKeys, REDIS_URL, testKeyPrefix } from '../helpers/redis.js';
import { meetingQuery as baseMeetingQuery } from '../helpers/commands.js';

/**
 * A connection's `rateLimit` (calls a minute) over real HTTP against the VConnct simulator: with a shared state
 * store, two replicas together never send more than the limit in a window, and the call over it is refused unsent
 * with VENDOR_RATE_LIMITED (the window frees in about a minute, longer than a call may wait).
 */
const prefix = testKeyPrefix();
let sim: RunningSimulator;
const stores: RedisStateStore[] = [];

beforeEach(async () => {
  sim = await startVconnctSimulator({ seed: 7 });
});
afterEach(async () => {
  await sim.close();
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await deleteKeys(prefix);
});

function replica(state: StateStore, rateLimit: number | undefined, id = 'vc-limited'): VendorDatasource {
  const plain = { ...vconnctModule.sandboxConnection(sim, id), ...(rateLimit ? { rateLimit } : {}) };
  const config = plainToInstance(VconnctConnectionConfig, plain);
  expect(validateSync(config, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
  return vconnctModule.createDatasource(config, { logger: silentLogger(), health: new ConnectionHealth(), state });
}

const query = baseMeetingQuery({ limit: 50 });
let n = 0;
const ctx = () => newCallContext(`rl-${++n}`);

async function outcomes(datasources: VendorDatasource[], calls: number): Promise<Array<'ok' | string>> {
  const out: Array<'ok' | string> = [];
  for (let i = 0; i < calls; i++) {
    try {
      await datasources[i % datasources.length]!.listMeetings(query, ctx());
      out.push('ok');
    } catch (error) {
      out.push(error instanceof VendorError ? `${error.code} ${error.retryAfterSeconds}` : String(error));
    }
  }
  return out;
}

describe('connection rateLimit', () => {
  it('is enforced across replicas sharing Redis: the vendor never sees more than the limit in a minute', async () => {
    const [a, b] = await Promise.all(
      [0, 1].map(async () => {
        const store = new RedisStateStore({ url: REDIS_URL, keyPrefix: prefix });
        stores.push(store);
        await store.connect();
        return store;
      }),
    );
    const perList = await (async () => {
      // One list costs how many vendor calls: measured on a connection without a limit.
      const before = sim.control.calls();
      await replica(new MemoryStateStore(), undefined, 'vc-unlimited').listMeetings(query, ctx());
      return sim.control.calls() - before;
    })();
    expect(perList).toBeGreaterThan(0);
    const limit = perList * 3;
    const replicas = [replica(a!, limit), replica(b!, limit)];
    const before = sim.control.calls();
    const results = await outcomes(replicas, 4);
    expect(results.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
    expect(results[3]).toMatch(/^VENDOR_RATE_LIMITED (\d+)$/);
    const retryAfter = Number(results[3]!.split(' ')[1]);
    expect(retryAfter).toBeGreaterThan(5);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(sim.control.calls() - before).toBe(limit);
  });

  it('without a limit nothing is held back', async () => {
    const results = await outcomes([replica(new MemoryStateStore(), undefined, 'vc-free')], 6);
    expect(results).toEqual(Array(6).fill('ok'));
  });
});
