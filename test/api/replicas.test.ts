import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VENDOR_MODULES } from '../../datasources/modules.js';
import type { VendorName } from '../../datasources/records.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import type { AlpemixSimulatorState } from '../../datasources/alpemix/simulator.js';
import { buildEntryPoint, startChild, type RunningChild } from '../helpers/child-process.js';
import { deleteKeys, listKeys, REDIS_URL, testKeyPrefix } from '../helpers/redis.js';

// Six Node processes and five simulators on a machine other tests share: generous.
import.meta.jest.setTimeout(240_000);

/**
 * Six meetgraph processes, one config, one Redis (under a key prefix of this run), the five simulators in this
 * test process with their default limits on. Concurrent load through all six must cost each vendor ONE token
 * request cluster-wide, keep the Alpemix simulator within 5 token / 3 report calls in any minute (it blocks
 * the IP beyond that), and bring no rate-limit error to any client.
 */
const REPLICAS = 6;
const CLIENTS_PER_REPLICA = 3;
const ROUNDS = 5;
const READY = /ready at (http:\/\/[^\s]+\/graphql)/;

const QUERY = `{
  meetings(first: 20) { nodes { id } sources { state connection { id } error { code message } } }
  connectionReports(first: 20) { nodes { id } sources { state connection { id } error { code message } } }
}`;

/** The token operation of each simulator that has one; ALLOcloud and VConnct use static keys. */
const TOKEN_OPERATIONS: Partial<Record<VendorName, string>> = {
  alfaview: 'authenticationService/authenticate',
  apizee: 'token',
  alpemix: 'token',
};

/** The most calls of `operation` in any 60 s window, from the simulator's own log (independent of meetgraph). */
function maxPerMinute(sim: RunningSimulator, operation: string): number {
  const times = sim.control.log
    .filter((l) => l.operation === operation)
    .map((l) => l.at.getTime())
    .sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= 60_000) i++;
    max = Math.max(max, j - i + 1);
  }
  return max;
}

describe('six replicas sharing one Redis', () => {
  const prefix = testKeyPrefix();
  const simulators = new Map<VendorName, RunningSimulator>();
  const children: RunningChild[] = [];
  let urls: string[] = [];

  beforeAll(async () => {
    buildEntryPoint();
    const connections: Array<Record<string, unknown>> = [];
    for (const [vendor, module] of Object.entries(VENDOR_MODULES) as Array<[VendorName, (typeof VENDOR_MODULES)[VendorName]]>) {
      const sim = await module.startSimulator({ seed: 42 });
      simulators.set(vendor, sim);
      // Six servers, five simulators and this test share a loaded machine: slowness must not read as a vendor failure.
      connections.push({ ...module.sandboxConnection(sim, `${vendor}-shared`), timeoutMs: 60_000 });
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'meetgraph-replicas-'));
    const file = path.join(dir, 'meetgraph.json');
    writeFileSync(
      file,
      // No history store: this test is about shared state, and six embedded stores would only slow the start.
      JSON.stringify({
        server: { port: 0, host: '127.0.0.1' },
        state: { redis: { url: REDIS_URL, keyPrefix: prefix } },
        store: false,
        connections,
      }),
    );
    const { NODE_OPTIONS: _vm, MEETGRAPH_CONFIG: _config, PORT: _port, ...rest } = process.env;
    for (let i = 0; i < REPLICAS; i++) {
      children.push(startChild(['--config', file], { cwd: dir, env: { ...rest, NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'info' } }));
    }
    urls = (await Promise.all(children.map((c) => c.waitFor(READY)))).map((m) => m[1] as string);
  });

  afterAll(async () => {
    await Promise.all(
      children.map(async (c) => {
        if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGTERM');
        await c.exited;
      }),
    );
    await Promise.allSettled([...simulators.values()].map((s) => s.close()));
    await deleteKeys(prefix);
  });

  it('one token request per vendor, Alpemix within its limits and never blocking, no rate-limit error for any client', async () => {
    expect(new Set(urls).size).toBe(REPLICAS);
    // Each replica is ready, its state store (Redis) among the checks.
    for (const url of urls) {
      const res = await fetch(url.replace(/\/graphql$/, '/ready'));
      expect([res.status, (await res.json()).checks.state]).toEqual([200, 'ok']);
    }
    const answers: Array<{ status: number; body: any }> = [];
    // Every client on every replica at once, round after round: the first round races for the tokens.
    await Promise.all(
      urls.flatMap((url) =>
        Array.from({ length: CLIENTS_PER_REPLICA }, async () => {
          for (let round = 0; round < ROUNDS; round++) {
            const res = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ query: QUERY }),
            });
            answers.push({ status: res.status, body: await res.json() });
          }
        }),
      ),
    );

    expect(answers).toHaveLength(REPLICAS * CLIENTS_PER_REPLICA * ROUNDS);
    const sources = answers.flatMap((a) => [...(a.body.data?.meetings.sources ?? []), ...(a.body.data?.connectionReports.sources ?? [])]);
    const problems = [
      ...answers.filter((a) => a.status !== 200 || a.body.errors).map((a) => JSON.stringify(a.body.errors ?? a.status)),
      ...sources.filter((s) => s.state === 'FAILED').map((s) => `${s.connection.id}: ${s.error.code} ${s.error.message}`),
    ];
    expect(problems).toEqual([]);
    // Alpemix answered (COMPLETE or PARTIAL: it keeps two days only), so its data really came through.
    expect(sources.filter((s) => s.connection.id === 'alpemix-shared').every((s) => s.state !== 'UNSUPPORTED')).toBe(true);

    for (const [vendor, operation] of Object.entries(TOKEN_OPERATIONS)) {
      expect([vendor, simulators.get(vendor as VendorName)!.control.calls(operation)]).toEqual([vendor, 1]);
    }
    const alpemix = simulators.get('alpemix')!;
    expect(maxPerMinute(alpemix, 'token')).toBeLessThanOrEqual(5);
    expect(maxPerMinute(alpemix, 'report')).toBeLessThanOrEqual(3);
    expect(alpemix.control.calls('report')).toBeGreaterThanOrEqual(1);
    expect((alpemix.state as AlpemixSimulatorState).blockedUntil.size).toBe(0);

    // The shared state really is in Redis, under this run's prefix.
    const keys = await listKeys(prefix);
    expect(
      keys
        .filter((k) => k.startsWith('token:'))
        .map((k) => k.split(':')[1])
        .sort(),
    ).toEqual(['alfaview', 'alpemix', 'apizee']);
    expect(keys.some((k) => k.startsWith('alpemix:budget:'))).toBe(true);
  });
});
