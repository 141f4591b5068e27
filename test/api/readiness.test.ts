import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { ConnectionRegistry } from '../../datasources/registry.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE } from '../../datasources/vconnct/simulator.js';
import { validateConfig } from '../../src/config/validate.js';
import { silentLogger } from '../../core/logger.js';
import { MeetgraphMetrics } from '../../src/metrics.js';
import { createMeetgraphServer, type MeetgraphServer } from '../../src/server.js';
import { Scrape } from '../helpers/prometheus.js';

/**
 * `/ready` is about this process (checks it is given, shutting down), never about vendors; the public
 * `/metrics` sums per-connection series so no connection id is shown.
 */
describe('readiness checks and public metrics', () => {
  let sim: RunningSimulator;
  let server: MeetgraphServer;
  let registry: ConnectionRegistry;
  let base: string;
  let url: string;
  let state: 'up' | 'down' | 'throws' = 'up';

  beforeAll(async () => {
    sim = await startVconnctSimulator({ seed: 9, size: 3 });
    const connection = (id: string) => ({ id, vendor: 'vconnct', baseUrl: sim.url, credentials: { license: VCONNCT_SANDBOX_LICENSE } });
    const config = validateConfig({ connections: [connection('secret-name-one'), connection('secret-name-two')] }, {});
    const logger = silentLogger();
    const metrics = new MeetgraphMetrics();
    registry = ConnectionRegistry.build(config.connections, { logger, observer: metrics.upstreamObserver });
    const stateStore = {
      name: 'state',
      check: () => {
        if (state === 'throws') throw new Error('connection refused to 10.0.0.7:6379');
        return state === 'up';
      },
    };
    server = await createMeetgraphServer({ config, registry, logger, metrics, production: false, readinessChecks: [stateStore] });
    url = await server.listen(0, '127.0.0.1');
    base = url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await server?.stop();
    await registry?.close();
    await sim?.close();
  });

  const ready = async () => {
    const res = await fetch(`${base}/ready`);
    return { status: res.status, text: await res.text() };
  };

  it('follows the checks it is given, naming the failing one but no detail of it', async () => {
    state = 'up';
    const up = await ready();
    expect(up.status).toBe(200);
    expect(JSON.parse(up.text)).toEqual({ status: 'ready', checks: { schema: 'ok', accepting: 'ok', state: 'ok' } });
    state = 'down';
    const down = await ready();
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toEqual({ status: 'unavailable', checks: { schema: 'ok', accepting: 'ok', state: 'failing' } });
    state = 'throws';
    const thrown = await ready();
    expect(thrown.status).toBe(503);
    expect(thrown.text).not.toContain('10.0.0.7');
    state = 'up';
    expect((await ready()).status).toBe(200);
  });

  it('sums per-connection series on the public /metrics: vendor calls per vendor, no connection id', async () => {
    sim.control.resetCalls();
    const body = JSON.stringify({ query: '{ meetings { nodes { id } } }' });
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(((await res.json()) as any).data.meetings.nodes.length).toBeGreaterThan(0);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).not.toMatch(/secret-name|connection="/);
    const scrape = Scrape.of(text);
    // Both connections asked list_meetings once each: one series, summed.
    expect(scrape.matching('meetgraph_upstream_calls_total', { operation: 'list_meetings' })).toEqual([
      {
        name: 'meetgraph_upstream_calls_total',
        labels: { vendor: 'vconnct', operation: 'list_meetings', status: '200' },
        value: sim.control.calls('list_meetings'),
      },
    ]);
    expect(sim.control.calls('list_meetings')).toBe(2);
    expect(scrape.value('meetgraph_connection_up')).toBe(2);
  });

  it('reports not ready on the admin port while a shutdown drains in-flight requests', async () => {
    const slow = await startVconnctSimulator({ seed: 9, size: 3, latencyMs: 1000 });
    const config = validateConfig(
      {
        server: { adminPort: 0 },
        connections: [{ id: 'vc', vendor: 'vconnct', baseUrl: slow.url, credentials: { license: VCONNCT_SANDBOX_LICENSE } }],
      },
      {},
    );
    const logger = silentLogger();
    const slowRegistry = ConnectionRegistry.build(config.connections, { logger });
    const draining = await createMeetgraphServer({ config, registry: slowRegistry, logger, production: false });
    try {
      const apiUrl = await draining.listen(0, '127.0.0.1');
      const admin = draining.adminUrl() as string;
      expect((await fetch(`${admin}/ready`)).status).toBe(200);
      const body = JSON.stringify({ query: '{ meetings { nodes { id } } }' });
      const inFlight = fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      while (slow.control.calls() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const stopping = draining.stop();
      const probe = await fetch(`${admin}/ready`);
      expect(probe.status).toBe(503);
      expect(((await probe.json()) as any).checks.accepting).toBe('failing');
      expect((await inFlight).status).toBe(200);
      await stopping;
    } finally {
      await draining.stop();
      await slowRegistry.close();
      await slow.close();
    }
  });
});
