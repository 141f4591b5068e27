import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { codes, startApiWithConfig, type TestApi } from '../helpers/api.js';

const EVERYTHING = /* GraphQL */ `
  query Everything {
    meetings(first: 100) {
      nodes { id vendor kind status participants { id role } }
      sources { state connection { vendor } error { code } }
    }
    recordings(first: 100) {
      nodes { id vendor mediaType }
      sources { state connection { vendor } error { code } }
    }
    connectionReports(first: 100) {
      nodes { id vendor mode }
      sources { state connection { vendor } error { code } }
    }
  }
`;

const vendorsOf = (nodes: Array<{ vendor: string }>): string[] => [...new Set(nodes.map((n) => n.vendor))].sort();
const sim = (sandbox: Sandbox, vendor: keyof Sandbox['simulators']): RunningSimulator => sandbox.simulators[vendor] as RunningSimulator;

/** Every simulator's call log as `operation detail` lines, to find anything asked twice. */
function repeatedAsks(sandbox: Sandbox): string[] {
  const repeated: string[] = [];
  for (const [vendor, s] of Object.entries(sandbox.simulators)) {
    const seen = new Set<string>();
    for (const entry of (s as RunningSimulator).control.log) {
      if (entry.operation === 'token' || entry.operation === 'authenticationService/authenticate') continue;
      const key = `${vendor} ${entry.operation} ${entry.detail ?? ''}`;
      if (seen.has(key)) repeated.push(key);
      seen.add(key);
    }
  }
  return repeated;
}

describe('one query across all five vendors', () => {
  let sandbox: Sandbox;
  let api: TestApi;

  beforeAll(async () => {
    sandbox = await startSandbox({});
    // The circuit breaker has its own suite (faults.api.test.ts); here one vendor's outage must not outlive its test.
    for (const connection of sandbox.config.connections) connection.breaker = { failures: 1_000 };
    api = await startApiWithConfig(sandbox.config);
  });
  afterAll(async () => {
    await api.stop();
    await sandbox.close();
  });
  beforeEach(() => {
    for (const s of Object.values(sandbox.simulators)) {
      s.control.clearFaults();
      s.control.resetCalls();
    }
  });

  it('merges meetings, recordings and connection reports of every vendor that has them', async () => {
    const res = await api.gql(EVERYTHING);
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data;
    expect(vendorsOf(data.meetings.nodes)).toEqual(['ALFAVIEW', 'ALLOCLOUD', 'APIZEE', 'VCONNCT']);
    expect(vendorsOf(data.recordings.nodes)).toEqual(['APIZEE', 'VCONNCT']);
    expect(vendorsOf(data.connectionReports.nodes)).toEqual(['ALPEMIX', 'APIZEE']);
    expect(data.meetings.sources.find((s: any) => s.connection.vendor === 'ALPEMIX')).toEqual({ state: 'UNSUPPORTED', connection: { vendor: 'ALPEMIX' }, error: { code: 'UNSUPPORTED_BY_VENDOR' } });
    expect(repeatedAsks(sandbox)).toEqual([]);
  });

  it('keeps the other four when one vendor fails; sources and errors name the failed one', async () => {
    sim(sandbox, 'apizee').control.inject({ operation: '*', action: { kind: 'status', status: 503 } });
    const res = await api.gql(EVERYTHING);
    const data = res.body.data;
    expect(vendorsOf(data.meetings.nodes)).toEqual(['ALFAVIEW', 'ALLOCLOUD', 'VCONNCT']);
    expect(vendorsOf(data.recordings.nodes)).toEqual(['VCONNCT']);
    expect(vendorsOf(data.connectionReports.nodes)).toEqual(['ALPEMIX']);
    for (const list of ['meetings', 'recordings', 'connectionReports']) {
      expect(data[list].sources.find((s: any) => s.connection.vendor === 'APIZEE')).toEqual({ state: 'FAILED', connection: { vendor: 'APIZEE' }, error: { code: 'VENDOR_UNAVAILABLE' } });
    }
    expect(res.body.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.vendor, e.extensions?.connectionId]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      [['connectionReports'], 'VENDOR_UNAVAILABLE', 'APIZEE', 'apizee-demo'],
      [['meetings'], 'VENDOR_UNAVAILABLE', 'APIZEE', 'apizee-demo'],
      [['recordings'], 'VENDOR_UNAVAILABLE', 'APIZEE', 'apizee-demo'],
    ]);
  });

  it('asks alfaview for the live status of a whole page of rooms in one call', async () => {
    const res = await api.gql(`{ meetings(first: 100, filter: { vendors: [ALFAVIEW] }) { nodes { id status participants { displayName } } } }`);
    expect(res.body.errors).toBeUndefined();
    const rooms = res.body.data.meetings.nodes;
    expect(rooms.length).toBeGreaterThan(3);
    expect(rooms.some((r: any) => r.status === 'LIVE' && r.participants.length > 0)).toBe(true);
    expect(sim(sandbox, 'alfaview').control.calls('roomService/status')).toBe(1);
  });

  it('asks Apizee for sessions once per service key, whatever the number of conferences', async () => {
    const res = await api.gql(`{ meetings(first: 100, filter: { vendors: [APIZEE], kind: [SCHEDULED] }) { nodes { id raw sessions { nodes { id } } } } }`);
    expect(res.body.errors).toBeUndefined();
    const conferences = res.body.data.meetings.nodes;
    const serviceKeys = new Set(conferences.map((c: any) => c.raw.service_key));
    expect(conferences.length).toBeGreaterThan(serviceKeys.size);
    expect(conferences.some((c: any) => c.sessions.nodes.length > 0)).toBe(true);
    const asked = sim(sandbox, 'apizee').control.details('session.list');
    expect(asked.length).toBeLessThanOrEqual(serviceKeys.size);
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('stays inside the Alpemix call budget under 20 concurrent GraphQL requests', async () => {
    const alpemix = sim(sandbox, 'alpemix');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => api.gql(`{ connectionReports(first: 10, filter: { vendors: [ALPEMIX] }) { nodes { id } sources { state } } }`)),
    );
    for (const res of responses) {
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.connectionReports.nodes.length).toBeGreaterThan(0);
    }
    expect(alpemix.control.calls('token')).toBeLessThanOrEqual(1);
    expect(alpemix.control.calls('report')).toBeLessThanOrEqual(2);
  });
});
