import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { alfaviewModule } from '../../datasources/alfaview/index.js';
import { AlfaviewConnectionConfig } from '../../datasources/alfaview/config.js';
import {
  ALFAVIEW_SANDBOX_COMPANY_ID,
  ALFAVIEW_SANDBOX_CREDENTIALS,
  ALFAVIEW_SANDBOX_USER,
  ALFAVIEW_SANDBOX_VIEWER,
  startAlfaviewSimulator,
  type AlfaviewSimErrorCode,
  type AlfaviewSimulatorState,
} from '../../datasources/alfaview/simulator.js';
import type { Capability } from '../../datasources/capabilities.js';
import type { CreateMeetingCommand } from '../../datasources/commands.js';
import { ConnectionHealth } from '../../datasources/health.js';
import type { MeetingListQuery } from '../../datasources/list-queries.js';
import type { MeetingRecord } from '../../datasources/records.js';
import { newCallContext, type CallContext } from '../../datasources/request-memo.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import type { VendorDatasource } from '../../datasources/vendor.js';
import { silentLogger } from '../../core/logger.js';
import { meetingQuery, createCommand as baseCreateCommand, joinCommand, NO_START as noStart } from '../helpers/commands.js';

let nowMs = Date.UTC(2025, 6, 3, 10, 0, 0);
const clock = (): Date => new Date(nowMs);

let sim: RunningSimulator<AlfaviewSimulatorState>;
let requestSeq = 0;

function ctx(): CallContext {
  requestSeq += 1;
  return newCallContext(`gql-${requestSeq}`);
}

function datasource(
  credentials: Record<string, unknown> = { ...ALFAVIEW_SANDBOX_CREDENTIALS },
  timeoutMs = 3000,
  health = new ConnectionHealth(clock),
): VendorDatasource {
  // Failures injected by one test must not open the circuit for the next, whatever order they run in
  // (the breaker has its own tests in test/api/faults.api.test.ts).
  const config = plainToInstance(AlfaviewConnectionConfig, {
    id: 'alfa',
    vendor: 'alfaview',
    baseUrl: sim.url,
    credentials,
    timeoutMs,
    breaker: { failures: 1_000 },
  });
  return alfaviewModule.createDatasource(config, { logger: silentLogger(), health, now: clock });
}

/** The room starts without group links, as if nobody had asked for one yet (other tests may have). */
function withoutLinks(roomId: string): string {
  sim.state.groupLinks = sim.state.groupLinks.filter((l) => l.roomId !== roomId);
  return roomId;
}

/** Errors the current test saw; afterEach checks them for credentials and tokens, so each test is checked on its own. */
const seenErrors: unknown[] = [];
const SECRETS = [ALFAVIEW_SANDBOX_CREDENTIALS.code, ALFAVIEW_SANDBOX_USER.password, ALFAVIEW_SANDBOX_VIEWER.password];

const query = (o: Partial<MeetingListQuery> = {}): MeetingListQuery => meetingQuery({ limit: 20, ...o });

const createCommand = (o: Partial<CreateMeetingCommand> = {}): CreateMeetingCommand =>
  baseCreateCommand({ title: 'Integration room', ...o });

/** Seeded meeting rooms (not departments), sorted by id: meetgraph's order for rooms without start times. */
function seededRoomIds(): string[] {
  return [...sim.state.rooms.values()]
    .filter((r) => r.room.type === 'ROOM_TYPE_ROOM')
    .map((r) => r.id)
    .sort();
}

function liveRoomIds(): string[] {
  return [...sim.state.presence.entries()]
    .filter(([, users]) => Object.values(users).some((u) => u.online))
    .map(([id]) => id)
    .sort();
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; retryAfterSeconds?: number | null }> {
  try {
    await promise;
  } catch (error) {
    seenErrors.push(error);
    return error as { code: string; message: string; retryAfterSeconds?: number | null };
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  sim = await startAlfaviewSimulator({ clock, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.control.resetCalls();
  sim.control.clearFaults();
  sim.state.clearFailures();
  sim.state.requestLog.length = 0;
  seenErrors.length = 0;
});

afterEach(() => {
  const secrets = [...SECRETS, ...sim.state.tokens.keys()];
  for (const error of seenErrors) {
    const text = `${(error as Error).message} ${JSON.stringify(error)}`;
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
});

describe('alfaview rooms as meetings', () => {
  it('lists exact pages in meetgraph order with LIVE/IDLE from ONE status call per page', async () => {
    const ds = datasource();
    const all = seededRoomIds();
    expect(all).toHaveLength(8);
    // int64 ids beyond 2^53 survive as strings.
    expect(all.every((id) => BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);

    const seen: MeetingRecord[] = [];
    for (const offset of [0, 3, 6]) {
      sim.control.resetCalls();
      const page = await ds.listMeetings(query({ offset, limit: 3 }), ctx());
      seen.push(...page.items);
      expect(page.hasMore).toBe(offset + 3 < all.length);
      expect(sim.control.calls('roomService/status')).toBe(1);
      expect(sim.control.details('roomService/status')).toEqual([
        page.items
          .map((m) => m.nativeId)
          .sort()
          .join(','),
      ]);
    }
    expect(seen.map((m) => m.nativeId)).toEqual(all);
    expect(seen.every((m) => m.kind === 'ROOM' && m.startsAt === null)).toBe(true);
    expect(
      seen
        .filter((m) => m.status === 'LIVE')
        .map((m) => m.nativeId)
        .sort(),
    ).toEqual(liveRoomIds());
    expect(liveRoomIds()).toHaveLength(3);
    expect(seen.filter((m) => m.status === 'IDLE')).toHaveLength(5);
    // Departments are folders, not meetings.
    expect(seen.map((m) => m.title)).not.toContain('Sales');
  });

  it('orders by title when asked and filters by search and status (one status call for all rooms)', async () => {
    const ds = datasource();
    const byTitle = await ds.listMeetings(query({ order: 'TITLE_ASC' }), ctx());
    const titles = byTitle.items.map((m) => m.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en')));

    sim.control.resetCalls();
    expect(await ds.listMeetings(query({ kinds: ['SCHEDULED'] }), ctx())).toEqual({ items: [], hasMore: false });
    expect(sim.control.calls('roomService/list')).toBe(0);

    const searched = await ds.listMeetings(query({ search: 'stand-up' }), ctx());
    expect(searched.items.map((m) => m.title)).toEqual(['Daily Stand-up']);

    sim.control.resetCalls();
    const live = await ds.listMeetings(query({ statuses: ['LIVE'] }), ctx());
    expect(live.items.map((m) => m.nativeId).sort()).toEqual(liveRoomIds());
    expect(sim.control.calls('roomService/status')).toBe(1);
  });

  it('walks the vendor list by limit/offset (page size 100) when the company has many rooms', async () => {
    const added = Array.from({ length: 150 }, (_, i) => sim.state.addRoom(`Bulk room ${String(i).padStart(3, '0')}`));
    try {
      const ds = datasource();
      sim.control.resetCalls();
      const page = await ds.listMeetings(query({ offset: 150, limit: 20 }), ctx());
      expect(sim.control.details('roomService/list')).toEqual(['offset=0', 'offset=100']);
      const all = seededRoomIds();
      expect(all).toHaveLength(158);
      expect(page.items.map((m) => m.nativeId)).toEqual(all.slice(150, 158));
      expect(page.hasMore).toBe(false);
    } finally {
      for (const id of added) sim.state.rooms.delete(id);
    }
  });

  it('gets a batch of rooms by id with ONE filterRoomIds list call and ONE status call', async () => {
    const ds = datasource();
    const [live] = liveRoomIds();
    const idle = seededRoomIds().find((id) => !liveRoomIds().includes(id)) as string;
    const department = [...sim.state.rooms.values()].find((r) => r.room.type === 'ROOM_TYPE_DEPARTMENT')!.id;
    const result = await ds.getMeetings([live!, idle, department, '12345'], ctx());
    expect(sim.control.calls('roomService/list')).toBe(1);
    expect(sim.control.details('roomService/list')).toEqual([`ids=${['12345', department, idle, live!].sort().join(',')}`]);
    expect(sim.control.calls('roomService/status')).toBe(1);
    expect(result[0]).toMatchObject({ nativeId: live, status: 'LIVE' });
    expect(result[1]).toMatchObject({ nativeId: idle, status: 'IDLE' });
    expect(result[2]).toBeNull();
    expect(result[3]).toBeNull();
  });

  it('asks each resource once per request: get-by-ids and participants reuse the listing and its status call', async () => {
    const ds = datasource();
    const c = ctx();
    const page = await ds.listMeetings(query(), c);
    const ids = page.items.map((m) => m.nativeId);
    const again = await ds.getMeetings(ids, c);
    const participants = await ds.meetingParticipants(ids, c);
    expect(again.map((m) => (m as MeetingRecord).status)).toEqual(page.items.map((m) => m.status));
    expect(participants.every(Array.isArray)).toBe(true);
    expect(sim.control.calls('roomService/list')).toBe(1);
    expect(sim.control.calls('roomService/status')).toBe(1);
    // A new GraphQL request asks again.
    await ds.meetingParticipants(ids, ctx());
    expect(sim.control.calls('roomService/status')).toBe(2);
  });

  it('maps live users to participants with ONE status call for the batch', async () => {
    const ds = datasource();
    const ids = liveRoomIds();
    const result = await ds.meetingParticipants([...ids, seededRoomIds().find((id) => !ids.includes(id))!], ctx());
    expect(sim.control.calls('roomService/status')).toBe(1);
    const byName = new Map(result.flatMap((r) => (Array.isArray(r) ? r : [])).map((p) => [p.displayName, p]));
    expect(byName.get('Anna Becker')).toMatchObject({ role: 'PARTICIPANT', presence: 'ONLINE' });
    expect(byName.get('Priya Nair')).toMatchObject({
      role: 'PARTICIPANT',
      presence: 'ONLINE',
      raw: expect.objectContaining({ isGuest: true }),
    });
    expect(byName.get('Observer (guest)')).toMatchObject({ role: 'SPECTATOR' });
    // Tom Schulz has left: listed by the vendor with online false, not a live participant.
    expect(byName.has('Tom Schulz')).toBe(false);
    expect(result[result.length - 1]).toEqual([]);
    expect(result.reduce((n, r) => n + (Array.isArray(r) ? r.length : 0), 0)).toBe(6);
  });

  it('shows rooms as UNKNOWN when the status call fails, without failing the list', async () => {
    const ds = datasource();
    sim.state.failNext('roomService/status', 'UNAVAILABLE', 3); // a read is tried three times
    const c = ctx();
    const page = await ds.listMeetings(query(), c);
    expect(page.items).toHaveLength(8);
    expect(page.items.every((m) => m.status === 'UNKNOWN')).toBe(true);
    // Participants of the same request report the failure instead of asking again.
    const participants = await ds.meetingParticipants([page.items[0]!.nativeId], c);
    expect(participants[0]).toMatchObject({ code: 'VENDOR_UNAVAILABLE' });
    expect(sim.control.calls('roomService/status')).toBe(3); // one call's three attempts, never asked again
  });
});

describe('alfaview writes and links', () => {
  it('creates, updates and destroys a room', async () => {
    const ds = datasource();
    const created = await ds.createMeeting(createCommand({ settings: [{ name: 'activeParticipants', value: 40 }] }), ctx());
    expect(created).toMatchObject({ kind: 'ROOM', title: 'Integration room', status: 'IDLE' });
    expect(sim.state.rooms.get(created.nativeId)?.room).toMatchObject({
      displayName: 'Integration room',
      quotas: { activeParticipants: 40 },
    });

    const updated = await ds.updateMeeting(created.nativeId, { title: 'Renamed room', settings: [{ name: 'subRooms', value: 3 }] }, ctx());
    expect(updated).toMatchObject({ nativeId: created.nativeId, title: 'Renamed room', status: 'IDLE' });
    expect(updated.settings).toEqual(
      expect.arrayContaining([
        { name: 'activeParticipants', value: 40 },
        { name: 'subRooms', value: 3 },
      ]),
    );
    expect(sim.state.rooms.get(created.nativeId)?.room.displayName).toBe('Renamed room');

    await ds.deleteMeeting(created.nativeId, ctx());
    expect(sim.state.rooms.has(created.nativeId)).toBe(false);
    expect(await ds.getMeetings([created.nativeId], ctx())).toEqual([null]);
    expect(await rejection(ds.deleteMeeting(created.nativeId, ctx()))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejection(ds.updateMeeting(created.nativeId, { title: 'x' }, ctx()))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('maps room quota, participant quota, invalid rooms and missing permissions', async () => {
    const ds = datasource();
    const quota = sim.state.roomQuota;
    sim.state.roomQuota = seededRoomIds().length;
    try {
      expect(await rejection(ds.createMeeting(createCommand(), ctx()))).toMatchObject({ code: 'VENDOR_QUOTA_EXCEEDED' });
    } finally {
      sim.state.roomQuota = quota;
    }
    expect(
      await rejection(ds.createMeeting(createCommand({ settings: [{ name: 'activeParticipants', value: 5000 }] }), ctx())),
    ).toMatchObject({ code: 'VENDOR_QUOTA_EXCEEDED' });
    expect(await rejection(ds.createMeeting(createCommand({ title: '   ' }), ctx()))).toMatchObject({ code: 'VENDOR_REJECTED' });
    expect(await rejection(ds.createMeeting(createCommand({ startsAt: clock() }), ctx()))).toMatchObject({ code: 'BAD_USER_INPUT' });

    const viewer = datasource({ ...ALFAVIEW_SANDBOX_VIEWER });
    expect((await viewer.listMeetings(query(), ctx())).items).toHaveLength(8);
    expect(await rejection(viewer.createMeeting(createCommand(), ctx()))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(viewer.deleteMeeting(seededRoomIds()[0]!, ctx()))).toMatchObject({ code: 'FORBIDDEN' });
    expect(seededRoomIds()).toHaveLength(8);
  });

  it('creates join links per role from permission groups (cached per connection)', async () => {
    const ds = datasource();
    const roomId = withoutLinks(seededRoomIds()[0]!);
    const until = new Date(nowMs + 7 * 86_400_000);
    const shape = new RegExp(`^https://app\\.alfaview\\.com/#/join/${ALFAVIEW_SANDBOX_COMPANY_ID}/${roomId}/[0-9a-f]+/v2$`);
    const groupName = (url: string): string | undefined => {
      const link = sim.state.groupLinks.find((l) => l.joinLink === url);
      return link ? sim.state.permissionGroups[link.permissionGroupId!]?.name : undefined;
    };

    const participant = await ds.createJoinLink(roomId, joinCommand({ role: 'PARTICIPANT', expiresAt: until }), ctx());
    expect(participant).toEqual({
      url: expect.stringMatching(shape),
      role: 'PARTICIPANT',
      expiresAt: new Date(Math.floor(until.getTime() / 1000) * 1000),
    });
    expect(groupName(participant.url)).toBe('Participant');

    const spectator = await ds.createJoinLink(roomId, joinCommand({ role: 'SPECTATOR' }), ctx());
    expect(groupName(spectator.url)).toBe('Spectator');
    expect(spectator.expiresAt).toBeNull();

    const host = await ds.startSession(roomId, { ...noStart, hostName: 'Anna' }, ctx());
    expect(host.role).toBe('MODERATOR');
    expect(host.url).toMatch(shape);
    expect(groupName(host.url)).toBe('Moderator');

    expect(sim.control.calls('businessLogicService/permissionGroups/list')).toBe(1);
    expect(sim.control.calls('guestService.v2/createGroupLinks')).toBe(3);

    expect(await rejection(ds.createJoinLink(roomId, joinCommand({ role: 'AGENT' }), ctx()))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.role',
    });
    expect(await rejection(ds.createJoinLink(roomId, joinCommand({ password: 'secret' }), ctx()))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(sim.control.calls('guestService.v2/createGroupLinks')).toBe(3);
    expect(await rejection(ds.createJoinLink('424242', joinCommand(), ctx()))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejection(ds.createJoinLink(roomId, joinCommand({ expiresAt: new Date(nowMs - 60_000) }), ctx()))).toMatchObject({
      code: 'VENDOR_REJECTED',
    });
  });

  it('uses the join link host the vendor returns', async () => {
    const host = sim.state.joinLinkHost;
    sim.state.joinLinkHost = 'https://meet.example.org';
    try {
      const link = await datasource().createJoinLink(withoutLinks(seededRoomIds()[1]!), joinCommand(), ctx());
      expect(link.url.startsWith(`https://meet.example.org/#/join/${ALFAVIEW_SANDBOX_COMPANY_ID}/`)).toBe(true);
    } finally {
      sim.state.joinLinkHost = host;
    }
  });
});

describe('alfaview authentication', () => {
  it('authenticates once for concurrent calls and with both credential flows', async () => {
    const ds = datasource();
    const ids = seededRoomIds();
    await Promise.all([
      ds.listMeetings(query(), ctx()),
      ds.getMeetings(ids.slice(0, 2), ctx()),
      ds.meetingParticipants(ids.slice(2, 4), ctx()),
    ]);
    expect(sim.control.calls('authenticationService/authenticate')).toBe(1);

    const user = datasource({ ...ALFAVIEW_SANDBOX_USER });
    expect((await user.listMeetings(query(), ctx())).items).toHaveLength(8);
    expect(sim.control.calls('authenticationService/authenticate')).toBe(2);
  });

  it('rejects wrong credentials as VENDOR_AUTH_FAILED without revealing them', async () => {
    const wrongKey = { ...ALFAVIEW_SANDBOX_CREDENTIALS, code: 'wrong-secret-code-123456' };
    const wrongUser = { ...ALFAVIEW_SANDBOX_USER, password: 'wrong-password-987654' };
    for (const credentials of [wrongKey, wrongUser]) {
      const error = await rejection(datasource(credentials).listMeetings(query(), ctx()));
      expect(error.code).toBe('VENDOR_AUTH_FAILED');
      const secrets = Object.values(credentials).filter((v) => v.length > 5);
      expect(secrets.length).toBeGreaterThanOrEqual(2);
      for (const value of secrets) {
        expect(error.message).not.toContain(value);
        expect(JSON.stringify(error)).not.toContain(value);
      }
    }
  });

  it('re-authenticates before expiresAt', async () => {
    const ds = datasource();
    await ds.listMeetings(query(), ctx());
    nowMs += (sim.state.tokenTtlSeconds - 30) * 1000; // inside the renewal margin, not yet expired
    sim.control.resetCalls();
    await ds.listMeetings(query(), ctx());
    expect(sim.control.calls('authenticationService/authenticate')).toBe(1);
    expect(sim.control.calls('roomService/list')).toBe(1); // no TOKEN_OUTDATED round trip
  });

  it('renews the token on TOKEN_OUTDATED and reissues the call once', async () => {
    const ds = datasource();
    await ds.listMeetings(query(), ctx());
    sim.state.expireTokens();
    sim.control.resetCalls();
    const page = await ds.listMeetings(query(), ctx());
    expect(page.items).toHaveLength(8);
    expect(sim.control.calls('authenticationService/authenticate')).toBe(1);
    expect(sim.control.calls('roomService/list')).toBe(2);
  });

  it('surfaces a second TOKEN_OUTDATED as VENDOR_AUTH_FAILED', async () => {
    const ds = datasource();
    await ds.listMeetings(query(), ctx());
    sim.control.resetCalls();
    sim.state.failNext('roomService/list', 'TOKEN_OUTDATED', 2);
    const error = await rejection(ds.listMeetings(query(), ctx()));
    expect(error.code).toBe('VENDOR_AUTH_FAILED');
    expect(sim.control.calls('roomService/list')).toBe(2);
    expect(sim.control.calls('authenticationService/authenticate')).toBe(1);
  });
});

describe('alfaview failures', () => {
  it('reissues once on "context deadline exceeded", then answers VENDOR_TIMEOUT', async () => {
    const ds = datasource();
    sim.state.failNext('roomService/list', 'DEADLINE_EXCEEDED', 1);
    expect((await ds.listMeetings(query(), ctx())).items).toHaveLength(8);
    expect(sim.control.calls('roomService/list')).toBe(2);

    sim.control.resetCalls();
    sim.state.failNext('roomService/list', 'DEADLINE_EXCEEDED', 2);
    expect(await rejection(ds.listMeetings(query(), ctx()))).toMatchObject({ code: 'VENDOR_TIMEOUT' });
    expect(sim.control.calls('roomService/list')).toBe(2);
  });

  it.each<[AlfaviewSimErrorCode, string]>([
    ['AUTHENTICATION_ERROR', 'VENDOR_AUTH_FAILED'],
    ['INSUFFICIENT_PERMISSIONS', 'FORBIDDEN'],
    ['PERMISSION_DENIED', 'FORBIDDEN'],
    ['NOT_FOUND', 'NOT_FOUND'],
    ['ROOM_NOT_FOUND', 'NOT_FOUND'],
    ['QUOTA_EXCEEDED', 'VENDOR_QUOTA_EXCEEDED'],
    ['OUT_OF_SLOTS_ROOMS', 'VENDOR_QUOTA_EXCEEDED'],
    ['RESOURCE_EXHAUSTED', 'VENDOR_QUOTA_EXCEEDED'],
    ['RATE_LIMIT_EXCEEDED', 'VENDOR_RATE_LIMITED'],
    ['INVALID_ARGUMENT', 'VENDOR_REJECTED'],
    ['ROOM_INVALID', 'VENDOR_REJECTED'],
    ['UNAVAILABLE', 'VENDOR_UNAVAILABLE'],
    ['INTERNAL', 'VENDOR_UNAVAILABLE'],
  ])('maps %s to %s', async (statusCode, expected) => {
    const ds = datasource();
    sim.state.failNext('roomService/destroy', statusCode);
    const error = await rejection(ds.deleteMeeting(seededRoomIds()[0]!, ctx()));
    expect(error.code).toBe(expected);
    expect(sim.control.calls('roomService/destroy')).toBe(1);
    expect(seededRoomIds()).toHaveLength(8);
  });

  it('answers VENDOR_RATE_LIMITED with retryAfterSeconds when the rate limit is hit', async () => {
    const limit = sim.state.rateLimit;
    sim.state.rateLimit = { requests: 3, windowSeconds: 30 };
    nowMs += 31_000; // start a fresh rate window
    try {
      const ds = datasource();
      await ds.listMeetings(query(), ctx()); // authenticate + list + status
      const error = await rejection(ds.listMeetings(query(), ctx()));
      expect(error.code).toBe('VENDOR_RATE_LIMITED');
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(30);
    } finally {
      sim.state.rateLimit = limit;
      nowMs += 31_000; // a fresh rate window for the following tests
    }
  });

  it('maps a reset connection to VENDOR_UNAVAILABLE and a slow answer to VENDOR_TIMEOUT', async () => {
    sim.control.inject({ operation: 'roomService/list', action: { kind: 'reset' }, times: 3 }); // a read is tried three times
    expect(await rejection(datasource().listMeetings(query(), ctx()))).toMatchObject({ code: 'VENDOR_UNAVAILABLE' });
    // 2 s lets the (undelayed) authenticate call through on a loaded machine; only the delayed list exceeds it.
    sim.control.inject({ operation: 'roomService/list', action: { kind: 'delay', delayMs: 2_600 }, times: 1 });
    expect(await rejection(datasource(undefined, 2_000).listMeetings(query(), ctx()))).toMatchObject({ code: 'VENDOR_TIMEOUT' });
  });

  it('sends a distinct requestId, derived from the GraphQL request id, with every request', async () => {
    const ds = datasource();
    const c = newCallContext('trace-abc');
    sim.state.failNext('roomService/list', 'DEADLINE_EXCEEDED', 1);
    const page = await ds.listMeetings(query(), c);
    await ds.meetingParticipants(
      page.items.map((m) => m.nativeId),
      c,
    );
    await ds.createJoinLink(withoutLinks(page.items[0]!.nativeId), joinCommand(), c);
    const ids = sim.state.requestLog.map((r) => r.requestId);
    expect(sim.state.requestLog.map((r) => r.operation)).toEqual([
      'authenticationService/authenticate',
      'roomService/list',
      'roomService/list',
      'roomService/status',
      'businessLogicService/permissionGroups/list',
      'guestService.v2/listGroupLinks',
      'guestService.v2/createGroupLinks',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => typeof id === 'string' && id.startsWith('trace-abc-'))).toBe(true);
  });
});

describe('alfaview errors inside an HTTP 200 reply (replyInfo.statusCode / statusMessage not OK)', () => {
  const replyInfo = (info: Record<string, string>): { kind: 'status'; status: number; body: unknown } => ({
    kind: 'status',
    status: 200,
    body: { replyInfo: { requestId: 'z3ai9B11509', ...info } },
  });

  it.each<[Record<string, string>, string]>([
    [{ statusCode: 'ROOM_NOT_FOUND', statusMessage: 'room not found' }, 'NOT_FOUND'],
    [{ statusCode: 'INSUFFICIENT_PERMISSIONS', statusMessage: 'insufficient permissions' }, 'FORBIDDEN'],
    [{ statusCode: 'OUT_OF_SLOTS_ROOMS', statusMessage: 'out of room slots' }, 'VENDOR_QUOTA_EXCEEDED'],
    [{ statusMessage: 'something went wrong' }, 'VENDOR_REJECTED'],
  ])('a 200 whose replyInfo says %j is %s, recorded in the connection health', async (info, code) => {
    const health = new ConnectionHealth(clock);
    const ds = datasource(undefined, 3000, health);
    sim.control.inject({ operation: 'roomService/destroy', action: replyInfo(info), times: 1 });
    const error = await rejection(ds.deleteMeeting(seededRoomIds()[0]!, ctx()));
    expect(error.code).toBe(code);
    expect(seededRoomIds()).toHaveLength(8);
    expect(health.snapshot().lastErrorCode).toBe(code);
  });

  it('a 200 whose replyInfo says TOKEN_OUTDATED renews the token and reissues the call once', async () => {
    const ds = datasource();
    await ds.listMeetings(query(), ctx());
    sim.control.resetCalls();
    const outdated = replyInfo({ statusCode: 'TOKEN_OUTDATED', statusMessage: 'token expired' });
    sim.control.inject({ operation: 'roomService/list', action: outdated, times: 1 });
    expect((await ds.listMeetings(query(), ctx())).items).toHaveLength(8);
    expect(sim.control.calls('authenticationService/authenticate')).toBe(1);
    expect(sim.control.calls('roomService/list')).toBe(2);
  });

  it('a 200 with replyInfo "OK" and no statusCode is a success', async () => {
    const ds = datasource();
    sim.control.inject({ operation: 'roomService/status', action: replyInfo({ statusMessage: 'OK' }), times: 1 });
    const page = await ds.listMeetings(query(), ctx());
    expect(page.items).toHaveLength(8);
    expect(page.items.every((m) => m.status === 'IDLE')).toBe(true); // no rooms in the reply: nobody online
  });
});

describe('alfaview join links are reused per room and permission group', () => {
  const groupOf = (url: string): string | undefined => {
    const link = sim.state.groupLinks.find((l) => l.joinLink === url);
    return link ? sim.state.permissionGroups[link.permissionGroupId!]?.name : undefined;
  };

  it('hands out the same link per role instead of minting a new one on every call', async () => {
    const ds = datasource();
    const roomId = withoutLinks(seededRoomIds()[2]!);
    const first = await ds.createJoinLink(roomId, joinCommand({ role: 'PARTICIPANT', displayName: 'Ada' }), ctx());
    const second = await datasource().createJoinLink(roomId, joinCommand({ role: 'PARTICIPANT', displayName: 'Grace' }), ctx());
    expect(second).toEqual(first);
    const hostA = await ds.startSession(roomId, { ...noStart, hostName: 'Anna' }, ctx());
    const hostB = await ds.startSession(roomId, { ...noStart, hostName: 'Ben' }, ctx());
    expect(hostB).toEqual(hostA);
    expect(groupOf(hostA.url)).toBe('Moderator');
    expect(hostA.url).not.toBe(first.url);
    expect(sim.control.calls('guestService.v2/createGroupLinks')).toBe(2);
    expect(sim.control.calls('guestService.v2/listGroupLinks')).toBe(4);
    expect(sim.state.groupLinks.filter((l) => l.roomId === roomId)).toHaveLength(2);
  });

  it('concurrent requests for one room and role create one link', async () => {
    const ds = datasource();
    const roomId = withoutLinks(seededRoomIds()[3]!);
    const links = await Promise.all(Array.from({ length: 5 }, () => ds.createJoinLink(roomId, joinCommand({ role: 'SPECTATOR' }), ctx())));
    expect(new Set(links.map((l) => l.url)).size).toBe(1);
    expect(sim.control.calls('guestService.v2/createGroupLinks')).toBe(1);
    expect(sim.state.groupLinks.filter((l) => l.roomId === roomId)).toHaveLength(1);
  });

  it('reuses an expiring link only for the same expiry, and never an expired one', async () => {
    const ds = datasource();
    const roomId = withoutLinks(seededRoomIds()[4]!);
    const week = new Date(nowMs + 7 * 86_400_000);
    const permanent = await ds.createJoinLink(roomId, joinCommand(), ctx());
    const weekLong = await ds.createJoinLink(roomId, joinCommand({ expiresAt: week }), ctx());
    expect(weekLong.url).not.toBe(permanent.url);
    expect(weekLong.expiresAt?.getTime()).toBe(Math.floor(week.getTime() / 1000) * 1000);
    expect((await ds.createJoinLink(roomId, joinCommand({ expiresAt: week }), ctx())).url).toBe(weekLong.url);
    const eightDays = new Date(week.getTime() + 86_400_000);
    expect((await ds.createJoinLink(roomId, joinCommand({ expiresAt: eightDays }), ctx())).url).not.toBe(weekLong.url);
    expect(sim.control.calls('guestService.v2/createGroupLinks')).toBe(3);

    // A link whose validity ended is not handed out again: a new permanent one is not needed, the old permanent one fits.
    const saved = nowMs;
    try {
      nowMs = week.getTime() + 1000;
      const later = await ds.createJoinLink(roomId, joinCommand({ expiresAt: new Date(nowMs + 86_400_000) }), ctx());
      expect([weekLong.url, permanent.url]).not.toContain(later.url);
      expect((await ds.createJoinLink(roomId, joinCommand(), ctx())).url).toBe(permanent.url);
    } finally {
      nowMs = saved;
    }
  });
});

describe('alfaview capabilities and config', () => {
  const ALL: Record<string, [Capability, (ds: VendorDatasource, c: CallContext) => Promise<unknown>]> = {
    listMeetings: ['LIST_MEETINGS', (ds, c) => ds.listMeetings(query(), c)],
    getMeetings: ['GET_MEETING', (ds, c) => ds.getMeetings(['1'], c)],
    createMeeting: ['CREATE_MEETING', (ds, c) => ds.createMeeting(createCommand({ title: '' }), c)],
    updateMeeting: ['UPDATE_MEETING', (ds, c) => ds.updateMeeting('1', {}, c)],
    deleteMeeting: ['DELETE_MEETING', (ds, c) => ds.deleteMeeting('1', c)],
    startSession: ['START_SESSION', (ds, c) => ds.startSession('1', noStart, c)],
    endSession: ['END_SESSION', (ds, c) => ds.endSession('1', c)],
    createJoinLink: ['CREATE_JOIN_LINK', (ds, c) => ds.createJoinLink('1', joinCommand(), c)],
    meetingSettings: ['MEETING_SETTINGS', (ds, c) => ds.meetingSettings(['1'], c)],
    meetingParticipants: ['MEETING_PARTICIPANTS', (ds, c) => ds.meetingParticipants(['1'], c)],
    meetingSessions: ['MEETING_SESSIONS', (ds, c) => ds.meetingSessions(['1'], c)],
    meetingRecordings: ['MEETING_RECORDINGS', (ds, c) => ds.meetingRecordings(['1'], c)],
    listSessions: ['LIST_SESSIONS', (ds, c) => ds.listSessions({ offset: 0, limit: 5, from: null, to: null, live: null }, c)],
    sessionParticipants: ['SESSION_PARTICIPANTS', (ds, c) => ds.sessionParticipants(['1'], c)],
    sessionRecordings: ['SESSION_RECORDINGS', (ds, c) => ds.sessionRecordings(['1'], c)],
    listRecordings: ['LIST_RECORDINGS', (ds, c) => ds.listRecordings({ offset: 0, limit: 5, from: null, to: null, mediaTypes: null }, c)],
    listConnectionReports: [
      'LIST_CONNECTION_REPORTS',
      (ds, c) => ds.listConnectionReports({ offset: 0, limit: 5, from: null, to: null, modes: null, search: null }, c),
    ],
  };

  it('declares exactly the implemented capabilities, and everything else is UNSUPPORTED_BY_VENDOR', async () => {
    const ds = datasource();
    expect([...ds.capabilities].sort()).toEqual(
      [
        'LIST_MEETINGS',
        'GET_MEETING',
        'CREATE_MEETING',
        'UPDATE_MEETING',
        'DELETE_MEETING',
        'START_SESSION',
        'CREATE_JOIN_LINK',
        'MEETING_PARTICIPANTS',
      ].sort(),
    );
    for (const [name, [capability, call]] of Object.entries(ALL)) {
      const outcome = await call(ds, ctx()).then(
        () => 'ok',
        (error: { code?: string }) => error.code,
      );
      if (ds.capabilities.has(capability)) expect([name, outcome]).not.toEqual([name, 'UNSUPPORTED_BY_VENDOR']);
      else expect([name, outcome]).toEqual([name, 'UNSUPPORTED_BY_VENDOR']);
    }
    for (const method of ['getSessions', 'getParticipants', 'getRecordings', 'getConnectionReports'] as const) {
      expect(await rejection(ds[method](['1'], ctx()))).toMatchObject({ code: 'UNSUPPORTED_BY_VENDOR' });
    }
  });

  const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
  const validate = (credentials: unknown): string[] => {
    const config = plainToInstance(AlfaviewConnectionConfig, {
      id: 'alfa',
      vendor: 'alfaview',
      baseUrl: 'https://apis.alfaview.com/json/v1',
      credentials,
    });
    const errors = validateSync(config, VALIDATION);
    return errors.flatMap((e) => [
      ...Object.keys(e.constraints ?? {}).map((k) => `${e.property}:${k}`),
      ...(e.children ?? []).flatMap((child) => Object.keys(child.constraints ?? {}).map((k) => `${e.property}.${child.property}:${k}`)),
    ]);
  };

  it('accepts exactly one credential shape', () => {
    expect(validate({ ...ALFAVIEW_SANDBOX_CREDENTIALS })).toEqual([]);
    expect(validate({ ...ALFAVIEW_SANDBOX_USER })).toEqual([]);
    expect(validate({ ...ALFAVIEW_SANDBOX_CREDENTIALS, username: 'a', password: 'b' })).toContain('credentials:alfaviewCredentialShape');
    expect(validate({ companyId: '1' })).toContain('credentials:alfaviewCredentialShape');
    expect(validate({ clientId: 'key', companyId: '1' })).toContain('credentials:alfaviewCredentialShape');
    expect(validate({ ...ALFAVIEW_SANDBOX_USER, companyId: undefined })).toContain('credentials.companyId:isString');
    expect(validate({ ...ALFAVIEW_SANDBOX_USER, token: 'x' })).toContain('credentials.token:whitelistValidation');
    expect(validate(undefined).some((e) => e.startsWith('credentials:'))).toBe(true);
  });

  it('points the sandbox connection at the simulator', async () => {
    const entry = alfaviewModule.sandboxConnection(sim, 'alfa-sandbox');
    expect(entry).toMatchObject({ id: 'alfa-sandbox', vendor: 'alfaview', baseUrl: sim.url });
    expect(validate((entry as { credentials: unknown }).credentials)).toEqual([]);
  });
});
