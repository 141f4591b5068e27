import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE, type VconnctSimulatorState } from '../../datasources/vconnct/simulator.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { codes, startApi, type TestApi } from '../helpers/api.js';

const connection = (id: string, sim: RunningSimulator, license = VCONNCT_SANDBOX_LICENSE) => ({
  id,
  vendor: 'vconnct',
  baseUrl: sim.url,
  credentials: { license },
});

const MEETINGS_DEEP = /* GraphQL */ `
  query Deep($first: Int) {
    meetings(first: $first) {
      nodes {
        id title status kind
        sessions(first: 10) { nodes { id live startedAt participants { id displayName presence } recordings { id url mediaType } } sources { state } }
      }
      sources { state connection { id } }
    }
  }
`;

describe('VConnct through the GraphQL API', () => {
  let sim: RunningSimulator<VconnctSimulatorState>;
  let api: TestApi;

  beforeAll(async () => {
    sim = await startVconnctSimulator({ seed: 7, size: 6 });
    api = await startApi({ connections: [connection('vc', sim)] });
  });
  afterAll(async () => {
    await api.stop();
    await sim.close();
  });
  beforeEach(() => {
    sim.control.resetCalls();
    sim.control.clearFaults();
  });

  it('lists meetings with their sessions, attendance and recordings in one query', async () => {
    const res = await api.gql(MEETINGS_DEEP, { first: 20 });
    expect(res.body.errors).toBeUndefined();
    const meetings = res.body.data.meetings.nodes;
    expect(meetings).toHaveLength(6);
    expect(res.body.data.meetings.sources).toEqual([{ state: 'COMPLETE', connection: { id: 'VendorConnection:vc:vc' } }]);
    const sessions = meetings.flatMap((m: any) => m.sessions.nodes);
    expect(sessions.length).toBeGreaterThan(0);
    const ended = sessions.filter((s: any) => !s.live);
    expect(ended.some((s: any) => s.participants.length > 0 && s.participants.every((p: any) => p.presence === 'LEFT'))).toBe(true);
    expect(ended.some((s: any) => s.recordings.some((r: any) => r.mediaType === 'PLAYBACK_PAGE' && /^http/.test(r.url)))).toBe(true);
    expect(meetings.some((m: any) => m.status === 'LIVE')).toBe(true);
    expect(meetings.every((m: any) => m.kind === 'ROOM')).toBe(true);
  });

  it('asks each distinct vendor resource exactly once per request (batching)', async () => {
    const res = await api.gql(MEETINGS_DEEP, { first: 20 });
    expect(res.body.errors).toBeUndefined();
    const meetings = res.body.data.meetings.nodes;
    const sessionCount = meetings.reduce((n: number, m: any) => n + m.sessions.nodes.length, 0);
    expect(sim.control.calls('list_meetings')).toBe(1);
    const sessionLists = sim.control.details('list_sessions');
    expect(sessionLists).toHaveLength(meetings.length);
    expect(new Set(sessionLists).size).toBe(meetings.length);
    const attendance = sim.control.details('list_attendance');
    expect(attendance).toHaveLength(sessionCount);
    expect(new Set(attendance).size).toBe(sessionCount);
    const records = sim.control.details('get_record');
    expect(new Set(records).size).toBe(records.length);
    expect(records.length).toBeLessThanOrEqual(sessionCount);
  });

  it('pages through meetings with cursors, every item exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: any = await api.gql('query($after: String) { meetings(first: 4, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }', { after });
      expect(res.body.errors).toBeUndefined();
      seen.push(...res.body.data.meetings.nodes.map((n: any) => n.id));
      after = res.body.data.meetings.pageInfo.hasNextPage ? res.body.data.meetings.pageInfo.endCursor : null;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('creates, updates, starts, joins as moderator and viewer, ends and deletes a meeting', async () => {
    const created = await api.gql(
      `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id title description status settings { name value } } }`,
      { input: { connectionId: 'vc', title: 'Quarterly planning', description: 'Welcome!', moderatorPassword: 'mod-secret', settings: [{ name: 'record', value: true }] } },
    );
    expect(created.body.errors).toBeUndefined();
    const meeting = created.body.data.createMeeting;
    expect(meeting.title).toBe('Quarterly planning');
    expect(meeting.status).toBe('IDLE');
    expect(meeting.settings).toHaveLength(10);
    expect(meeting.settings).toContainEqual({ name: 'record', value: true });

    const updated = await api.gql(`mutation($id: ID!) { updateMeeting(id: $id, input: { title: "Quarterly planning (moved)" }) { id title settings { name value } } }`, { id: meeting.id });
    expect(updated.body.errors).toBeUndefined();
    expect(updated.body.data.updateMeeting.title).toBe('Quarterly planning (moved)');
    expect(updated.body.data.updateMeeting.settings).toContainEqual({ name: 'record', value: true });

    const started = await api.gql(`mutation($id: ID!) { startSession(meetingId: $id, input: { hostName: "Dana" }) { url role } }`, { id: meeting.id });
    expect(started.body.errors).toBeUndefined();
    expect(started.body.data.startSession.role).toBe('MODERATOR');
    expect(started.body.data.startSession.url).toMatch(/checksum=/);

    const join = `mutation($id: ID!, $role: ParticipantRole!) { createJoinLink(meetingId: $id, input: { displayName: "Sam", role: $role }) { url role } }`;
    const asModerator = await api.gql(join, { id: meeting.id, role: 'MODERATOR' });
    const asViewer = await api.gql(join, { id: meeting.id, role: 'PARTICIPANT' });
    expect(asModerator.body.data.createJoinLink.role).toBe('MODERATOR');
    expect(asViewer.body.data.createJoinLink.role).toBe('PARTICIPANT');
    expect(asModerator.body.data.createJoinLink.url).not.toBe(asViewer.body.data.createJoinLink.url);

    const live = await api.gql(`query($id: ID!) { meeting(id: $id) { status sessions { nodes { live } } } }`, { id: meeting.id });
    expect(live.body.data.meeting.status).toBe('LIVE');
    expect(live.body.data.meeting.sessions.nodes).toEqual([{ live: true }]);

    const refused = await api.gql(`mutation($id: ID!) { deleteMeeting(meetingId: $id) }`, { id: meeting.id });
    expect(codes(refused)).toEqual(['VENDOR_REJECTED']);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ vendor: 'VCONNCT', connectionId: 'vc', retryable: false });

    const ended = await api.gql(`mutation($id: ID!) { endSession(meetingId: $id) { id status } }`, { id: meeting.id });
    expect(ended.body.errors).toBeUndefined();
    expect(ended.body.data.endSession.status).toBe('IDLE');

    const deleted = await api.gql(`mutation($id: ID!) { deleteMeeting(meetingId: $id) }`, { id: meeting.id });
    expect(deleted.body.data.deleteMeeting).toBe(meeting.id);
    const gone = await api.gql(`query($id: ID!) { meeting(id: $id) { id } }`, { id: meeting.id });
    expect(gone.body.data.meeting).toBeNull();
  });

  it('rejects bad input with BAD_USER_INPUT naming the field, before calling the vendor', async () => {
    const unknownSetting = await api.gql(`mutation { createMeeting(input: { connectionId: "vc", title: "x", settings: [{ name: "make_coffee", value: true }] }) { id } }`);
    expect(codes(unknownSetting)).toEqual(['BAD_USER_INPUT']);
    expect(unknownSetting.body.errors?.[0]?.extensions?.field).toBe('input.settings');
    expect(unknownSetting.body.errors?.[0]?.message).toContain('make_coffee');
    expect(sim.control.calls('create_meeting')).toBe(0);

    const firstZero = await api.gql(`{ meetings(first: 0) { nodes { id } } }`);
    expect(codes(firstZero)).toEqual(['BAD_USER_INPUT']);
    expect(firstZero.body.errors?.[0]?.extensions?.field).toBe('first');

    const tooMany = await api.gql(`{ meetings(first: 101) { nodes { id } } }`);
    expect(tooMany.body.errors?.[0]?.extensions?.field).toBe('first');

    const malformed = await api.gql(`{ meeting(id: "not-an-id") { id } }`);
    expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(malformed.body.errors?.[0]?.extensions?.field).toBe('id');

    const wrongType = await api.gql(`{ meeting(id: "Session:vc:abc") { id } }`);
    expect(codes(wrongType)).toEqual(['BAD_USER_INPUT']);

    const unknownConnection = await api.gql(`{ meeting(id: "Meeting:nope:abc") { id } }`);
    expect(codes(unknownConnection)).toEqual(['NOT_FOUND']);

    const badTitle = await api.gql(`mutation { createMeeting(input: { connectionId: "vc", title: "" }) { id } }`);
    expect(badTitle.body.errors?.[0]?.extensions?.field).toBe('input.title');

    const endsBeforeStart = await api.gql(`mutation { createMeeting(input: { connectionId: "vc", title: "t", startsAt: "2026-01-02T10:00:00Z", endsAt: "2026-01-02T09:00:00Z" }) { id } }`);
    expect(endsBeforeStart.body.errors?.[0]?.extensions?.field).toBe('input.endsAt');

    const badRole = await api.gql(`mutation { createJoinLink(meetingId: "Meeting:vc:x", input: { displayName: "a", role: AGENT }) { url } }`);
    expect(codes(badRole)).toEqual(['BAD_USER_INPUT']);
    expect(badRole.body.errors?.[0]?.extensions?.field).toBe('input.role');

    const badCursor = await api.gql(`{ meetings(after: "garbage") { nodes { id } } }`);
    expect(badCursor.body.errors?.[0]?.extensions?.field).toBe('after');
  });

  it('refuses a cursor from another filter instead of skipping items', async () => {
    const first = await api.gql(`{ meetings(first: 2) { pageInfo { endCursor } } }`);
    const cursor = first.body.data.meetings.pageInfo.endCursor;
    const other = await api.gql(`query($after: String) { meetings(first: 2, after: $after, filter: { status: [LIVE] }) { nodes { id } } }`, { after: cursor });
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
    expect(other.body.errors?.[0]?.extensions?.field).toBe('after');
  });

  it('answers UNSUPPORTED_BY_VENDOR for what VConnct cannot do', async () => {
    const res = await api.gql(`{ connectionReports(filter: { vendors: [VCONNCT] }) { nodes { id } sources { state error { code } } } }`);
    expect(res.body.data.connectionReports.nodes).toEqual([]);
    expect(res.body.data.connectionReports.sources).toEqual([{ state: 'UNSUPPORTED', error: { code: 'UNSUPPORTED_BY_VENDOR' } }]);
    expect(codes(res)).toEqual(['UNSUPPORTED_BY_VENDOR']);
    expect(res.body.errors?.[0]?.path).toEqual(['connectionReports']);

    const implicit = await api.gql(`{ connectionReports { sources { state } } }`);
    expect(implicit.body.errors).toBeUndefined();
    expect(implicit.body.data.connectionReports.sources).toEqual([{ state: 'UNSUPPORTED' }]);
  });

  it('returns a typed vendor error and the rest of the data when one call fails', async () => {
    const list = await api.gql(`{ meetings(first: 20) { nodes { id nativeId } } }`);
    const victim = list.body.data.meetings.nodes[1];
    // Every attempt at this meeting's sessions fails (a read is tried three times).
    sim.control.inject({ operation: 'list_sessions', detail: victim.nativeId, action: { kind: 'status', status: 503 } });
    const res = await api.gql(MEETINGS_DEEP, { first: 20 });
    const meetings = res.body.data.meetings.nodes;
    expect(meetings).toHaveLength(6);
    const failedIndex = meetings.findIndex((m: any) => m.sessions.sources[0].state === 'FAILED');
    expect(failedIndex).toBeGreaterThanOrEqual(0);
    expect(meetings.filter((m: any) => m.sessions.sources[0].state === 'COMPLETE')).toHaveLength(5);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]).toMatchObject({
      path: ['meetings', 'nodes', failedIndex, 'sessions'],
      extensions: { code: 'VENDOR_UNAVAILABLE', vendor: 'VCONNCT', connectionId: 'vc', retryable: true },
    });
    expect(victim).toBeDefined();
  });

  it('never leaks the license in errors', async () => {
    sim.control.inject({ operation: 'list_meetings', action: { kind: 'status', status: 401, body: { status: false, status_code: 401, message: 'error', error_messages: [`license ${VCONNCT_SANDBOX_LICENSE} is not valid`] } }, times: 1 });
    const res = await api.gql(`{ meetings { nodes { id } sources { state error { code message } } } }`);
    expect(codes(res)).toEqual(['VENDOR_AUTH_FAILED']);
    expect(JSON.stringify(res.body)).not.toContain(VCONNCT_SANDBOX_LICENSE);
  });
});

describe('several VConnct connections in one list', () => {
  let a: RunningSimulator<VconnctSimulatorState>;
  let b: RunningSimulator<VconnctSimulatorState>;
  let api: TestApi;

  beforeAll(async () => {
    a = await startVconnctSimulator({ seed: 1, size: 5 });
    b = await startVconnctSimulator({ seed: 2, size: 7 });
    api = await startApi({ connections: [connection('vc-a', a), connection('vc-b', b)] });
  });
  afterAll(async () => {
    await api.stop();
    await a.close();
    await b.close();
  });

  it('pages across both with exact cursors: every meeting once, in order', async () => {
    const all = await api.gql(`{ meetings(first: 100, orderBy: TITLE_ASC) { nodes { id title } } }`);
    const expected = all.body.data.meetings.nodes.map((n: any) => n.id);
    expect(expected).toHaveLength(12);
    for (const size of [1, 3, 5]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const res: any = await api.gql(`query($after: String, $first: Int) { meetings(first: $first, after: $after, orderBy: TITLE_ASC) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after, first: size });
        seen.push(...res.body.data.meetings.nodes.map((n: any) => n.id));
        if (!res.body.data.meetings.pageInfo.hasNextPage) break;
        after = res.body.data.meetings.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    }
  });

  it('a failing connection never sinks the other: sources and errors name it', async () => {
    a.control.inject({ operation: 'list_meetings', action: { kind: 'status', status: 500 }, times: 1 });
    const res = await api.gql(`{ meetings(first: 100) { nodes { id } sources { state connection { id } error { code retryable } } } }`);
    expect(res.body.data.meetings.nodes).toHaveLength(7);
    expect(res.body.data.meetings.nodes.every((n: any) => n.id.startsWith('Meeting:vc-b:'))).toBe(true);
    expect(res.body.data.meetings.sources).toEqual([
      { state: 'FAILED', connection: { id: 'VendorConnection:vc-a:vc-a' }, error: { code: 'VENDOR_UNAVAILABLE', retryable: true } },
      { state: 'COMPLETE', connection: { id: 'VendorConnection:vc-b:vc-b' }, error: null },
    ]);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ['meetings'], extensions: expect.objectContaining({ code: 'VENDOR_UNAVAILABLE', connectionId: 'vc-a' }) })]);
  });

  it('filters by connection and resolves any id through node()', async () => {
    const res = await api.gql(`{ meetings(filter: { connectionIds: ["vc-b"] }, first: 1) { nodes { id } sources { connection { id } } } }`);
    expect(res.body.data.meetings.sources).toHaveLength(1);
    const id = res.body.data.meetings.nodes[0].id;
    const node = await api.gql(`query($id: ID!) { node(id: $id) { __typename id ... on Meeting { title connection { id vendor } } } }`, { id });
    expect(node.body.data.node).toMatchObject({ __typename: 'Meeting', id, connection: { id: 'VendorConnection:vc-b:vc-b', vendor: 'VCONNCT' } });
    const conn = await api.gql(`{ node(id: "VendorConnection:vc-a:vc-a") { __typename ... on VendorConnection { vendor capabilities } } }`);
    expect(conn.body.data.node.capabilities).toContain('LIST_MEETINGS');
  });
});
