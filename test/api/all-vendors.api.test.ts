import { alpemixModule } from '../../datasources/alpemix/index.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { validateConfig } from '../../src/config/validate.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { credentialSecrets, expectNoSecretsSent, startApiWithConfig, type TestApi } from '../helpers/api.js';

const EVERYTHING = /* GraphQL */ `
  query Everything {
    meetings(first: 100) {
      nodes {
        id
        vendor
        kind
        status
        participants {
          id
          role
        }
      }
      sources {
        state
        connection {
          vendor
        }
        error {
          code
        }
      }
    }
    recordings(first: 100) {
      nodes {
        id
        vendor
        mediaType
      }
      sources {
        state
        connection {
          vendor
        }
        error {
          code
        }
      }
    }
    connectionReports(first: 100) {
      nodes {
        id
        vendor
        mode
      }
      sources {
        state
        connection {
          vendor
        }
        error {
          code
        }
      }
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

/**
 * A clock that runs from a fixed Wednesday mid-morning: "today", "yesterday" and token lifetimes move as in
 * production, but never across a midnight or a week boundary, whenever the suite runs.
 */
function pinnedClock(startIso: string): () => Date {
  const start = Date.parse(startIso);
  const origin = performance.now();
  return () => new Date(start + Math.round(performance.now() - origin));
}

describe('one query across all five vendors', () => {
  let sandbox: Sandbox;
  let api: TestApi;

  beforeAll(async () => {
    const clock = pinnedClock('2026-03-11T09:30:00Z');
    sandbox = await startSandbox({}, { clock });
    // The circuit breaker has its own suite (faults.api.test.ts); here one vendor's outage must not outlive its test.
    for (const connection of sandbox.config.connections) connection.breaker = { failures: 1_000 };
    api = await startApiWithConfig(sandbox.config, { now: clock });
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
  afterEach(() => {
    expectNoSecretsSent(api, credentialSecrets(sandbox.config));
  });

  it('merges meetings, recordings and connection reports of every vendor that has them', async () => {
    const res = await api.gql(EVERYTHING);
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data;
    expect(vendorsOf(data.meetings.nodes)).toEqual(['ALFAVIEW', 'ALLOCLOUD', 'APIZEE', 'VCONNCT']);
    expect(vendorsOf(data.recordings.nodes)).toEqual(['APIZEE', 'VCONNCT']);
    expect(vendorsOf(data.connectionReports.nodes)).toEqual(['ALPEMIX', 'APIZEE']);
    expect(data.meetings.sources.find((s: any) => s.connection.vendor === 'ALPEMIX')).toEqual({
      state: 'UNSUPPORTED',
      connection: { vendor: 'ALPEMIX' },
      error: { code: 'UNSUPPORTED_BY_VENDOR' },
    });
    expect(repeatedAsks(sandbox)).toEqual([]);
  });

  it('keeps the other four when one vendor fails; sources name the failed one, and so does errors under strict errors', async () => {
    // A 500 is not retried. A 503 is retried with backoff, and a retry still waiting when the answer went out
    // (a sibling call failed first) would reach the simulator during the next test.
    sim(sandbox, 'apizee').control.inject({ operation: '*', action: { kind: 'status', status: 500 } });
    const plain = await api.gql(EVERYTHING);
    expect(plain.body.errors).toBeUndefined();
    const res = await api.gql(EVERYTHING, undefined, { 'X-Meetgraph-Errors': 'strict' });
    expect(res.body.data).toEqual(plain.body.data);
    const data = res.body.data;
    expect(vendorsOf(data.meetings.nodes)).toEqual(['ALFAVIEW', 'ALLOCLOUD', 'VCONNCT']);
    expect(vendorsOf(data.recordings.nodes)).toEqual(['VCONNCT']);
    expect(vendorsOf(data.connectionReports.nodes)).toEqual(['ALPEMIX']);
    for (const list of ['meetings', 'recordings', 'connectionReports']) {
      expect(data[list].sources.find((s: any) => s.connection.vendor === 'APIZEE')).toEqual({
        state: 'FAILED',
        connection: { vendor: 'APIZEE' },
        error: { code: 'VENDOR_UNAVAILABLE' },
      });
    }
    expect(
      res.body.errors
        ?.map((e) => [e.path, e.extensions?.code, e.extensions?.vendor, e.extensions?.connectionId])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      [['connectionReports'], 'VENDOR_UNAVAILABLE', 'APIZEE', 'apizee-demo'],
      [['meetings'], 'VENDOR_UNAVAILABLE', 'APIZEE', 'apizee-demo'],
      [['recordings'], 'VENDOR_UNAVAILABLE', 'APIZEE', 'apizee-demo'],
    ]);
  });

  it('asks alfaview for the live status of a whole page of rooms in one call', async () => {
    const res = await api.gql(
      `{ meetings(first: 100, filter: { vendors: [ALFAVIEW] }) { nodes { id status participants { displayName } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const rooms = res.body.data.meetings.nodes;
    expect(rooms.length).toBeGreaterThan(3);
    expect(rooms.some((r: any) => r.status === 'LIVE' && r.participants.length > 0)).toBe(true);
    expect(sim(sandbox, 'alfaview').control.calls('roomService/status')).toBe(1);
  });

  it('asks Apizee for sessions once per service key, whatever the number of conferences', async () => {
    const res = await api.gql(
      `{ meetings(first: 100, filter: { vendors: [APIZEE], kind: [SCHEDULED] }) { nodes { id raw sessions { nodes { id } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const conferences = res.body.data.meetings.nodes;
    const serviceKeys = new Set(conferences.map((c: any) => c.raw.service_key));
    expect(conferences.length).toBeGreaterThan(serviceKeys.size);
    expect(conferences.some((c: any) => c.sessions.nodes.length > 0)).toBe(true);
    const asked = sim(sandbox, 'apizee').control.details('session.list');
    expect(asked.length).toBeLessThanOrEqual(serviceKeys.size);
    expect(new Set(asked).size).toBe(asked.length);
  });
});

describe('the Alpemix call budget', () => {
  // Its own simulator and server: the day-report cache is shared by every request of a server, so a server
  // another test has warmed would answer these requests without any vendor call and prove nothing.
  const clock = pinnedClock('2026-03-11T09:30:00Z');
  let simulator: RunningSimulator;
  let api: TestApi;

  beforeEach(async () => {
    simulator = await alpemixModule.startSimulator({ seed: 42, clock });
    api = await startApiWithConfig(validateConfig({ connections: [alpemixModule.sandboxConnection(simulator, 'alpemix-budget')] }, {}), {
      now: clock,
    });
  });
  afterEach(async () => {
    await api.stop();
    await simulator.close();
  });

  it('holds under 20 concurrent GraphQL requests from a cold start: one token, at most one report call per day', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.gql(`{ connectionReports(first: 10, filter: { vendors: [ALPEMIX] }) { nodes { id } sources { state } } }`),
      ),
    );
    for (const res of responses) {
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.connectionReports.nodes.length).toBeGreaterThan(0);
    }
    // Lower bounds too: the answers above must have come from the vendor, through the budget.
    expect(simulator.control.calls('token')).toBe(1);
    expect(simulator.control.calls('report')).toBeGreaterThanOrEqual(1);
    // Alpemix blocks a caller after 3 report calls a minute; meetgraph asks "today" and "yesterday" once each.
    expect(simulator.control.calls('report')).toBeLessThanOrEqual(2);
  });
});
