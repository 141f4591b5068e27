import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { startApiWithConfig, type GqlResponse, type TestApi } from '../helpers/api.js';

/**
 * Bad input to every mutation and every list filter is refused before any vendor is asked: BAD_USER_INPUT,
 * `extensions.field` naming the argument (or variable) path, and zero requests at any of the five simulators.
 */

const HUGE = 'x'.repeat(900_000);
const MEETING = 'Meeting:vconnct-demo:1';

/** Characters that must never reach a vendor in a single-line text field. */
const BAD_TEXT: Array<[string, string]> = [
  ['NUL', '\u0000'],
  ['ESC', '\u001b'],
  ['TAB', '\t'],
  ['DEL', '\u007f'],
  ['C1 NEL', '\u0085'],
  ['RIGHT-TO-LEFT OVERRIDE', '\u202e'],
  ['LEFT-TO-RIGHT EMBEDDING', '\u202a'],
  ['FIRST STRONG ISOLATE', '\u2068'],
  ['CR', '\r'],
  ['LF', '\n'],
  ['lone high surrogate', '\ud800'],
  ['lone low surrogate', '\udc00'],
];

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  field: string;
}

const CREATE = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { id } }`;
const START = `mutation($id: ID!, $input: StartSessionInput) { startSession(meetingId: $id, input: $input) { url } }`;
const JOIN = `mutation($id: ID!, $input: JoinLinkInput!) { createJoinLink(meetingId: $id, input: $input) { url } }`;
const ACCOUNT = `mutation($c: ID!, $input: AllocloudAccountInput!) { createAllocloudAccount(connectionId: $c, input: $input) { id } }`;
const account = (overrides: Record<string, unknown>) => ({
  accountType: 'premium',
  adminFirstname: 'Ada',
  adminLastname: 'Lovelace',
  adminEmail: 'ada@example.com',
  adminPreferredLanguage: 'en',
  paidUntil: '2030-01-01T00:00:00Z',
  ...overrides,
});
const create = (overrides: Record<string, unknown>) => ({ input: { connectionId: 'vconnct-demo', title: 'Planning', ...overrides } });

const MUTATION_CASES: Case[] = [
  ...BAD_TEXT.map(([name, c]): Case => ({
    name: `createMeeting title with ${name}`,
    query: CREATE,
    variables: create({ title: `Plan${c}ning` }),
    field: 'input.title',
  })),
  {
    name: 'createMeeting description with NUL',
    query: CREATE,
    variables: create({ description: 'a\nb\u0000' }),
    field: 'input.description',
  },
  {
    name: 'createMeeting description with bidi',
    query: CREATE,
    variables: create({ description: 'a\n\u202eb' }),
    field: 'input.description',
  },
  {
    name: 'createMeeting startsAt in year 1',
    query: CREATE,
    variables: create({ startsAt: '0001-01-01T00:00:00Z' }),
    field: 'input.startsAt',
  },
  {
    name: 'createMeeting startsAt in 1900',
    query: CREATE,
    variables: create({ startsAt: '1900-01-01T00:00:00Z' }),
    field: 'input.startsAt',
  },
  { name: 'createMeeting endsAt in 9999', query: CREATE, variables: create({ endsAt: '9999-12-31T00:00:00Z' }), field: 'input.endsAt' },
  {
    name: 'createMeeting literal startsAt in 1969',
    query: `mutation { createMeeting(input: { connectionId: "vconnct-demo", title: "x", startsAt: "1969-12-31T23:59:59Z" }) { id } }`,
    field: 'input.startsAt',
  },
  {
    name: 'createMeeting with a 900 KB connectionId',
    query: CREATE,
    variables: create({ connectionId: HUGE }),
    field: 'input.connectionId',
  },
  {
    name: 'createMeeting invitee name with CR',
    query: CREATE,
    variables: create({ participants: [{ email: 'a@example.com' }, { displayName: 'Eve\rAdmin', email: 'e@example.com' }] }),
    field: 'input.participants[1].displayName',
  },
  {
    name: 'createMeeting moderator password with NUL',
    query: CREATE,
    variables: create({ moderatorPassword: 'pw\u0000' }),
    field: 'input.moderatorPassword',
  },
  {
    name: 'createMeeting setting value with bidi',
    query: CREATE,
    variables: create({ settings: [{ name: 'welcome', value: { text: 'hi\u202e' } }] }),
    field: 'input.settings[0].value',
  },
  {
    name: 'updateMeeting title with RLO',
    query: UPDATE,
    variables: { id: MEETING, input: { title: 'evil\u202etxt.exe' } },
    field: 'input.title',
  },
  { name: 'updateMeeting with a 900 KB id', query: UPDATE, variables: { id: HUGE, input: { title: 'x' } }, field: 'id' },
  {
    name: 'updateMeeting startsAt after 2100',
    query: UPDATE,
    variables: { id: MEETING, input: { startsAt: '2100-01-01T00:00:01Z' } },
    field: 'input.startsAt',
  },
  {
    name: 'deleteMeeting with a 900 KB id',
    query: `mutation($id: ID!) { deleteMeeting(id: $id) }`,
    variables: { id: HUGE },
    field: 'id',
  },
  {
    name: 'deleteMeeting id with NUL',
    query: `mutation($id: ID!) { deleteMeeting(id: $id) }`,
    variables: { id: `${MEETING}\u0000` },
    field: 'id',
  },
  {
    name: 'startSession host name with LF',
    query: START,
    variables: { id: MEETING, input: { hostName: 'Dana\nroot' } },
    field: 'input.hostName',
  },
  {
    name: 'startSession title with a lone surrogate',
    query: START,
    variables: { id: MEETING, input: { title: 'run \udfff' } },
    field: 'input.title',
  },
  { name: 'startSession with a 900 KB id', query: START, variables: { id: HUGE }, field: 'meetingId' },
  {
    name: 'endSession with a 900 KB id',
    query: `mutation($id: ID!) { endSession(meetingId: $id) { id } }`,
    variables: { id: HUGE },
    field: 'meetingId',
  },
  {
    name: 'createJoinLink display name with ESC',
    query: JOIN,
    variables: { id: MEETING, input: { displayName: 'Sam\u001b[2J', role: 'PARTICIPANT' } },
    field: 'input.displayName',
  },
  {
    name: 'createJoinLink expiresAt in 2200',
    query: JOIN,
    variables: { id: MEETING, input: { displayName: 'Sam', role: 'PARTICIPANT', expiresAt: '2200-01-01T00:00:00Z' } },
    field: 'input.expiresAt',
  },
  {
    name: 'createJoinLink unknown role',
    query: JOIN,
    variables: { id: MEETING, input: { displayName: 'Sam', role: 'OWNER' } },
    field: 'input.role',
  },
  {
    name: 'createAllocloudAccount paidUntil in 1900',
    query: ACCOUNT,
    variables: { c: 'allocloud-demo', input: account({ paidUntil: '1900-01-01T00:00:00Z' }) },
    field: 'input.paidUntil',
  },
  {
    name: 'createAllocloudAccount name with bidi',
    query: ACCOUNT,
    variables: { c: 'allocloud-demo', input: account({ adminLastname: 'Lo\u2066velace' }) },
    field: 'input.adminLastname',
  },
  {
    name: 'createAllocloudAccount with a 900 KB connectionId',
    query: ACCOUNT,
    variables: { c: HUGE, input: account({}) },
    field: 'connectionId',
  },
];

const LISTS: Array<[string, string]> = [
  ['meetings', 'MeetingFilter'],
  ['sessions', 'SessionFilter'],
  ['recordings', 'RecordingFilter'],
  ['connectionReports', 'ConnectionReportFilter'],
];

const FILTER_CASES: Case[] = LISTS.flatMap(([list, type]): Case[] => {
  const q = `query($filter: ${type}) { ${list}(filter: $filter) { nodes { id } } }`;
  return [
    { name: `${list} from in 1900`, query: q, variables: { filter: { from: '1900-01-01T00:00:00Z' } }, field: 'filter.from' },
    { name: `${list} to in 9999`, query: q, variables: { filter: { to: '9999-01-01T00:00:00Z' } }, field: 'filter.to' },
    {
      name: `${list} literal from in year 1`,
      query: `{ ${list}(filter: { from: "0001-01-01T00:00:00Z" }) { nodes { id } } }`,
      field: 'filter.from',
    },
    {
      name: `${list} to before from`,
      query: q,
      variables: { filter: { from: '2030-01-02T00:00:00Z', to: '2030-01-01T00:00:00Z' } },
      field: 'filter.to',
    },
    {
      name: `${list} with a 900 KB connection id`,
      query: q,
      variables: { filter: { connectionIds: ['vconnct-demo', HUGE] } },
      field: 'filter.connectionIds',
    },
    {
      name: `${list} connection id with NUL`,
      query: q,
      variables: { filter: { connectionIds: ['vconnct-demo\u0000'] } },
      field: 'filter.connectionIds',
    },
    {
      name: `${list} unknown vendor in a variable`,
      query: q,
      variables: { filter: { vendors: ['VCONNCT', 'ZOOM'] } },
      field: 'filter.vendors[1]',
    },
    { name: `${list} first: 10000000000`, query: `{ ${list}(first: 10000000000) { nodes { id } } }`, field: 'first' },
    {
      name: `${list} first: 10000000000 as a variable`,
      query: `query($first: Int!) { ${list}(first: $first) { nodes { id } } }`,
      variables: { first: 10_000_000_000 },
      field: 'first',
    },
    { name: `${list} first: 0`, query: `{ ${list}(first: 0) { nodes { id } } }`, field: 'first' },
    { name: `${list} bad DateTime`, query: q, variables: { filter: { from: 'yesterday' } }, field: 'filter.from' },
  ];
});

const SEARCH_CASES: Case[] = [
  {
    name: 'meetings search with NUL',
    query: `query($s: String) { meetings(filter: { search: $s }) { nodes { id } } }`,
    variables: { s: 'a\u0000' },
    field: 'filter.search',
  },
  {
    name: 'connectionReports search with RLO',
    query: `query($s: String) { connectionReports(filter: { search: $s }) { nodes { id } } }`,
    variables: { s: '\u202e' },
    field: 'filter.search',
  },
  {
    name: 'meetings unknown status in a variable',
    query: `query($f: MeetingFilter) { meetings(filter: $f) { nodes { id } } }`,
    variables: { f: { status: ['NOPE'] } },
    field: 'f.status[0]',
  },
  {
    name: 'meetings with 10,000 statuses',
    query: `query($f: MeetingFilter) { meetings(filter: $f) { nodes { id } } }`,
    variables: { f: { status: Array.from({ length: 10_000 }, () => 'LIVE') } },
    field: 'filter.status',
  },
  {
    name: 'meetings unknown kind as a literal',
    query: `{ meetings(filter: { kind: [ROOM, BUNKER] }) { nodes { id } } }`,
    field: 'filter.kind[1]',
  },
  {
    name: 'node with a 900 KB id',
    query: `query($id: ID!) { node(id: $id) { id } }`,
    variables: { id: `Meeting:vconnct-demo:${HUGE}` },
    field: 'id',
  },
  {
    name: 'meeting with a 900 KB id',
    query: `query($id: ID!) { meeting(id: $id) { id } }`,
    variables: { id: `Meeting:vconnct-demo:${HUGE}` },
    field: 'id',
  },
  { name: 'meeting sessions first: -1', query: `{ meeting(id: "${MEETING}") { sessions(first: -1) { nodes { id } } } }`, field: 'first' },
];

describe('bad input is refused before any vendor call', () => {
  let sandbox: Sandbox;
  let api: TestApi;
  const vendorCalls = (): number => Object.values(sandbox.simulators).reduce((sum, s) => sum + (s?.control.calls() ?? 0), 0);

  beforeAll(async () => {
    sandbox = await startSandbox({});
    api = await startApiWithConfig(sandbox.config);
  });
  afterAll(async () => {
    await api?.stop();
    await sandbox?.close();
  });
  beforeEach(() => {
    for (const s of Object.values(sandbox.simulators)) s?.control.resetCalls();
  });

  function expectRefused(res: GqlResponse, field: string): void {
    const errors = res.body.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((e) => [e.extensions?.code, e.extensions?.field])).toContainEqual(['BAD_USER_INPUT', field]);
    for (const error of errors) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    // Nothing was fetched: the field that was asked for is null (or there is no data at all).
    expect(Object.values(res.body.data ?? {}).every((v) => v === null)).toBe(true);
    // The offending value is never echoed whole.
    expect(JSON.stringify(res.body).length).toBeLessThan(4000);
    expect(vendorCalls()).toBe(0);
  }

  it.each(MUTATION_CASES.map((c) => [c.name, c] as const))('mutation: %s', async (_name, c) => {
    expectRefused(await api.gql(c.query, c.variables), c.field);
  });

  it.each(FILTER_CASES.map((c) => [c.name, c] as const))('filter: %s', async (_name, c) => {
    expectRefused(await api.gql(c.query, c.variables), c.field);
  });

  it.each(SEARCH_CASES.map((c) => [c.name, c] as const))('query: %s', async (_name, c) => {
    expectRefused(await api.gql(c.query, c.variables), c.field);
  });

  it('never echoes a 900 KB id, even in part beyond a short prefix', async () => {
    const res = await api.gql(CREATE, create({ connectionId: HUGE }));
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('x'.repeat(100));
    const literal = await api.gql(`{ meetings(filter: { from: "${'9'.repeat(100_000)}" }) { nodes { id } } }`);
    expect(literal.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.from' });
    expect(JSON.stringify(literal.body)).not.toContain('9'.repeat(100));
  });

  it('accepts the edges of the date range and multi-line descriptions (control: the checks are not over-broad)', async () => {
    const range = await api.gql(`query($f: MeetingFilter) { meetings(filter: $f, first: 1) { nodes { id } } }`, {
      f: { from: '1970-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', search: 'Plan – ünïcödé 🙂' },
    });
    expect((res(range) as string[]).filter((code) => code === 'BAD_USER_INPUT')).toEqual([]);
    expect(vendorCalls()).toBeGreaterThan(0);
  });
});

function res(response: GqlResponse): string[] {
  return (response.body.errors ?? []).map((e) => String(e.extensions?.code));
}
