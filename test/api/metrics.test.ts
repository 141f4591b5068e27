import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE, type VconnctSimulatorState } from '../../datasources/vconnct/simulator.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startApi, type TestApi } from '../helpers/api.js';
import { Scrape } from '../helpers/prometheus.js';

const WEEK_MEETINGS = /* GraphQL */ `
  query WeekMeetings {
    meetings(first: 3) {
      nodes {
        id
        sessions {
          nodes {
            id
            participants {
              id
            }
          }
        }
      }
    }
  }
`;
const UPSTREAM_OPERATIONS = ['list_meetings', 'list_sessions', 'list_attendance'] as const;

describe('metrics and readiness', () => {
  let sim: RunningSimulator<VconnctSimulatorState>;
  let api: TestApi;
  let base: string;
  let publicBase: string;

  const scrape = async (): Promise<Scrape> => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).not.toContain(VCONNCT_SANDBOX_LICENSE);
    return Scrape.of(text);
  };
  const ready = async (): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${base}/ready`);
    return { status: res.status, body: await res.json() };
  };
  const upstream = (operation: string, status?: string) => ({
    vendor: 'vconnct',
    connection: 'vc',
    operation,
    ...(status ? { status } : {}),
  });

  // A fresh server per test: readiness, health timestamps and counters start empty whatever ran before.
  beforeAll(async () => {
    sim = await startVconnctSimulator({ seed: 7, size: 6 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    sim.control.resetCalls();
    sim.control.clearFaults();
    api = await startApi({
      server: { adminPort: 0 },
      connections: [{ id: 'vc', vendor: 'vconnct', baseUrl: sim.url, credentials: { license: VCONNCT_SANDBOX_LICENSE } }],
    });
    // Per-connection metrics and readiness live on the admin port.
    base = api.adminUrl as string;
    publicBase = api.url.replace(/\/graphql$/, '');
  });
  afterEach(async () => {
    await api.stop();
  });

  it('is ready before any vendor call, names no connection, and /health stays liveness only on the public port', async () => {
    const res = await ready();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { schema: 'ok', accepting: 'ok' } });
    expect(JSON.stringify(res.body)).not.toContain('vc');
    const health = await fetch(`${publicBase}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const metrics = await scrape();
    expect(metrics.value('meetgraph_connection_up', { connection: 'vc' })).toBe(1);
    expect(metrics.matching('meetgraph_circuit_open', { connection: 'vc' })).toEqual([
      { name: 'meetgraph_circuit_open', labels: { connection: 'vc' }, value: 0 },
    ]);
    expect(metrics.matching('process_cpu_user_seconds_total')).toHaveLength(1);
  });

  it('counts a named query, each upstream call exactly as the simulator saw it, and the loader batches', async () => {
    const before = await scrape();
    const res = await api.gql(WEEK_MEETINGS);
    expect(res.body.errors).toBeUndefined();
    const after = await scrape();

    const meetings = res.body.data.meetings.nodes;
    const sessions = meetings.flatMap((m: any) => m.sessions.nodes);
    expect(meetings).toHaveLength(3);
    expect(sessions.length).toBeGreaterThan(0);

    expect(after.delta(before, 'meetgraph_graphql_requests_total', { operation: 'WeekMeetings', outcome: 'success' })).toBe(1);
    expect(after.delta(before, 'meetgraph_graphql_requests_total')).toBe(1);
    expect(after.delta(before, 'meetgraph_graphql_request_duration_seconds_count', { operation: 'WeekMeetings' })).toBe(1);

    for (const operation of UPSTREAM_OPERATIONS) {
      expect(sim.control.calls(operation)).toBeGreaterThan(0);
      expect([operation, after.delta(before, 'meetgraph_upstream_calls_total', upstream(operation))]).toEqual([
        operation,
        sim.control.calls(operation),
      ]);
      expect([operation, after.delta(before, 'meetgraph_upstream_calls_total', upstream(operation, '200'))]).toEqual([
        operation,
        sim.control.calls(operation),
      ]);
      expect([operation, after.delta(before, 'meetgraph_upstream_call_duration_seconds_count', upstream(operation))]).toEqual([
        operation,
        sim.control.calls(operation),
      ]);
    }
    expect(after.delta(before, 'meetgraph_upstream_calls_total')).toBe(sim.control.calls());

    // One batch of the 3 meetings' sessions, one batch of every session's participants.
    expect(after.delta(before, 'meetgraph_loader_batch_size_count', { loader: 'meetingSessions' })).toBe(1);
    expect(after.delta(before, 'meetgraph_loader_batch_size_sum', { loader: 'meetingSessions' })).toBe(3);
    expect(after.delta(before, 'meetgraph_loader_batch_size_count', { loader: 'sessionParticipants' })).toBe(1);
    expect(after.delta(before, 'meetgraph_loader_batch_size_sum', { loader: 'sessionParticipants' })).toBe(sessions.length);

    expect((await ready()).status).toBe(200);
    expect(after.value('meetgraph_connection_up', { connection: 'vc' })).toBe(1);
  });

  it('counts a vendor failure inside an answer as partial, with the upstream status', async () => {
    // One meeting's sessions fail on every attempt (a read is tried three times).
    const listed = await api.gql(`{ meetings(first: 3) { nodes { nativeId } } }`);
    sim.control.resetCalls();
    sim.control.inject({
      operation: 'list_sessions',
      detail: listed.body.data.meetings.nodes[0].nativeId,
      action: { kind: 'status', status: 503 },
    });
    const before = await scrape();
    const res = await api.gql(WEEK_MEETINGS, undefined, { 'x-meetgraph-errors': 'strict' });
    const after = await scrape();
    expect(res.body.data.meetings.nodes).toHaveLength(3);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['VENDOR_UNAVAILABLE']);

    expect(after.delta(before, 'meetgraph_graphql_requests_total', { operation: 'WeekMeetings', outcome: 'partial' })).toBe(1);
    expect(after.delta(before, 'meetgraph_graphql_requests_total')).toBe(1);
    expect(after.delta(before, 'meetgraph_upstream_calls_total', upstream('list_sessions', '503'))).toBe(3);
    expect(after.delta(before, 'meetgraph_upstream_calls_total', upstream('list_sessions', '200'))).toBe(
      sim.control.calls('list_sessions') - 3,
    );
    expect(after.delta(before, 'meetgraph_upstream_calls_total')).toBe(sim.control.calls());

    const state = await ready();
    expect(state.status).toBe(200);
    expect(JSON.stringify(state.body)).not.toMatch(/VENDOR_UNAVAILABLE|"vc"/);
  });

  it('counts a request without data as error, under its operation name, or anonymous when it does not parse', async () => {
    const before = await scrape();
    const invalid = await api.gql(`query Broken { noSuchField }`);
    const syntax = await api.gql(`{ meetings(`);
    const after = await scrape();
    expect(invalid.body.data).toBeUndefined();
    expect(syntax.body.data).toBeUndefined();
    expect(after.delta(before, 'meetgraph_graphql_requests_total', { outcome: 'error' })).toBe(2);
    expect(after.delta(before, 'meetgraph_graphql_requests_total', { operation: 'Broken', outcome: 'error' })).toBe(1);
    expect(after.delta(before, 'meetgraph_graphql_requests_total', { operation: 'anonymous', outcome: 'error' })).toBe(1);
    expect(after.delta(before, 'meetgraph_graphql_requests_total')).toBe(2);
    expect(sim.control.calls()).toBe(0);
  });

  it('stays ready while every vendor is down (the vendor outage shows in metrics only), with no traffic needed to recover', async () => {
    sim.control.inject({ operation: 'list_meetings', action: { kind: 'status', status: 503 } });
    const failed = await api.gql(`query Ids { meetings { nodes { id } } }`, undefined, { 'x-meetgraph-errors': 'strict' });
    expect(failed.body.errors?.map((e) => e.extensions?.code)).toEqual(['VENDOR_UNAVAILABLE']);
    const during = await ready();
    expect(during).toEqual({ status: 200, body: { status: 'ready', checks: { schema: 'ok', accepting: 'ok' } } });
    expect((await scrape()).value('meetgraph_connection_up', { connection: 'vc' })).toBe(0);

    sim.control.clearFaults();
    expect((await api.gql(`query Ids { meetings { nodes { id } } }`)).body.errors).toBeUndefined();
    expect((await ready()).status).toBe(200);
    expect((await scrape()).value('meetgraph_connection_up', { connection: 'vc' })).toBe(1);
  });

  it('serves /metrics and /ready on the admin port only when server.adminPort is set', async () => {
    expect(api.adminUrl).not.toBeNull();
    expect(new URL(api.adminUrl as string).port).not.toBe(new URL(api.url).port);
    for (const route of ['/metrics', '/ready']) {
      const res = await fetch(`${publicBase}${route}`, { headers: { accept: 'application/json' } });
      expect([route, res.status]).toEqual([route, 404]);
      expect(await res.text()).not.toContain('vc');
    }
    expect((await fetch(`${base}/graphql`, { method: 'POST' })).status).toBe(404);
  });

  it('never shows the license, even after an authentication failure', async () => {
    sim.control.inject({
      operation: 'list_meetings',
      action: {
        kind: 'status',
        status: 401,
        body: { status: false, status_code: 401, message: 'error', error_messages: [`license ${VCONNCT_SANDBOX_LICENSE} is not valid`] },
      },
      times: 1,
    });
    await api.gql(`query Ids { meetings { nodes { id } } }`);
    const res = await fetch(`${base}/metrics`);
    const text = await res.text();
    expect(text).toContain('meetgraph_upstream_calls_total{vendor="vconnct",connection="vc",operation="list_meetings",status="401"} 1');
    expect(text).not.toContain(VCONNCT_SANDBOX_LICENSE);
    expect(text).not.toContain(sim.url);
    expect(JSON.stringify((await ready()).body)).not.toContain(VCONNCT_SANDBOX_LICENSE);
  });

  it("keeps each server's metrics in its own registry, and counts a refused caller as an error", async () => {
    const apiKey = 'metrics-test-key-0123456789';
    const other = await startApi({
      clients: [{ name: 'web', apiKey, connections: ['vc2'] }],
      connections: [{ id: 'vc2', vendor: 'vconnct', baseUrl: sim.url, credentials: { license: VCONNCT_SANDBOX_LICENSE } }],
    });
    try {
      expect(other.server.metrics.registry).not.toBe(api.server.metrics.registry);
      const refused = await other.gql(`query Ids { meetings { nodes { id } } }`, undefined, {
        authorization: 'Bearer wrong-key-0123456789',
      });
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const text = await (await fetch(other.url.replace(/\/graphql$/, '/metrics'))).text();
      expect(Scrape.of(text).value('meetgraph_graphql_requests_total')).toBe(1);
      expect(Scrape.of(text).value('meetgraph_graphql_requests_total', { operation: 'anonymous', outcome: 'error' })).toBe(1);
      expect(text).not.toContain('wrong-key');
      expect(text).not.toContain(apiKey);
      // Without an admin port the public /metrics sums per-connection series: no connection id is shown.
      expect(Scrape.of(text).matching('meetgraph_connection_up')).toEqual([{ name: 'meetgraph_connection_up', labels: {}, value: 1 }]);
      expect(Scrape.of(text).matching('meetgraph_circuit_open')).toEqual([{ name: 'meetgraph_circuit_open', labels: {}, value: 0 }]);
      expect(text).not.toMatch(/connection="|vc2/);
      const ready = await fetch(other.url.replace(/\/graphql$/, '/ready'));
      expect(ready.status).toBe(200);
      expect(await ready.text()).not.toContain('vc2');
    } finally {
      await other.stop();
    }
  });
});
