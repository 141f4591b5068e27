import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE, type VconnctSimulatorState } from '../../datasources/vconnct/simulator.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { codes, expectNoSecretsSent, startApi, type TestApi } from '../helpers/api.js';

// The circuit breaker has its own suite (faults.api.test.ts); here one test's injected failures must not open
// the circuit for the next test.
const connection = (id: string, sim: RunningSimulator, license = VCONNCT_SANDBOX_LICENSE) => ({
  id,
  vendor: 'vconnct',
  baseUrl: sim.url,
  credentials: { license },
  breaker: { failures: 1_000 },
});

const STRICT = { 'x-meetgraph-errors': 'strict' };

const MEETINGS_DEEP = /* GraphQL */ `
  query Deep($first: Int) {
    meetings(first: $first) {
      nodes {
        id
        title
        status
        kind
        sessions(first: 10) {
          nodes {
            id
            live
            startedAt
            participants {
              id
              displayName
              presence
            }
            recordings {
              id
              url
              mediaType
            }
          }
          sources {
            state
          }
        }
      }
      sources {
        state
        connection {
          id
        }
      }
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
  afterEach(() => {
    expectNoSecretsSent(api, [VCONNCT_SANDBOX_LICENSE]);
  });

  /** The native id of a meeting that has sessions: the one whose calls a test makes fail. */
  async function victimMeeting(): Promise<string> {
    const res = await api.gql(`{ meetings(first: 20) { nodes { nativeId sessions(first: 1) { nodes { id } } } } }`);
    return res.body.data.meetings.nodes.find((m: any) => m.sessions.nodes.length > 0).nativeId;
  }

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
      const res: any = await api.gql(
        'query($after: String) { meetings(first: 4, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
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
      {
        input: {
          connectionId: 'vc',
          title: 'Quarterly planning',
          description: 'Welcome!',
          moderatorPassword: 'mod-secret',
          settings: [{ name: 'record', value: true }],
        },
      },
    );
    expect(created.body.errors).toBeUndefined();
    const meeting = created.body.data.createMeeting;
    expect(meeting.title).toBe('Quarterly planning');
    expect(meeting.status).toBe('IDLE');
    expect(meeting.settings).toHaveLength(10);
    expect(meeting.settings).toContainEqual({ name: 'record', value: true });

    const updated = await api.gql(
      `mutation($id: ID!) { updateMeeting(id: $id, input: { title: "Quarterly planning (moved)" }) { id title settings { name value } } }`,
      { id: meeting.id },
    );
    expect(updated.body.errors).toBeUndefined();
    expect(updated.body.data.updateMeeting.title).toBe('Quarterly planning (moved)');
    expect(updated.body.data.updateMeeting.settings).toContainEqual({ name: 'record', value: true });

    const started = await api.gql(`mutation($id: ID!) { startSession(meetingId: $id, input: { hostName: "Dana" }) { url role } }`, {
      id: meeting.id,
    });
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

    const refused = await api.gql(`mutation($id: ID!) { deleteMeeting(id: $id) }`, { id: meeting.id });
    expect(codes(refused)).toEqual(['VENDOR_REJECTED']);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ vendor: 'VCONNCT', connectionId: 'vc', retryable: false });

    const ended = await api.gql(`mutation($id: ID!) { endSession(meetingId: $id) { id status } }`, { id: meeting.id });
    expect(ended.body.errors).toBeUndefined();
    expect(ended.body.data.endSession.status).toBe('IDLE');

    const deleted = await api.gql(`mutation($id: ID!) { deleteMeeting(id: $id) }`, { id: meeting.id });
    expect(deleted.body.data.deleteMeeting).toBe(meeting.id);
    const gone = await api.gql(`query($id: ID!) { meeting(id: $id) { id } }`, { id: meeting.id });
    expect(gone.body.data.meeting).toBeNull();
  });

  it('rejects bad input with BAD_USER_INPUT naming the field, before calling the vendor', async () => {
    const unknownSetting = await api.gql(
      `mutation { createMeeting(input: { connectionId: "vc", title: "x", settings: [{ name: "make_coffee", value: true }] }) { id } }`,
    );
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

    const endsBeforeStart = await api.gql(
      `mutation { createMeeting(input: { connectionId: "vc", title: "t", startsAt: "2026-01-02T10:00:00Z", endsAt: "2026-01-02T09:00:00Z" }) { id } }`,
    );
    expect(endsBeforeStart.body.errors?.[0]?.extensions?.field).toBe('input.endsAt');

    const badRole = await api.gql(
      `mutation { createJoinLink(meetingId: "Meeting:vc:x", input: { displayName: "a", role: AGENT }) { url } }`,
    );
    expect(codes(badRole)).toEqual(['BAD_USER_INPUT']);
    expect(badRole.body.errors?.[0]?.extensions?.field).toBe('input.role');

    const badCursor = await api.gql(`{ meetings(after: "garbage") { nodes { id } } }`);
    expect(badCursor.body.errors?.[0]?.extensions?.field).toBe('after');
  });

  it('refuses a cursor from another filter instead of skipping items', async () => {
    const first = await api.gql(`{ meetings(first: 2) { pageInfo { endCursor } } }`);
    const cursor = first.body.data.meetings.pageInfo.endCursor;
    const other = await api.gql(
      `query($after: String) { meetings(first: 2, after: $after, filter: { status: [LIVE] }) { nodes { id } } }`,
      { after: cursor },
    );
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
    expect(other.body.errors?.[0]?.extensions?.field).toBe('after');
  });

  it('shows what VConnct cannot do as UNSUPPORTED in sources, never as an error, even when asked by name or strictly', async () => {
    const query = `{ connectionReports(filter: { vendors: [VCONNCT] }) { nodes { id } sources { state error { code } } } }`;
    for (const headers of [undefined, STRICT]) {
      const res = await api.gql(query, undefined, headers);
      expect(res.body.data.connectionReports.nodes).toEqual([]);
      expect(res.body.data.connectionReports.sources).toEqual([{ state: 'UNSUPPORTED', error: { code: 'UNSUPPORTED_BY_VENDOR' } }]);
      expect(res.body.errors).toBeUndefined();
    }

    const implicit = await api.gql(`{ connectionReports { sources { state } } }`);
    expect(implicit.body.errors).toBeUndefined();
    expect(implicit.body.data.connectionReports.sources).toEqual([{ state: 'UNSUPPORTED' }]);
  });

  it("reports one failed nested call in that meeting's sessions sources, and in errors only under strict errors", async () => {
    // Every attempt at one meeting's sessions fails (a read is tried three times).
    sim.control.inject({ operation: 'list_sessions', detail: await victimMeeting(), action: { kind: 'status', status: 503 } });
    for (const headers of [undefined, STRICT]) {
      const res = await api.gql(MEETINGS_DEEP, { first: 20 }, headers);
      const meetings = res.body.data.meetings.nodes;
      expect(meetings).toHaveLength(6);
      const failedIndex = meetings.findIndex((m: any) => m.sessions.sources[0].state === 'FAILED');
      expect(failedIndex).toBeGreaterThanOrEqual(0);
      expect(meetings[failedIndex].sessions.nodes).toEqual([]);
      expect(meetings.filter((m: any) => m.sessions.sources[0].state === 'COMPLETE')).toHaveLength(5);
      if (!headers) {
        expect(res.body.errors).toBeUndefined();
        continue;
      }
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors?.[0]).toMatchObject({
        path: ['meetings', 'nodes', failedIndex, 'sessions'],
        extensions: { code: 'VENDOR_UNAVAILABLE', vendor: 'VCONNCT', connectionId: 'vc', retryable: true },
      });
    }
  });

  it('lists a failed nested plain list in gaps under its schema name, with [] in its place', async () => {
    const query = `{ meetings(first: 20) { nodes { id people: participants { id } gaps { field state error { code retryable } } } } }`;
    const healthy = await api.gql(query);
    expect(healthy.body.errors).toBeUndefined();
    expect(healthy.body.data.meetings.nodes.every((m: any) => m.gaps.length === 0)).toBe(true);
    // VConnct has no per-meeting attendance call: a meeting's participants come from its sessions.
    // Every attempt at one meeting's sessions fails (a read is tried three times).
    sim.control.inject({ operation: 'list_sessions', detail: await victimMeeting(), action: { kind: 'status', status: 503 } });
    const callsBefore = sim.control.calls();
    await api.gql(`{ meetings(first: 20) { nodes { id people: participants { id } } } }`);
    const callsWithoutGaps = sim.control.calls() - callsBefore;

    for (const headers of [undefined, STRICT]) {
      const before = sim.control.calls();
      const res = await api.gql(query, undefined, headers);
      const meetings = res.body.data.meetings.nodes;
      const failed = meetings.flatMap((m: any, i: number) => (m.gaps.length ? [i] : []));
      expect(failed).toHaveLength(1);
      const index = failed[0] as number;
      expect(meetings[index].people).toEqual([]);
      expect(meetings[index].gaps).toEqual([
        { field: 'participants', state: 'FAILED', error: { code: 'VENDOR_UNAVAILABLE', retryable: true } },
      ]);
      // gaps reads the same loaders as the field: no vendor call of its own.
      expect(sim.control.calls() - before).toBe(callsWithoutGaps);
      if (headers) {
        expect(res.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
          [['meetings', 'nodes', index, 'people'], 'VENDOR_UNAVAILABLE'],
        ]);
      } else {
        expect(res.body.errors).toBeUndefined();
      }
    }
  });

  it("lists a session's failed attendance in Session.gaps, and nothing for what came back", async () => {
    const listed = await api.gql(`{ sessions(first: 50) { nodes { nativeId participants { id } } } }`);
    const victim = listed.body.data.sessions.nodes.find((s: any) => s.participants.length > 0)?.nativeId;
    expect(victim).toBeDefined();
    // Every attempt at one session's attendance fails (a read is tried three times).
    sim.control.inject({ operation: 'list_attendance', detail: victim, action: { kind: 'status', status: 503 } });
    const res = await api.gql(
      `{ sessions(first: 50) { nodes { id participants { id } recordings { id } gaps { field state error { code } } } sources { state } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const sessions = res.body.data.sessions.nodes;
    const withGaps = sessions.filter((s: any) => s.gaps.length > 0);
    expect(withGaps).toHaveLength(1);
    expect(withGaps[0]).toMatchObject({
      participants: [],
      gaps: [{ field: 'participants', state: 'FAILED', error: { code: 'VENDOR_UNAVAILABLE' } }],
    });
    expect(sessions.filter((s: any) => s.gaps.length === 0 && s.participants.length > 0).length).toBeGreaterThan(0);
    expect(res.body.data.sessions.sources).toEqual([{ state: 'COMPLETE' }]);
  });

  it("pages a meeting's sessions both ways with exact page info, last alone reading from the end", async () => {
    const all = await api.gql(`{ meetings(first: 20) { nodes { id sessions(first: 100) { nodes { id startedAt } } } } }`);
    const meeting = all.body.data.meetings.nodes.reduce((a: any, b: any) => (b.sessions.nodes.length > a.sessions.nodes.length ? b : a));
    const ids: string[] = meeting.sessions.nodes.map((s: any) => s.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    // Newest first, checked here rather than trusted.
    const starts = meeting.sessions.nodes.map((s: any) => Date.parse(s.startedAt));
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);

    const q = `query($id: ID!, $last: Int, $before: String) { meeting(id: $id) { sessions(last: $last, before: $before) {
      edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;
    const tail = await api.gql(q, { id: meeting.id, last: 2 });
    expect(tail.body.errors).toBeUndefined();
    const tailPage = tail.body.data.meeting.sessions;
    expect(tailPage.edges.map((e: any) => e.node.id)).toEqual(ids.slice(-2));
    expect(tailPage.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: ids.length > 2 });
    const previous = await api.gql(q, { id: meeting.id, last: 100, before: tailPage.pageInfo.startCursor });
    expect(previous.body.data.meeting.sessions.edges.map((e: any) => e.node.id)).toEqual(ids.slice(0, -2));
    expect(previous.body.data.meeting.sessions.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('lists only the fields the query selected in gaps', async () => {
    sim.control.inject({ operation: 'list_sessions', action: { kind: 'status', status: 503 } });
    const res = await api.gql(`{ meetings(first: 20) { nodes { id gaps { field } } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.meetings.nodes.every((m: any) => m.gaps.length === 0)).toBe(true);
    expect(sim.control.calls('list_sessions')).toBe(0);

    // Skipped fields are not selected; fields selected through fragments are, under their schema name.
    const skipped = await api.gql(
      `query($no: Boolean!) { meetings(first: 20) { nodes { id participants @include(if: $no) { id } gaps { field } } } }`,
      { no: false },
    );
    expect(skipped.body.data.meetings.nodes.every((m: any) => m.gaps.length === 0)).toBe(true);
    const viaFragments = await api.gql(`
      query { meetings(first: 20) { nodes { ...People ... on Meeting { g: gaps { field state } } } } }
      fragment People on Meeting { who: participants { id } }
    `);
    expect(viaFragments.body.errors).toBeUndefined();
    for (const meeting of viaFragments.body.data.meetings.nodes) expect(meeting.g).toEqual([{ field: 'participants', state: 'FAILED' }]);
  });

  it('never leaks the license in errors', async () => {
    sim.control.inject({
      operation: 'list_meetings',
      action: {
        kind: 'status',
        status: 401,
        body: { status: false, status_code: 401, message: 'error', error_messages: [`license ${VCONNCT_SANDBOX_LICENSE} is not valid`] },
      },
      times: 1,
    });
    const res = await api.gql(`{ meetings { nodes { id } sources { state error { code message } } } }`, undefined, STRICT);
    expect(res.body.data.meetings.sources).toEqual([
      { state: 'FAILED', error: { code: 'VENDOR_AUTH_FAILED', message: expect.any(String) } },
    ]);
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

  /** Each connection's meetings asked on their own, merged and sorted here: an expectation the merge did not produce. */
  async function expectedTitleOrder(): Promise<string[]> {
    const items: Array<{ id: string; title: string; nativeId: string; connection: string }> = [];
    for (const connectionId of ['vc-a', 'vc-b']) {
      const res = await api.gql(
        `query($c: ID!) { meetings(first: 100, filter: { connectionIds: [$c] }) { nodes { id title nativeId } } }`,
        { c: connectionId },
      );
      items.push(...res.body.data.meetings.nodes.map((n: any) => ({ ...n, connection: connectionId })));
    }
    const byCodeUnit = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    items.sort(
      (x, y) => x.title.localeCompare(y.title, 'en') || byCodeUnit(x.nativeId, y.nativeId) || byCodeUnit(x.connection, y.connection),
    );
    return items.map((i) => i.id);
  }

  const PAGE = `query($after: String, $before: String, $first: Int, $last: Int) {
    meetings(first: $first, after: $after, last: $last, before: $before, orderBy: TITLE_ASC) {
      edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

  it('pages across both with exact cursors: every meeting once, in order, forward and backward', async () => {
    const expected = await expectedTitleOrder();
    expect(expected).toHaveLength(12);
    const all = await api.gql(`{ meetings(first: 100, orderBy: TITLE_ASC) { nodes { id } } }`);
    expect(all.body.data.meetings.nodes.map((n: any) => n.id)).toEqual(expected);
    for (const size of [1, 3, 5]) {
      const seen: string[] = [];
      const cursors: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const res: any = await api.gql(PAGE, { after, first: size });
        const { edges, pageInfo } = res.body.data.meetings;
        seen.push(...edges.map((e: any) => e.node.id));
        cursors.push(...edges.map((e: any) => e.cursor));
        expect(pageInfo).toEqual({
          hasNextPage: seen.length < 12,
          hasPreviousPage: after !== null,
          startCursor: edges[0].cursor,
          endCursor: edges.at(-1).cursor,
        });
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);

      // Backward from the last meeting: everything before it, page by page, ending at the first.
      const backward: string[] = [];
      let before: string | null = cursors.at(-1) as string;
      for (let guard = 0; guard < 20; guard++) {
        const res: any = await api.gql(PAGE, { before, last: size });
        const { edges, pageInfo } = res.body.data.meetings;
        backward.unshift(...edges.map((e: any) => e.node.id));
        expect(edges.map((e: any) => e.cursor)).toEqual(cursors.slice(11 - backward.length, 11 - backward.length + edges.length));
        expect(pageInfo.hasNextPage).toBe(true);
        expect(pageInfo.hasPreviousPage).toBe(backward.length < 11);
        if (!pageInfo.hasPreviousPage) break;
        before = pageInfo.startCursor;
      }
      expect(backward).toEqual(expected.slice(0, 11));
    }
  });

  it('refuses paging arguments it cannot answer exactly, naming the argument', async () => {
    const lastAlone = await api.gql(`{ meetings(last: 3) { nodes { id } } }`);
    expect(codes(lastAlone)).toEqual(['BAD_USER_INPUT']);
    expect(lastAlone.body.errors?.[0]?.extensions?.field).toBe('last');
    expect(lastAlone.body.errors?.[0]?.message).toMatch(/needs `before`/);
    const mixed = await api.gql(`{ meetings(first: 3, last: 3, before: "x") { nodes { id } } }`);
    expect(mixed.body.errors?.[0]?.extensions?.field).toBe('last');
    const beforeAlone = await api.gql(`{ meetings(first: 3, before: "x") { nodes { id } } }`);
    expect(beforeAlone.body.errors?.[0]?.extensions?.field).toBe('before');
    const badBefore = await api.gql(`{ meetings(last: 2, before: "garbage") { nodes { id } } }`);
    expect(badBefore.body.errors?.[0]?.extensions?.field).toBe('before');
  });

  it('binds a cursor to the connections it was issued for', async () => {
    const onlyA = await api.gql(`{ meetings(first: 2, filter: { connectionIds: ["vc-a"] }) { pageInfo { endCursor } } }`);
    const cursor = onlyA.body.data.meetings.pageInfo.endCursor;
    const same = await api.gql(
      `query($after: String) { meetings(first: 2, after: $after, filter: { vendors: [VCONNCT], connectionIds: ["vc-a"] }) { nodes { id } } }`,
      { after: cursor },
    );
    expect(same.body.errors).toBeUndefined();
    for (const filter of ['', ', filter: { connectionIds: ["vc-a", "vc-b"] }', ', filter: { connectionIds: ["vc-b"] }']) {
      const other = await api.gql(`query($after: String) { meetings(first: 2, after: $after${filter}) { nodes { id } } }`, {
        after: cursor,
      });
      expect([filter, codes(other)]).toEqual([filter, ['BAD_USER_INPUT']]);
      expect(other.body.errors?.[0]?.extensions?.field).toBe('after');
    }
  });

  it('a failing connection never sinks the other: sources name it, and errors too under strict errors', async () => {
    for (const headers of [undefined, STRICT]) {
      a.control.inject({ operation: 'list_meetings', action: { kind: 'status', status: 500 }, times: 1 });
      const res = await api.gql(
        `{ meetings(first: 100) { nodes { id } sources { state connection { id } error { code retryable } } } }`,
        undefined,
        headers,
      );
      expect(res.body.data.meetings.nodes).toHaveLength(7);
      expect(res.body.data.meetings.nodes.every((n: any) => n.id.startsWith('Meeting:vc-b:'))).toBe(true);
      expect(res.body.data.meetings.sources).toEqual([
        { state: 'FAILED', connection: { id: 'VendorConnection:vc-a:vc-a' }, error: { code: 'VENDOR_UNAVAILABLE', retryable: true } },
        { state: 'COMPLETE', connection: { id: 'VendorConnection:vc-b:vc-b' }, error: null },
      ]);
      if (headers) {
        expect(res.body.errors).toEqual([
          expect.objectContaining({
            path: ['meetings'],
            extensions: expect.objectContaining({ code: 'VENDOR_UNAVAILABLE', connectionId: 'vc-a' }),
          }),
        ]);
      } else {
        expect(res.body.errors).toBeUndefined();
      }
    }
  });

  it('filters by connection and resolves any id through node()', async () => {
    const res = await api.gql(`{ meetings(filter: { connectionIds: ["vc-b"] }, first: 1) { nodes { id } sources { connection { id } } } }`);
    expect(res.body.data.meetings.sources).toHaveLength(1);
    const id = res.body.data.meetings.nodes[0].id;
    const node = await api.gql(`query($id: ID!) { node(id: $id) { __typename id ... on Meeting { title connection { id vendor } } } }`, {
      id,
    });
    expect(node.body.data.node).toMatchObject({
      __typename: 'Meeting',
      id,
      connection: { id: 'VendorConnection:vc-b:vc-b', vendor: 'VCONNCT' },
    });
    const conn = await api.gql(`{ node(id: "VendorConnection:vc-a:vc-a") { __typename ... on VendorConnection { vendor capabilities } } }`);
    expect(conn.body.data.node.capabilities).toContain('LIST_MEETINGS');
  });
});
