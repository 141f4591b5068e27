import { readFileSync } from 'node:fs';
import { composeServices as composeWithApollo } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { composeServices as composeWithGuild } from '@theguild/federation-composition';
import { Kind, parse, type DocumentNode, type ObjectTypeDefinitionNode } from 'graphql';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE } from '../../datasources/vconnct/simulator.js';
import { startApi, type TestApi } from '../helpers/api.js';

/**
 * meetgraph beside another team's Relay subgraph, as a company supergraph has it: the other subgraph declares
 * its own `Node`, `Query.node` and the four-field Relay `PageInfo`, and extends meetgraph's `Meeting` with notes.
 * Composed with Apollo's composition (served by Apollo Gateway) and with The Guild's (served by Hive Gateway's
 * runtime in-process); each gateway answers queries that need both subgraphs.
 */
const RELAY_PAGE_INFO = ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'] as const;
type PageInfoField = (typeof RELAY_PAGE_INFO)[number];

const subgraphSdl = readFileSync(new URL('../../schema/subgraph.graphql', import.meta.url), 'utf8');
const plainSdl = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');

function objectType(document: DocumentNode, name: string): ObjectTypeDefinitionNode {
  const found = document.definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === name,
  );
  if (!found) throw new Error(`no type ${name}`);
  return found;
}

/** meetgraph's PageInfo fields as committed; Relay's four once meetgraph's PageInfo has them all. */
const meetgraphPageInfo = (objectType(parse(subgraphSdl), 'PageInfo').fields ?? []).map((f) => f.name.value);
const missingRelayFields = RELAY_PAGE_INFO.filter((f) => !meetgraphPageInfo.includes(f));
/** The PageInfo fields both subgraphs resolve: what a composed supergraph can offer. */
const sharedPageInfo = RELAY_PAGE_INFO.filter((f) => meetgraphPageInfo.includes(f));

interface Note {
  id: string;
  text: string;
  meetingId: string;
}

function page<T extends { id: string }>(items: T[], first: number, after: string | null | undefined) {
  const start = after ? items.findIndex((i) => i.id === after) + 1 : 0;
  const slice = items.slice(start, start + first);
  const pageInfo: Record<PageInfoField, unknown> = {
    hasNextPage: start + first < items.length,
    hasPreviousPage: start > 0,
    startCursor: slice[0]?.id ?? null,
    endCursor: slice.at(-1)?.id ?? null,
  };
  return { edges: slice.map((node) => ({ cursor: node.id, node })), nodes: slice, pageInfo };
}

/** The other team's subgraph, with the PageInfo fields given (Relay's four unless stated). */
function notesTypeDefs(pageInfoFields: readonly PageInfoField[] = RELAY_PAGE_INFO): DocumentNode {
  const pageInfo = pageInfoFields.map((f) => (f.startsWith('has') ? `${f}: Boolean!` : `${f}: String`)).join('\n');
  return parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
    interface Node { id: ID! }
    type PageInfo @shareable { ${pageInfo} }
    type Note implements Node { id: ID! text: String! meeting: Meeting! }
    type NoteEdge { cursor: String! node: Note! }
    type NoteConnection { edges: [NoteEdge!]! nodes: [Note!]! pageInfo: PageInfo! }
    type Meeting implements Node @key(fields: "id") { id: ID! notes(first: Int = 10, after: String): NoteConnection! }
    type Query {
      node(id: ID!): Node @shareable
      notes(first: Int = 10, after: String): NoteConnection!
    }
  `);
}

function notesSubgraph(typeDefs: DocumentNode, notes: () => Note[]) {
  const noteNode = (note: Note) => ({ __typename: 'Note', ...note });
  const resolvers = {
    Query: {
      notes: (_: unknown, args: { first: number; after?: string | null }) => page(notes().map(noteNode), args.first, args.after),
      // Relay's node(id:) answers the ids this subgraph knows: its notes, and meetings it extends (as references).
      node: (_: unknown, { id }: { id: string }) => {
        const note = notes().find((n) => n.id === id);
        if (note) return noteNode(note);
        return id.startsWith('Meeting:') ? { __typename: 'Meeting', id } : null;
      },
    },
    Node: { __resolveType: (value: { __typename: string }) => value.__typename },
    Note: { meeting: (note: Note) => ({ __typename: 'Meeting', id: note.meetingId }) },
    Meeting: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      notes: (meeting: { id: string }, args: { first: number; after?: string | null }) =>
        page(
          notes()
            .filter((n) => n.meetingId === meeting.id)
            .map(noteNode),
          args.first,
          args.after,
        ),
    },
  };
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
}

const UNSERVED = { meetgraph: 'http://meetgraph.invalid/graphql', notes: 'http://notes.invalid/graphql' };
const services = (notesDefs: DocumentNode, urls = UNSERVED) => [
  { name: 'meetgraph', typeDefs: parse(subgraphSdl), url: urls.meetgraph },
  { name: 'notes', typeDefs: notesDefs, url: urls.notes },
];

/**
 * Fresh headers for every request: the Hive runtime adds a `content-length` to the object it is given, and a
 * shared object would then send that length with the next, different body (a request that never completes).
 */
const jsonHeaders = (): Record<string, string> => ({ 'content-type': 'application/json' });

const codes = (errors: ReadonlyArray<{ extensions?: Record<string, unknown>; message: string }> | undefined) =>
  (errors ?? []).map((e) => `${String(e.extensions?.code)} ${e.message.split('\n')[0]}`);

describe('composition beside another Relay subgraph', () => {
  it('marks PageInfo, the other value types and Query.node @shareable in the subgraph SDL only', () => {
    const subgraph = parse(subgraphSdl);
    const directivesOf = (type: string) => (objectType(subgraph, type).directives ?? []).map((d) => d.name.value);
    for (const type of ['PageInfo', 'SourceStatus', 'SourceError', 'Endpoint', 'MeetingConnection', 'MeetingEdge']) {
      expect(directivesOf(type)).toEqual(['shareable']);
    }
    for (const type of ['Meeting', 'Session', 'Participant', 'Recording', 'ConnectionReport']) expect(directivesOf(type)).toEqual(['key']);
    const queryFields = objectType(subgraph, 'Query').fields ?? [];
    expect(queryFields.filter((f) => f.directives?.some((d) => d.name.value === 'shareable')).map((f) => f.name.value)).toEqual(['node']);
    expect(directivesOf('Query')).toEqual([]);
    expect(directivesOf('Mutation')).toEqual([]);
    expect(plainSdl).not.toContain('@shareable');
    expect(plainSdl).not.toContain('@key');
  });

  it('without @shareable fails exactly as a company supergraph reported it (3 INVALID_FIELD_SHARING)', () => {
    const unshared = subgraphSdl.replace(/(?<!")@shareable\b(?!")/g, '');
    const planted = [
      { name: 'meetgraph', typeDefs: parse(unshared), url: 'http://meetgraph.invalid/graphql' },
      { name: 'notes', typeDefs: notesTypeDefs(sharedPageInfo), url: 'http://notes.invalid/graphql' },
    ];
    const expected = ['PageInfo.hasNextPage', 'PageInfo.endCursor', 'Query.node'].map((field) =>
      expect.stringContaining(`INVALID_FIELD_SHARING Non-shareable field "${field}"`),
    );
    for (const result of [composeWithApollo(planted), composeWithGuild(planted)]) {
      expect(codes(result.errors)).toEqual(expect.arrayContaining(expected));
      expect(codes(result.errors).every((c) => c.startsWith('INVALID_FIELD_SHARING'))).toBe(true);
    }
  });

  it('composes with a four-field Relay PageInfo once meetgraph resolves all four, and names what is missing until then', () => {
    const relay = services(notesTypeDefs(RELAY_PAGE_INFO));
    for (const result of [composeWithApollo(relay), composeWithGuild(relay)]) {
      if (missingRelayFields.length === 0) {
        expect(codes(result.errors)).toEqual([]);
      } else {
        // A PageInfo reached through meetgraph cannot get a field only the other subgraph resolves (no @key on a value type).
        expect(result.errors?.length).toBeGreaterThan(0);
        for (const error of result.errors ?? []) {
          expect(error.extensions?.code).toBe('SATISFIABILITY_ERROR');
          expect(missingRelayFields.some((f) => error.message.includes(`cannot find field "PageInfo.${f}"`))).toBe(true);
        }
      }
    }
  });

  it('composes with both implementations when both subgraphs resolve the same PageInfo fields', () => {
    const apollo = composeWithApollo(services(notesTypeDefs(sharedPageInfo)));
    expect(codes(apollo.errors)).toEqual([]);
    // Apollo hints (never errors) that Query.node has other runtime types in each subgraph: the gateway asks one of them.
    const hints = (apollo.hints ?? []).map((h) => h.definition.code);
    expect(hints.filter((c) => c !== 'INCONSISTENT_RUNTIME_TYPES_FOR_SHAREABLE_RETURN')).toEqual([]);
    expect(codes(composeWithGuild(services(notesTypeDefs(sharedPageInfo))).errors)).toEqual([]);
  });
});

describe('queries through Apollo Gateway and Hive Gateway that need both subgraphs', () => {
  let vconnct: RunningSimulator;
  let meetgraph: TestApi;
  let notesServer: ApolloServer;
  let apolloGateway: ApolloServer;
  let apolloUrl: string;
  let hive: ReturnType<typeof createGatewayRuntime>;
  let notes: Note[] = [];
  let direct: { nodes: Array<{ id: string; title: string }>; pageInfo: Record<string, unknown> };

  const post = async (ask: (body: string) => Promise<Response>, query: string) => {
    const response = await ask(JSON.stringify({ query }));
    return (await response.json()) as { data?: any; errors?: any[] };
  };
  const askApollo = (body: string) => fetch(apolloUrl, { method: 'POST', headers: jsonHeaders(), body });
  const askHive = (body: string) =>
    Promise.resolve(hive.fetch('http://hive-gateway.test/graphql', { method: 'POST', headers: jsonHeaders(), body }));
  const gateways = [
    ['Apollo Gateway', () => askApollo],
    ['Hive Gateway', () => askHive],
  ] as const;

  beforeAll(async () => {
    vconnct = await startVconnctSimulator({ seed: 5, size: 4 });
    meetgraph = await startApi({
      server: { subgraph: true },
      connections: [{ id: 'vc', vendor: 'vconnct', baseUrl: vconnct.url, credentials: { license: VCONNCT_SANDBOX_LICENSE } }],
    });
    const listed = await meetgraph.gql(`{ meetings(first: 3) { nodes { id title } pageInfo { ${sharedPageInfo.join(' ')} } } }`);
    direct = listed.body.data.meetings;
    expect(direct.nodes).toHaveLength(3);
    // Two notes on the first meeting, one on the second, none on the third.
    const [first, second] = direct.nodes as Array<{ id: string }>;
    if (!first || !second) throw new Error('the simulator seeded fewer than two meetings');
    notes = [
      { id: 'Note:1', text: 'agenda', meetingId: first.id },
      { id: 'Note:2', text: 'minutes', meetingId: first.id },
      { id: 'Note:3', text: 'follow-up', meetingId: second.id },
    ];

    const notesDefs = notesTypeDefs(sharedPageInfo);
    notesServer = new ApolloServer({ schema: notesSubgraph(notesDefs, () => notes), plugins: [ApolloServerPluginInlineTraceDisabled()] });
    const { url: notesUrl } = await startStandaloneServer(notesServer, { listen: { port: 0, host: '127.0.0.1' } });
    const urls = { meetgraph: meetgraph.url, notes: notesUrl };

    const apollo = composeWithApollo(services(notesDefs, urls));
    expect(codes(apollo.errors)).toEqual([]);
    apolloGateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: apollo.supergraphSdl as string }) });
    ({ url: apolloUrl } = await startStandaloneServer(apolloGateway, { listen: { port: 0, host: '127.0.0.1' } }));

    const guild = composeWithGuild(services(notesDefs, urls));
    expect(codes(guild.errors)).toEqual([]);
    hive = createGatewayRuntime({ supergraph: guild.supergraphSdl as string, transports: { http: httpTransport }, logging: false });
  });

  afterAll(async () => {
    await hive?.dispose();
    await apolloGateway?.stop();
    await notesServer?.stop();
    await meetgraph?.stop();
    await vconnct?.close();
  });

  describe.each(gateways)('%s', (_name, asker) => {
    it('lists meetgraph meetings with the other subgraph’s notes, each list with its own PageInfo', async () => {
      const res = await post(
        asker(),
        `{ meetings(first: 3) {
             nodes { id title notes(first: 1) { nodes { id text } pageInfo { ${sharedPageInfo.join(' ')} } } }
             pageInfo { ${sharedPageInfo.join(' ')} }
             sources { connection { id } state }
           } }`,
      );
      expect(res.errors).toBeUndefined();
      const meetings = res.data.meetings;
      expect(meetings.nodes.map((m: any) => [m.id, m.title])).toEqual(direct.nodes.map((m) => [m.id, m.title]));
      expect(meetings.pageInfo).toEqual(direct.pageInfo);
      expect(meetings.pageInfo.hasNextPage).toBe(true);
      expect(meetings.sources).toEqual([{ connection: { id: 'VendorConnection:vc:vc' }, state: 'COMPLETE' }]);
      // From the notes data above: the first meeting has two notes (one per page), the second one, the third none.
      expect(meetings.nodes.map((m: any) => m.notes.nodes.map((n: any) => n.text))).toEqual([['agenda'], ['follow-up'], []]);
      expect(meetings.nodes.map((m: any) => m.notes.pageInfo.hasNextPage)).toEqual([true, false, false]);
      if (sharedPageInfo.includes('endCursor')) expect(meetings.nodes[0].notes.pageInfo.endCursor).toBe('Note:1');
    });

    it('resolves the meetings the other subgraph’s notes point at through meetgraph', async () => {
      const pageInfo = sharedPageInfo.join(' ');
      const res = await post(asker(), `{ notes(first: 10) { nodes { id meeting { id title status } } pageInfo { ${pageInfo} } } }`);
      expect(res.errors).toBeUndefined();
      const titles = new Map(direct.nodes.map((m) => [m.id, m.title]));
      const expected = notes.map((n) => [n.id, n.meetingId, titles.get(n.meetingId)]);
      expect(res.data.notes.nodes.map((n: any) => [n.id, n.meeting.id, n.meeting.title])).toEqual(expected);
      for (const note of res.data.notes.nodes) expect(['LIVE', 'IDLE']).toContain(note.meeting.status);
      expect(res.data.notes.pageInfo.hasNextPage).toBe(false);
    });

    it('answers node(id:) for a meetgraph meeting with fields of both subgraphs, whichever subgraph the gateway asks', async () => {
      const meeting = direct.nodes[0]!;
      const query = `{ node(id: ${JSON.stringify(meeting.id)}) { id ... on Meeting { title notes { nodes { text } } } } }`;
      const res = await post(asker(), query);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toEqual({ id: meeting.id, title: meeting.title, notes: { nodes: [{ text: 'agenda' }, { text: 'minutes' }] } });
    });
  });
});
