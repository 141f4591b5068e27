import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE } from '../../datasources/vconnct/simulator.js';
import { startApi, type GqlResponse, type TestApi } from '../helpers/api.js';

/**
 * A client scoped to some connections must not learn which other connections exist: asking for another
 * client's connection (or anything in it) gets exactly the answer asking for one that does not exist gets.
 */

const KEY_A = 'client-a-key-0123456789';
const KEY_B = 'client-b-key-0123456789';

describe('scoped clients and unknown connections', () => {
  let sim: RunningSimulator;
  let api: TestApi;

  beforeAll(async () => {
    sim = await startVconnctSimulator({ seed: 5, size: 3 });
    const connection = (id: string) => ({ id, vendor: 'vconnct', baseUrl: sim.url, credentials: { license: VCONNCT_SANDBOX_LICENSE } });
    api = await startApi({
      clients: [
        { name: 'a', apiKey: KEY_A, connections: ['mine'] },
        { name: 'b', apiKey: KEY_B, connections: ['theirs'] },
      ],
      connections: [connection('mine'), connection('theirs')],
    });
  });
  afterAll(async () => {
    await api?.stop();
    await sim?.close();
  });
  beforeEach(() => sim.control.resetCalls());

  /** The answer with the connection id masked, so "theirs" and "ghost" can be compared as shapes. */
  const shape = (res: GqlResponse, id: string) => ({
    status: res.status,
    data: res.body.data,
    errors: (res.body.errors ?? []).map((e) => ({ ...e, message: e.message.split(id).join('<id>') })),
  });
  const asA = (query: string, variables?: Record<string, unknown>) => api.gql(query, variables, { authorization: `Bearer ${KEY_A}` });

  const PROBES: Array<[string, (id: string) => [string, Record<string, unknown>?]]> = [
    ['node(id:) of a meeting', (id) => [`query($id: ID!) { node(id: $id) { id } }`, { id: `Meeting:${id}:1` }]],
    ['meeting(id:)', (id) => [`query($id: ID!) { meeting(id: $id) { id } }`, { id: `Meeting:${id}:1` }]],
    ['node(id:) of the connection', (id) => [`query($id: ID!) { node(id: $id) { id } }`, { id: `VendorConnection:${id}:${id}` }]],
    ['a list filtered to it', (id) => [`query($c: [ID!]) { meetings(filter: { connectionIds: $c }) { nodes { id } } }`, { c: [id] }]],
    ['createMeeting in it', (id) => [`mutation($c: ID!) { createMeeting(input: { connectionId: $c, title: "x" }) { id } }`, { c: id }]],
    ['deleteMeeting of a meeting in it', (id) => [`mutation($m: ID!) { deleteMeeting(id: $m) }`, { m: `Meeting:${id}:1` }]],
  ];

  it.each(PROBES)('%s: "not yours" and "does not exist" answer alike, NOT_FOUND', async (_name, probe) => {
    const [query, theirsVars] = probe('theirs');
    const [, ghostVars] = probe('ghost');
    const theirs = await asA(query, theirsVars);
    const ghost = await asA(query, ghostVars);
    expect(theirs.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(shape(theirs, 'theirs')).toEqual(shape(ghost, 'ghost'));
    expect(sim.control.calls()).toBe(0);
  });

  it('still serves the client its own connection, and the other client its own', async () => {
    const mine = await asA(`{ meetings { nodes { id } sources { connection { id } state } } }`);
    expect(mine.body.data.meetings.sources).toEqual([{ connection: { id: 'VendorConnection:mine:mine' }, state: 'COMPLETE' }]);
    const theirs = await api.gql(`{ connections { id } }`, undefined, { authorization: `Bearer ${KEY_B}` });
    expect(theirs.body.data.connections).toEqual([{ id: 'VendorConnection:theirs:theirs' }]);
  });
});
