import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { ALFAVIEW_SANDBOX_CREDENTIALS, startAlfaviewSimulator } from '../../datasources/alfaview/simulator.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE } from '../../datasources/vconnct/simulator.js';
import { buildMeetgraphSchema } from '../../src/schema.js';
import { buildMeetgraphSubgraph, printMeetgraphSubgraph } from '../../src/subgraph.js';
import { startApi, type TestApi } from '../helpers/api.js';

/** A second team's subgraph: it pins meetings and adds its own `notes` field to meetgraph's Meeting. */
function notesSubgraph(pinned: () => string[]) {
  const typeDefs = parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Meeting @key(fields: "id") {
      id: ID!
      notes: [String!]!
    }
    type Query {
      pinnedMeetings: [Meeting!]!
    }
  `);
  const resolvers = {
    Query: { pinnedMeetings: () => pinned().map((id) => ({ id })) },
    Meeting: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      notes: (meeting: { id: string }) => [`agenda for ${meeting.id.split(':')[1]}`],
    },
  };
  return { typeDefs, schema: buildSubgraphSchema({ typeDefs, resolvers }) };
}

const post = async (url: string, query: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: any; errors?: any[] };
};

describe('meetgraph as an Apollo Federation 2 subgraph', () => {
  let vconnct: RunningSimulator;
  let alfaview: RunningSimulator;
  let meetgraph: TestApi;
  let notes: ApolloServer;
  let gateway: ApolloServer;
  let gatewayUrl: string;
  let pinned: string[] = [];

  beforeAll(async () => {
    vconnct = await startVconnctSimulator({ seed: 3, size: 6 });
    alfaview = await startAlfaviewSimulator({ seed: 3 });
    meetgraph = await startApi({
      server: { subgraph: true },
      connections: [
        { id: 'vc', vendor: 'vconnct', baseUrl: vconnct.url, credentials: { license: VCONNCT_SANDBOX_LICENSE } },
        { id: 'alfa', vendor: 'alfaview', baseUrl: alfaview.url, credentials: ALFAVIEW_SANDBOX_CREDENTIALS },
      ],
    });
    const notesParts = notesSubgraph(() => pinned);
    notes = new ApolloServer({ schema: notesParts.schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
    const { url: notesUrl } = await startStandaloneServer(notes, { listen: { port: 0, host: '127.0.0.1' } });

    const committedSdl = readFileSync(new URL('../../schema/subgraph.graphql', import.meta.url), 'utf8');
    const composed = composeServices([
      { name: 'meetgraph', typeDefs: parse(committedSdl), url: meetgraph.url },
      { name: 'notes', typeDefs: notesParts.typeDefs, url: notesUrl },
    ]);
    expect(composed.errors).toBeUndefined();
    gateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl as string }) });
    ({ url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0, host: '127.0.0.1' } }));
  });

  afterAll(async () => {
    await gateway?.stop();
    await notes?.stop();
    await meetgraph?.stop();
    await vconnct?.close();
    await alfaview?.close();
  });

  it('commits schema/subgraph.graphql with the federation directives, matching the code', async () => {
    const committed = readFileSync(new URL('../../schema/subgraph.graphql', import.meta.url), 'utf8');
    expect(printMeetgraphSubgraph(buildMeetgraphSubgraph(await buildMeetgraphSchema()))).toBe(committed);
    for (const type of ['Meeting', 'Session', 'Participant', 'Recording', 'ConnectionReport']) {
      expect(committed).toMatch(new RegExp(`type ${type} implements Node\\s+@key\\(fields: "id"\\)`));
    }
    const service = await post(meetgraph.url, '{ _service { sdl } }');
    expect(service.data._service.sdl).toContain('@key(fields: "id")');
  });

  it('resolves meetings pinned by another subgraph through batched _entities calls', async () => {
    const direct = await post(meetgraph.url, '{ meetings(first: 100) { nodes { id title status } } }');
    const all = direct.data.meetings.nodes as Array<{ id: string; title: string; status: string }>;
    pinned = all.map((m) => m.id);
    const vconnctCount = pinned.filter((id) => id.startsWith('Meeting:vc:')).length;
    expect(vconnctCount).toBe(6);
    expect(pinned.length).toBeGreaterThan(vconnctCount);
    vconnct.control.resetCalls();
    alfaview.control.resetCalls();

    const res = await post(
      gatewayUrl,
      '{ pinnedMeetings { id title status notes sessions(first: 5) { nodes { id } sources { state } } } }',
    );
    // alfaview rooms have no sessions: each says so in its own sources, and the rest of the answer stands.
    expect(res.errors).toBeUndefined();
    const alfaviewRooms = res.data.pinnedMeetings.filter((m: any) => m.id.startsWith('Meeting:alfa:'));
    expect(alfaviewRooms.length).toBeGreaterThan(0);
    for (const room of alfaviewRooms) expect(room.sessions).toEqual({ nodes: [], sources: [{ state: 'UNSUPPORTED' }] });
    expect(res.data.pinnedMeetings.map((m: any) => [m.id, m.title, m.status])).toEqual(all.map((m) => [m.id, m.title, m.status]));
    expect(res.data.pinnedMeetings[0].notes).toEqual([`agenda for ${pinned[0]!.split(':')[1]}`]);
    expect(res.data.pinnedMeetings.filter((m: any) => m.id.startsWith('Meeting:vc:')).some((m: any) => m.sessions.nodes.length > 0)).toBe(
      true,
    );

    // One _entities request for all pinned meetings: one list per vendor, not one per meeting.
    expect(vconnct.control.calls('list_meetings')).toBe(1);
    expect(new Set(vconnct.control.details('list_sessions')).size).toBe(vconnctCount);
    expect(vconnct.control.calls('list_sessions')).toBe(vconnctCount);
    expect(alfaview.control.calls('roomService/list')).toBe(1);
    expect(alfaview.control.calls('roomService/status')).toBe(1);
  });

  it('extends meetgraph meetings with the other subgraph’s field', async () => {
    const res = await post(
      gatewayUrl,
      '{ meetings(first: 3, filter: { vendors: [VCONNCT] }) { nodes { id title notes } sources { state } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.meetings.nodes).toHaveLength(3);
    for (const meeting of res.data.meetings.nodes) expect(meeting.notes).toEqual([`agenda for vc`]);
    expect(res.data.meetings.sources).toEqual([{ state: 'COMPLETE' }]);
  });

  it('answers a bad entity reference with BAD_USER_INPUT', async () => {
    const res = await post(
      meetgraph.url,
      '{ _entities(representations: [{ __typename: "Meeting", id: "Session:vc:x" }]) { ... on Meeting { id } } }',
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
