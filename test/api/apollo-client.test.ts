import { ApolloClient, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { startApiWithConfig, type TestApi } from '../helpers/api.js';
import { clockStartingAt } from '../helpers/clock.js';

/**
 * Apollo Client 4 as a frontend uses it — default options, InMemoryCache with relayStylePagination, HttpLink
 * — against a running meetgraph over HTTP in front of the vendor simulators.
 */

const PAGE = gql`
  query MeetingsPage($first: Int!, $after: String) {
    meetings(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          vendor
          title
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      sources {
        state
        connection {
          id
          vendor
        }
        error {
          code
          retryable
        }
      }
    }
  }
`;

const WITH_PARTICIPANTS = gql`
  query WithParticipants {
    meetings(first: 100, filter: { vendors: [VCONNCT] }) {
      nodes {
        id
        people: participants {
          id
          displayName
        }
        gaps {
          field
          state
          error {
            code
            retryable
          }
        }
      }
      sources {
        state
      }
    }
  }
`;

type PageData = {
  meetings: {
    edges: Array<{ cursor: string; node: { id: string; vendor: string; title: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    sources: Array<{ state: string; connection: { id: string; vendor: string }; error: { code: string; retryable: boolean } | null }>;
  };
};

type ParticipantsData = {
  meetings: {
    nodes: Array<{
      id: string;
      people: Array<{ id: string }>;
      gaps: Array<{ field: string; state: string; error: { code: string; retryable: boolean } | null }>;
    }>;
    sources: Array<{ state: string }>;
  };
};

describe('Apollo Client 4 with default options', () => {
  let sandbox: Sandbox;
  let api: TestApi;
  const now = clockStartingAt('2026-12-02T10:00:00Z');
  const sim = (vendor: keyof Sandbox['simulators']): RunningSimulator => sandbox.simulators[vendor] as RunningSimulator;

  const client = (headers: Record<string, string> = {}) =>
    new ApolloClient({
      link: new HttpLink({ uri: api.url, headers }),
      cache: new InMemoryCache({ typePolicies: { Query: { fields: { meetings: relayStylePagination(['filter', 'orderBy']) } } } }),
    });

  beforeAll(async () => {
    sandbox = await startSandbox({}, { clock: now });
    api = await startApiWithConfig(sandbox.config, { now });
  });
  afterAll(async () => {
    await api?.stop();
    await sandbox?.close();
  });
  /**
   * Makes every attempt at one VConnct room's session list fail (a read is tried three times), so exactly that
   * room's participants fail.
   */
  async function failOneRoomsSessions(): Promise<void> {
    const rooms = sim('vconnct').state as { meetings: Map<string, unknown> };
    const victim = [...rooms.meetings.keys()][0] as string;
    sim('vconnct').control.inject({ operation: 'list_sessions', detail: victim, action: { kind: 'status', status: 503 } });
  }

  beforeEach(() => {
    for (const s of Object.values(sandbox.simulators)) s.control.clearFaults();
  });

  it('resolves with the other vendors\u2019 data when one vendor is down, the failure in sources', async () => {
    sim('apizee').control.inject({ operation: '*', action: { kind: 'status', status: 503 } });
    const data = (await client().query<PageData>({ query: PAGE, variables: { first: 100 } })).data as PageData;
    const vendors = [...new Set(data.meetings.edges.map((e) => e.node.vendor))].sort();
    expect(vendors).toEqual(['ALFAVIEW', 'ALLOCLOUD', 'VCONNCT']);
    expect(data.meetings.sources.find((s) => s.connection.vendor === 'APIZEE')).toMatchObject({
      state: 'FAILED',
      error: { code: 'VENDOR_UNAVAILABLE', retryable: true },
    });
    expect(data.meetings.sources.find((s) => s.connection.vendor === 'ALPEMIX')?.state).toBe('UNSUPPORTED');
  });

  it('pages with fetchMore through every meeting exactly once, accumulated in edges', async () => {
    // The expectation, built without the merge: each connection's meetings asked on their own.
    const expected: string[] = [];
    for (const id of ['alfaview-demo', 'allocloud-demo', 'apizee-demo', 'vconnct-demo']) {
      const res = await api.gql(
        `query($c: ID!) { meetings(first: 100, filter: { connectionIds: [$c] }) { nodes { id } pageInfo { hasNextPage } } }`,
        { c: id },
      );
      expect(res.body.data.meetings.pageInfo.hasNextPage).toBe(false);
      expected.push(...res.body.data.meetings.nodes.map((n: { id: string }) => n.id));
    }
    expect(expected.length).toBeGreaterThan(12);

    const apollo = client();
    const observable = apollo.watchQuery<PageData>({ query: PAGE, variables: { first: 5 } });
    const subscription = observable.subscribe(() => undefined);
    try {
      let result = await observable.refetch();
      let pages = 1;
      while (result.data?.meetings.pageInfo.hasNextPage) {
        result = await observable.fetchMore({ variables: { after: result.data.meetings.pageInfo.endCursor } });
        pages += 1;
        expect(pages).toBeLessThan(50);
      }
      // What the UI renders: the query read back through the cache and its relayStylePagination field policy.
      const merged = apollo.readQuery<PageData>({ query: PAGE, variables: { first: 5 } }) as PageData;
      const seen = merged.meetings.edges.map((e) => e.node.id);
      expect(pages).toBe(Math.ceil(expected.length / 5));
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...expected].sort());
    } finally {
      subscription.unsubscribe();
    }
  });

  it('shows a failed nested list in gaps, and resolves', async () => {
    // VConnct builds a room's participants from its sessions: fail one room's session list.
    await failOneRoomsSessions();
    const data = (await client().query<ParticipantsData>({ query: WITH_PARTICIPANTS })).data as ParticipantsData;
    const withGaps = data.meetings.nodes.filter((m) => m.gaps.length > 0);
    expect(withGaps).toHaveLength(1);
    expect(withGaps[0]?.people).toEqual([]);
    expect(withGaps[0]?.gaps).toEqual([
      {
        __typename: 'FieldGap',
        field: 'participants',
        state: 'FAILED',
        error: { __typename: 'SourceError', code: 'VENDOR_UNAVAILABLE', retryable: true },
      },
    ]);
    expect(data.meetings.sources).toEqual([{ __typename: 'SourceStatus', state: 'COMPLETE' }]);
  });

  it('gets the failure in errors at its exact path with X-Meetgraph-Errors: strict', async () => {
    await failOneRoomsSessions();
    const strict = client({ 'X-Meetgraph-Errors': 'strict' });
    const result = await strict.query<ParticipantsData>({ query: WITH_PARTICIPANTS, errorPolicy: 'all' });
    const index = result.data?.meetings.nodes.findIndex((m) => m.gaps.length > 0) ?? -1;
    expect(index).toBeGreaterThanOrEqual(0);
    expect(CombinedGraphQLErrors.is(result.error)).toBe(true);
    const errors = (result.error as CombinedGraphQLErrors).errors;
    expect(errors.map((e) => [e.path, e.extensions?.code, e.extensions?.vendor])).toEqual([
      [['meetings', 'nodes', index, 'people'], 'VENDOR_UNAVAILABLE', 'VCONNCT'],
    ]);

    // With the default error policy, that client now gets the error instead of the data, as it asked.
    await failOneRoomsSessions();
    const refused = await client({ 'X-Meetgraph-Errors': 'strict' })
      .query({ query: WITH_PARTICIPANTS })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(CombinedGraphQLErrors.is(refused)).toBe(true);
  });
});
