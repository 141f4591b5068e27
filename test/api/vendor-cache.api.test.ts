import { Writable } from 'node:stream';
import type { CacheSetting } from '../../core/cache-config.js';
import type { ConnectionConfigBase } from '../../core/connection-config.js';
import { createLogger } from '../../core/logger.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import type { MeetgraphConfig } from '../../src/config/config.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';
import type { StateStore } from '../../src/state/state-store.js';
import { startApiWithConfig, type ApiOptions, type TestApi } from '../helpers/api.js';

/** The cross-vendor question: every list the sandbox vendors serve, with nested reads. */
const CROSS_VENDOR = /* GraphQL */ `
  query CrossVendor {
    meetings(first: 50) {
      nodes {
        id
        participants {
          id
        }
        sessions(first: 5) {
          nodes {
            id
            live
          }
        }
      }
      sources {
        state
        fetchedAt
        connection {
          id
        }
      }
    }
    recordings(first: 50) {
      nodes {
        id
      }
    }
    connectionReports(first: 50) {
      nodes {
        id
      }
      sources {
        state
      }
    }
  }
`;

const VCONNCT_MEETINGS = /* GraphQL */ `
  query {
    meetings(first: 100, filter: { vendors: [VCONNCT] }) {
      nodes {
        id
        title
      }
      sources {
        state
        fetchedAt
      }
    }
  }
`;

const CREATE = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id title } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { id title } }`;

interface MeetingList {
  meetings: { nodes: Array<{ id: string; title: string }>; sources: Array<{ state: string; fetchedAt: string | null }> };
}

/** The sandbox config with `cache` set on every connection (undefined: the defaults). */
function withCache(config: MeetgraphConfig, cache: CacheSetting | undefined): MeetgraphConfig {
  const connections = config.connections.map((c) => {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(c) as object) as ConnectionConfigBase, c);
    if (cache === undefined) delete copy.cache;
    else copy.cache = cache;
    return copy;
  });
  return { ...config, connections };
}

/** Every simulator's calls as `vendor operation detail` lines (token calls left out: they are cached anyway). */
function vendorCalls(sandbox: Sandbox): string[] {
  const lines: string[] = [];
  for (const [vendor, s] of Object.entries(sandbox.simulators)) {
    for (const entry of (s as RunningSimulator).control.log) {
      if (/token|authenticat/i.test(entry.operation)) continue;
      lines.push(`${vendor} ${entry.operation} ${entry.detail ?? ''}`);
    }
  }
  return lines;
}

const repeated = (lines: readonly string[]): string[] => lines.filter((line, i) => lines.indexOf(line) !== i);

describe('vendor-call cache through the GraphQL API', () => {
  let sandbox: Sandbox;
  let api: TestApi | null = null;
  const vconnct = (): RunningSimulator => sandbox.simulators.vconnct as RunningSimulator;

  beforeAll(async () => {
    sandbox = await startSandbox({});
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    for (const s of Object.values(sandbox.simulators)) {
      (s as RunningSimulator).control.resetCalls();
      (s as RunningSimulator).control.clearFaults();
    }
  });
  afterEach(async () => {
    await api?.stop();
    api = null;
  });

  async function start(cache: CacheSetting | undefined, options: ApiOptions = {}): Promise<TestApi> {
    api = await startApiWithConfig(withCache(sandbox.config, cache), { vendorCache: {}, ...options });
    return api;
  }

  it('N identical concurrent queries cost one call per vendor resource, and a repeat costs none', async () => {
    const server = await start(undefined);
    const answers = await Promise.all(Array.from({ length: 12 }, () => server.gql(CROSS_VENDOR)));
    for (const answer of answers) {
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.meetings.nodes.length).toBeGreaterThan(0);
    }
    const calls = vendorCalls(sandbox);
    expect(calls.length).toBeGreaterThan(0);
    expect(repeated(calls)).toEqual([]);
    // Every vendor was asked (Alpemix for its reports), once per resource.
    expect(new Set(calls.map((line) => line.split(' ')[0]))).toEqual(new Set(['alfaview', 'allocloud', 'alpemix', 'apizee', 'vconnct']));

    const before = calls.length;
    const again = await server.gql(CROSS_VENDOR);
    expect(again.body.data.meetings.nodes).toEqual(answers[0]?.body.data.meetings.nodes);
    expect(vendorCalls(sandbox).length).toBe(before);
  });

  it('without a cache (cache: false) every request asks the vendor again', async () => {
    const server = await start(false);
    await server.gql(VCONNCT_MEETINGS);
    await server.gql(VCONNCT_MEETINGS);
    await server.gql(VCONNCT_MEETINGS);
    expect(vconnct().control.calls('list_meetings')).toBe(3);
  });

  it('an operation set to 0 is not cached while the others are', async () => {
    const server = await start({ meetings: 0 });
    await server.gql(VCONNCT_MEETINGS);
    await server.gql(VCONNCT_MEETINGS);
    expect(vconnct().control.calls('list_meetings')).toBe(2);
  });

  it('a created meeting appears in the next list at once, and an update shows its new title', async () => {
    const server = await start(undefined);
    const first = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    const count = first.body.data?.meetings.nodes.length ?? 0;
    const created = await server.gql(CREATE, { input: { connectionId: 'vconnct-demo', title: 'Cache invalidation check' } });
    expect(created.body.errors).toBeUndefined();
    const id = created.body.data.createMeeting.id as string;

    const next = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    expect(next.body.data?.meetings.nodes).toHaveLength(count + 1);
    expect(next.body.data?.meetings.nodes.map((n) => n.id)).toContain(id);

    await server.gql(UPDATE, { id, input: { title: 'Renamed after caching' } });
    const renamed = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    expect(renamed.body.data?.meetings.nodes.find((n) => n.id === id)?.title).toBe('Renamed after caching');
  });

  it.each([
    ['alfaview-demo', 'ALFAVIEW', false],
    ['allocloud-demo', 'ALLOCLOUD', true],
    ['apizee-demo', 'APIZEE', true],
  ])('%s: a meeting created through meetgraph is in the next (cached) list at once', async (connectionId, vendor, scheduled) => {
    const server = await start(undefined);
    const startsAt = new Date(Date.now() + 2 * 86_400_000);
    startsAt.setUTCMinutes(0, 0, 0);
    const window = {
      from: new Date(startsAt.getTime() - 3_600_000).toISOString(),
      to: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    };
    const list = `query($from: DateTime, $to: DateTime) { meetings(first: 100, filter: { vendors: [${vendor}], from: $from, to: $to }) {
      nodes { id title } sources { state } } }`;
    const before = await server.gql<MeetingList>(list, window);
    expect(before.body.data?.meetings.sources[0]?.state).toBe('COMPLETE');
    const title = `Cached list check ${vendor}`;
    const input = {
      connectionId,
      title,
      ...(scheduled ? { startsAt: startsAt.toISOString(), durationMinutes: 30 } : {}),
      ...(vendor === 'APIZEE' ? { participants: [{ email: 'guest@example.com' }] } : {}),
    };
    const created = await server.gql(CREATE, { input });
    expect(created.body.errors).toBeUndefined();
    const after = await server.gql<MeetingList>(list, window);
    expect(after.body.data?.meetings.nodes.map((n) => n.id)).toContain(created.body.data.createMeeting.id);
  });

  it('a write that failed with an unknown outcome invalidates too (it may have happened)', async () => {
    const server = await start(undefined);
    await server.gql(VCONNCT_MEETINGS);
    vconnct().control.inject({ operation: 'create_meeting', action: { kind: 'lose-answer' } });
    const lost = await server.gql(CREATE, { input: { connectionId: 'vconnct-demo', title: 'Lost answer' } });
    expect(lost.body.errors?.[0]?.extensions?.outcome).toBe('UNKNOWN');
    const next = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    expect(next.body.data?.meetings.nodes.map((n) => n.title)).toContain('Lost answer');
  });

  it('TTL expiry refetches; fetchedAt shows the original fetch while cached (injected clock)', async () => {
    let now = Date.parse('2031-03-03T10:00:00.000Z');
    const server = await start({ meetings: 30 }, { vendorCache: { now: () => now } });
    const first = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    expect(first.body.data?.meetings.sources[0]?.fetchedAt).toBe('2031-03-03T10:00:00.000Z');

    now += 20_000;
    const cached = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    expect(vconnct().control.calls('list_meetings')).toBe(1);
    expect(cached.body.data?.meetings.sources[0]?.fetchedAt).toBe('2031-03-03T10:00:00.000Z');

    // Past the stale window too (2 × TTL): a plain miss, fetched anew before answering.
    now += 60_000;
    const expired = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    expect(vconnct().control.calls('list_meetings')).toBe(2);
    expect(expired.body.data?.meetings.sources[0]?.fetchedAt).toBe('2031-03-03T10:01:20.000Z');
  });

  it('stale-while-revalidate: past the TTL the old answer is served once while it refreshes', async () => {
    let now = Date.parse('2031-03-03T10:00:00.000Z');
    const server = await start({ meetings: 30 }, { vendorCache: { now: () => now } });
    const first = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    const titles = first.body.data?.meetings.nodes.map((n) => n.title) ?? [];

    // Another meetgraph (no shared store) writes behind this one's back.
    const other = await startApiWithConfig(sandbox.config);
    try {
      const created = await other.gql(CREATE, { input: { connectionId: 'vconnct-demo', title: 'Created elsewhere' } });
      expect(created.body.errors).toBeUndefined();
    } finally {
      await other.stop();
    }
    vconnct().control.resetCalls();

    now += 31_000;
    const stale = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    expect(stale.body.data?.meetings.nodes.map((n) => n.title)).toEqual(titles);
    expect(stale.body.data?.meetings.sources[0]?.fetchedAt).toBe('2031-03-03T10:00:00.000Z');

    // The refresh started by that read: wait for it (bounded by calls, not by time).
    for (let i = 0; i < 200 && vconnct().control.calls('list_meetings') === 0; i++) await new Promise((r) => setTimeout(r, 25));
    let fresh = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    for (let i = 0; i < 200 && fresh.body.data?.meetings.sources[0]?.fetchedAt !== '2031-03-03T10:00:31.000Z'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      fresh = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    }
    expect(fresh.body.data?.meetings.sources[0]?.fetchedAt).toBe('2031-03-03T10:00:31.000Z');
    expect(fresh.body.data?.meetings.nodes.map((n) => n.title)).toContain('Created elsewhere');
    expect(vconnct().control.calls('list_meetings')).toBe(1);
  });

  it('a failing state store degrades to no cache with a warning, never to errors', async () => {
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    // Every operation the cache uses fails; the rest of the interface is a working store it never touches.
    const down = (): Promise<never> => Promise.reject(new Error('store down'));
    const failing: StateStore = Object.assign(new MemoryStateStore(), { get: down, set: down, setIfAbsent: down, delete: down });
    const server = await start(undefined, { vendorCache: { store: failing }, logger: createLogger('warn', sink) });
    for (let i = 0; i < 3; i++) {
      const answer = await server.gql<MeetingList>(VCONNCT_MEETINGS);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.meetings.sources[0]?.state).toBe('COMPLETE');
      expect(answer.body.data?.meetings.nodes.length).toBeGreaterThan(0);
    }
    expect(vconnct().control.calls('list_meetings')).toBe(3);
    const created = await server.gql(CREATE, { input: { connectionId: 'vconnct-demo', title: 'Written while the store is down' } });
    expect(created.body.errors).toBeUndefined();
    expect(logs.join('')).toContain('vendor-call cache: the state store failed');
  });

  it('fetchedAt is null for a connection that did not answer', async () => {
    const server = await start(undefined);
    vconnct().control.inject({ operation: 'list_meetings', action: { kind: 'status', status: 500 }, times: 5 });
    const answer = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    expect(answer.body.data?.meetings.sources[0]?.state).toBe('FAILED');
    expect(answer.body.data?.meetings.sources[0]?.fetchedAt).toBeNull();
  });

  it('two replicas on one store: the second answers without the vendor, and its write invalidates the first', async () => {
    const store = new MemoryStateStore();
    const server = await start(undefined, { vendorCache: { store } });
    await server.gql(VCONNCT_MEETINGS);
    const replica = await startApiWithConfig(sandbox.config, { vendorCache: { store } });
    try {
      const answer = await replica.gql<MeetingList>(VCONNCT_MEETINGS);
      expect(answer.body.data?.meetings.nodes.length).toBeGreaterThan(0);
      expect(vconnct().control.calls('list_meetings')).toBe(1);
      // A write through the replica invalidates what the first one cached.
      await replica.gql(CREATE, { input: { connectionId: 'vconnct-demo', title: 'Written by the replica' } });
    } finally {
      await replica.stop();
    }
    const after = await server.gql<MeetingList>(VCONNCT_MEETINGS);
    expect(after.body.data?.meetings.nodes.map((n) => n.title)).toContain('Written by the replica');
  });
});
