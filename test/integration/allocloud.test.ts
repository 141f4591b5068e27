import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AllocloudConnectionConfig } from '../../datasources/allocloud/config.js';
import type { AllocloudDatasource } from '../../datasources/allocloud/datasource.js';
import { allocloudModule } from '../../datasources/allocloud/index.js';
import {
  ALLOCLOUD_OTHER_ACCOUNT_ID,
  ALLOCLOUD_SANDBOX_ACCOUNT_API_KEY,
  ALLOCLOUD_SANDBOX_ACCOUNT_ID,
  ALLOCLOUD_SANDBOX_API_KEY,
  ALLOCLOUD_SANDBOX_USER_ID,
  startAllocloudSimulator,
  type AllocloudSimulatorState,
} from '../../datasources/allocloud/simulator.js';
import type { Capability } from '../../datasources/capabilities.js';
import type { CreateMeetingCommand } from '../../datasources/commands.js';
import { ConnectionHealth } from '../../datasources/health.js';
import { newCallContext, type CallContext } from '../../datasources/request-memo.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { MeetgraphError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { meetingQuery, createCommand as baseCreateCommand } from '../helpers/commands.js';

// A Wednesday in summer: Europe/Zurich is on CEST, so the TZID feed really needs its VTIMEZONE.
const now = new Date('2025-06-11T10:07:00.000Z');
const clock = (): Date => now;

let sim: RunningSimulator<AllocloudSimulatorState>;
let ds: AllocloudDatasource;
let requestNo = 0;
/** The errors the current test saw; `afterEach` checks them for credentials, then empties the list. */
const seenErrors: unknown[] = [];
const FEED = 'meeting.calender.user';

function ctx(): CallContext {
  requestNo += 1;
  return newCallContext(`req-${requestNo}`);
}

function makeDatasource(overrides: Record<string, unknown> = {}): AllocloudDatasource {
  // Failures injected by one test must not open the circuit for the next, whatever order they run in
  // (the breaker has its own tests in test/api/faults.api.test.ts).
  const plain = { ...allocloudModule.sandboxConnection(sim, 'allo'), breaker: { failures: 1_000 }, ...overrides };
  const config = plainToInstance(AllocloudConnectionConfig, plain);
  expect(validateSync(config, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
  return allocloudModule.createDatasource(config, {
    logger: silentLogger(),
    health: new ConnectionHealth(clock),
    now: clock,
  }) as AllocloudDatasource;
}

const createCommand = (o: Partial<CreateMeetingCommand> = {}): CreateMeetingCommand =>
  baseCreateCommand({ startsAt: new Date('2025-06-13T08:00:00.000Z'), durationMinutes: 60, ...o });

async function failure(
  promise: Promise<unknown>,
): Promise<MeetgraphError & { field?: string; retryable?: boolean; retryAfterSeconds?: number | null }> {
  try {
    await promise;
  } catch (error) {
    seenErrors.push(error);
    expect(error).toBeInstanceOf(MeetgraphError);
    return error as MeetgraphError;
  }
  throw new Error('expected a rejection');
}

function sandboxMeetings(): Array<ReturnType<AllocloudSimulatorState['meetings']['get']> & object> {
  return [...sim.state.meetings.values()].filter((m) => m.accountId === ALLOCLOUD_SANDBOX_ACCOUNT_ID);
}

function sandboxOrganizerIds(): string[] {
  return [...sim.state.organizers.values()].filter((o) => o.accountId === ALLOCLOUD_SANDBOX_ACCOUNT_ID).map((o) => o.id);
}

beforeAll(async () => {
  sim = await startAllocloudSimulator({ clock, seed: 11, size: 12, rateLimit: null });
  ds = makeDatasource();
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.control.resetCalls();
  sim.control.clearFaults();
  seenErrors.length = 0;
});

/** Within each test, so the check never depends on which tests ran before (jest --randomize). */
afterEach(() => {
  for (const error of seenErrors) {
    const text = `${(error as Error).message} ${JSON.stringify((error as MeetgraphError).extensions())}`;
    for (const secret of [ALLOCLOUD_SANDBOX_API_KEY, ALLOCLOUD_SANDBOX_ACCOUNT_API_KEY, 'definitely-not-a-key-123']) {
      expect(text).not.toContain(secret);
    }
  }
});

/** Runs `body` with a change to the shared simulator state, undone afterwards whatever happens. */
async function withState(change: () => () => void, body: () => Promise<void>): Promise<void> {
  const undo = change();
  try {
    await body();
  } finally {
    undo();
  }
}

describe('capabilities', () => {
  const every: Array<[Capability | null, (d: AllocloudDatasource, c: CallContext) => Promise<unknown>]> = [
    ['LIST_MEETINGS', (d, c) => d.listMeetings(meetingQuery(), c)],
    ['GET_MEETING', (d, c) => d.getMeetings(['x'], c)],
    ['MEETING_PARTICIPANTS', (d, c) => d.meetingParticipants(['x'], c)],
    ['DELETE_MEETING', (d, c) => d.deleteMeeting('x', c)],
    [
      'START_SESSION',
      (d, c) => d.startSession('x', { hostName: null, title: null, attendeePassword: null, moderatorPassword: null, logoutUrl: null }, c),
    ],
    ['END_SESSION', (d, c) => d.endSession('x', c)],
    ['CREATE_JOIN_LINK', (d, c) => d.createJoinLink('x', { displayName: 'A', role: 'PARTICIPANT', password: null, expiresAt: null }, c)],
    ['MEETING_SETTINGS', (d, c) => d.meetingSettings(['x'], c)],
    ['MEETING_SESSIONS', (d, c) => d.meetingSessions(['x'], c)],
    ['MEETING_RECORDINGS', (d, c) => d.meetingRecordings(['x'], c)],
    ['LIST_SESSIONS', (d, c) => d.listSessions({ from: null, to: null, offset: 0, limit: 5, live: null }, c)],
    ['SESSION_PARTICIPANTS', (d, c) => d.sessionParticipants(['x'], c)],
    ['SESSION_RECORDINGS', (d, c) => d.sessionRecordings(['x'], c)],
    ['LIST_RECORDINGS', (d, c) => d.listRecordings({ from: null, to: null, offset: 0, limit: 5, mediaTypes: null }, c)],
    [
      'LIST_CONNECTION_REPORTS',
      (d, c) => d.listConnectionReports({ from: null, to: null, offset: 0, limit: 5, modes: null, search: null }, c),
    ],
    [null, (d, c) => d.getSessions(['x'], c)],
    [null, (d, c) => d.getParticipants(['x'], c)],
    [null, (d, c) => d.getRecordings(['x'], c)],
    [null, (d, c) => d.getConnectionReports(['x'], c)],
  ];

  it('with accountId: exactly list/get/create/update/participants; everything else is UNSUPPORTED_BY_VENDOR', async () => {
    expect([...ds.capabilities].sort()).toEqual([
      'CREATE_MEETING',
      'GET_MEETING',
      'LIST_MEETINGS',
      'MEETING_PARTICIPANTS',
      'UPDATE_MEETING',
    ]);
    for (const [capability, call] of every) {
      if (capability && ds.capabilities.has(capability)) {
        await expect(call(ds, ctx())).resolves.toBeDefined();
      } else {
        expect((await failure(call(ds, ctx()))).code).toBe('UNSUPPORTED_BY_VENDOR');
      }
    }
    expect(sim.control.calls('meeting.delete')).toBe(0);
  });

  it('without accountId: listing, get and participants are UNSUPPORTED with no upstream call, create still works', async () => {
    const bare = makeDatasource({ accountId: undefined });
    expect([...bare.capabilities].sort()).toEqual(['CREATE_MEETING', 'UPDATE_MEETING']);
    for (const [, call] of every) expect((await failure(call(bare, ctx()))).code).toBe('UNSUPPORTED_BY_VENDOR');
    expect(sim.control.calls()).toBe(0);
    const created = await bare.createMeeting(createCommand({ title: 'No account id needed' }), ctx());
    expect(sim.state.meetings.get(created.nativeId)?.topic).toBe('No account id needed');
    // Updates read the meeting itself (GET /meeting/{id}), never the feeds: no accountId needed.
    const updated = await bare.updateMeeting(
      created.nativeId,
      { title: 'Still fine', startsAt: new Date('2025-06-13T09:00:00.000Z'), durationMinutes: 30 },
      ctx(),
    );
    expect(updated).toMatchObject({ title: 'Still fine', durationMinutes: 30 });
    const partial = await bare.updateMeeting(created.nativeId, { title: 'Only a title' }, ctx());
    expect(partial).toMatchObject({ title: 'Only a title', durationMinutes: 30 });
    expect(partial.startsAt?.toISOString()).toBe('2025-06-13T09:00:00.000Z');
    expect(sim.control.calls('account.admin')).toBe(0);
    expect(sim.control.calls(FEED)).toBe(0);
  });
});

describe('listing and get-by-id from the organizers’ iCalendar feeds', () => {
  it('lists every meeting of the account with the times of the vendor JSON (UTC and TZID feeds alike)', async () => {
    const page = await ds.listMeetings(meetingQuery(), ctx());
    const expected = sandboxMeetings();
    expect(page.hasMore).toBe(false);
    expect(page.items.map((m) => m.nativeId).sort()).toEqual(expected.map((m) => m.id).sort());
    for (const m of expected) {
      const item = page.items.find((i) => i.nativeId === m.id)!;
      expect(item.startsAt?.toISOString()).toBe(m.startTime);
      expect(item.endsAt?.toISOString()).toBe(m.endTime);
      expect(item.title).toBe(m.topic);
      expect(item.joinUrl).toBe(`${new URL(sim.url).origin}/meeting/${m.meetingId}`);
      expect(item.kind).toBe('SCHEDULED');
    }
    // Ordered newest first, as datasources/ordering.ts says.
    const starts = page.items.map((m) => m.startsAt!.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    // The live-now seeded meeting is LIVE, yesterday's is ENDED.
    const live = expected.find((m) => m.isActive)!;
    expect(page.items.find((i) => i.nativeId === live.id)?.status).toBe('LIVE');
    const ended = expected.filter((m) => m.dtClosedAt);
    expect(ended.length).toBeGreaterThan(0);
    for (const m of ended) expect(page.items.find((i) => i.nativeId === m.id)?.status).toBe('ENDED');
    // Organizers asked once, each feed read once.
    expect(sim.control.calls('account.admin')).toBe(1);
    expect(sim.control.details(FEED).sort()).toEqual(sandboxOrganizerIds().sort());
  });

  it('pages exactly: consecutive windows rebuild the full ordered list', async () => {
    const full = (await ds.listMeetings(meetingQuery(), ctx())).items.map((m) => m.nativeId);
    const pieces: string[] = [];
    for (let offset = 0; offset < full.length; offset += 5) {
      const page = await ds.listMeetings(meetingQuery({ offset, limit: 5 }), ctx());
      expect(page.hasMore).toBe(offset + 5 < full.length);
      pieces.push(...page.items.map((m) => m.nativeId));
    }
    expect(pieces).toEqual(full);
    const filtered = await ds.listMeetings(meetingQuery({ statuses: ['LIVE'] }), ctx());
    expect(filtered.items.every((m) => m.status === 'LIVE')).toBe(true);
    expect(filtered.items.length).toBeGreaterThan(0);
  });

  it('a batch of 50 ids reads each organizer feed exactly once; later calls in the same request read nothing', async () => {
    const c = ctx();
    const known = sandboxMeetings().map((m) => m.id);
    const ids = [...known, ...Array.from({ length: 50 - known.length }, (_, i) => `ffffffffffffffffffff${String(i).padStart(4, '0')}`)];
    expect(ids).toHaveLength(50);
    const results = await ds.getMeetings(ids, c);
    expect(results.slice(0, known.length).map((r) => (r as { nativeId: string }).nativeId)).toEqual(known);
    expect(results.slice(known.length).every((r) => r === null)).toBe(true);
    await ds.meetingParticipants(known, c);
    await ds.listMeetings(meetingQuery(), c);
    await ds.getMeetings([known[0]!], c);
    expect(sim.control.calls('account.admin')).toBe(1);
    expect(sim.control.details(FEED).sort()).toEqual(sandboxOrganizerIds().sort());
    // A new request reads again.
    await ds.getMeetings([known[0]!], ctx());
    expect(sim.control.calls(FEED)).toBe(2 * sandboxOrganizerIds().length);
  });

  it('maps the seeded meeting whose duration is the string "60" to 60 minutes', async () => {
    const sixty = sandboxMeetings().find((m) => m.duration === '60')!;
    expect(sixty).toBeDefined();
    const [meeting] = await ds.getMeetings([sixty.id], ctx());
    expect(meeting).toMatchObject({ nativeId: sixty.id, durationMinutes: 60 });
  });

  it('invited participants come from the feed ATTENDEE lines as INVITED', async () => {
    const withGuests = sandboxMeetings().find((m) => (m.invitedParticipants ?? []).length >= 2)!;
    const [participants, missing] = await ds.meetingParticipants([withGuests.id, 'ffffffffffffffffffffffff'], ctx());
    const emails = (withGuests.invitedParticipants as Array<{ email: string; name: string }>).map((p) => p.email);
    expect((participants as Array<{ email: string }>).map((p) => p.email)).toEqual(emails);
    expect(participants).toEqual(
      emails.map((email) => expect.objectContaining({ nativeId: `${withGuests.id}:${email}`, presence: 'INVITED', role: 'PARTICIPANT' })),
    );
    expect(missing).toBeInstanceOf(MeetgraphError);
    expect((missing as MeetgraphError).code).toBe('NOT_FOUND');
  });

  it('copes with TZID times whose VTIMEZONE is missing from the feed (IANA names via luxon)', async () => {
    sim.state.feedTimezoneDefinitions = false;
    try {
      const page = await ds.listMeetings(meetingQuery(), ctx());
      for (const m of sandboxMeetings()) expect(page.items.find((i) => i.nativeId === m.id)?.startsAt?.toISOString()).toBe(m.startTime);
    } finally {
      sim.state.feedTimezoneDefinitions = true;
    }
  });

  it('the feed is text/calendar with CRLF lines, folding, UTC and TZID times, and it wants the API key', async () => {
    const organizer = sim.state.organizers.get('65f1a2b3c4d5e6f708192a3d')!;
    const url = new URL(organizer.icsPath, sim.url);
    expect(url.pathname.startsWith('/api/v6/meeting/calender/user/')).toBe(true);
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    const response = await fetch(url, { headers: { 'x-api-key': ALLOCLOUD_SANDBOX_API_KEY } });
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const body = await response.text();
    expect(body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(body).toMatch(/DTSTART;TZID=Europe\/Zurich:\d{8}T\d{6}\r\n/);
    expect(body).toContain('BEGIN:VTIMEZONE');
    expect(body).toMatch(/\r\n [^\r\n]/); // a folded continuation line
    expect(body.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const admin = sim.state.organizers.get(ALLOCLOUD_SANDBOX_USER_ID)!;
    const utcFeed = await (await fetch(new URL(admin.icsPath, sim.url), { headers: { 'x-api-key': ALLOCLOUD_SANDBOX_API_KEY } })).text();
    expect(utcFeed).toMatch(/DTSTART:\d{8}T\d{6}Z\r\n/);
  });

  it('a meeting of another account is not in this connection’s feeds', async () => {
    const foreign = [...sim.state.meetings.values()].find((m) => m.accountId === ALLOCLOUD_OTHER_ACCOUNT_ID)!;
    expect(await ds.getMeetings([foreign.id], ctx())).toEqual([null]);
  });
});

describe('create and update', () => {
  it('creates a meeting with the documented body and maps the reply (duration "60" → 60)', async () => {
    const c = ctx();
    const created = await ds.createMeeting(
      createCommand({
        title: 'Launch review',
        description: 'Go/no-go',
        recorded: true,
        participants: [{ email: 'guest@example.com', displayName: 'Guest One', phone: null, role: null }],
      }),
      c,
    );
    const stored = sim.state.meetings.get(created.nativeId)!;
    expect(stored).toMatchObject({
      topic: 'Launch review',
      duration: '60',
      type: 'standard',
      isRecorded: true,
      agenda: 'Go/no-go',
      addedByUserId: ALLOCLOUD_SANDBOX_USER_ID,
    });
    expect(stored.startTime).toBe('2025-06-13T08:00:00.000Z');
    expect(stored.endTime).toBe('2025-06-13T09:00:00.000Z');
    expect(created).toMatchObject({ title: 'Launch review', durationMinutes: 60, status: 'SCHEDULED', description: 'Go/no-go' });
    // The same request sees the new meeting and its invitee (cached reads were dropped after the write).
    const [participants] = await ds.meetingParticipants([created.nativeId], c);
    expect(participants).toEqual([expect.objectContaining({ email: 'guest@example.com', displayName: 'Guest One', presence: 'INVITED' })]);
    const page = await ds.listMeetings(meetingQuery(), c);
    expect(page.items.some((m) => m.nativeId === created.nativeId)).toBe(true);
  });

  it('refuses a create without startsAt, or without endsAt/duration, before any call', async () => {
    expect(await failure(ds.createMeeting(createCommand({ startsAt: null }), ctx()))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.startsAt',
    });
    expect(await failure(ds.createMeeting(createCommand({ durationMinutes: null }), ctx()))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.endsAt',
    });
    expect(
      await failure(ds.createMeeting(createCommand({ participants: [{ email: null, displayName: 'X', phone: '1', role: null }] }), ctx())),
    ).toMatchObject({
      field: 'input.participants[0].email',
    });
    expect(sim.control.calls()).toBe(0);
  });

  it('updates with PUT /meeting/{id}/false; a full input reads no feed', async () => {
    const created = await ds.createMeeting(createCommand({ title: 'To be moved', startsAt: new Date('2025-06-14T08:00:00.000Z') }), ctx());
    sim.control.resetCalls();
    const updated = await ds.updateMeeting(
      created.nativeId,
      { title: 'Moved', startsAt: new Date('2025-06-14T09:30:00.000Z'), endsAt: new Date('2025-06-14T10:15:00.000Z') },
      ctx(),
    );
    expect(updated).toMatchObject({ nativeId: created.nativeId, title: 'Moved', durationMinutes: 45 });
    expect(sim.control.details('meeting.update')).toEqual([created.nativeId]);
    expect(sim.state.updateNotifyFlags.at(-1)).toBe('false');
    expect(sim.control.calls(FEED)).toBe(0);
    expect(sim.state.meetings.get(created.nativeId)).toMatchObject({
      topic: 'Moved',
      startTime: '2025-06-14T09:30:00.000Z',
      duration: '45',
    });
  });

  it('an update reads the full meeting and writes every field back: nothing reset, nothing re-typed, no feed text', async () => {
    const created = await ds.createMeeting(
      createCommand({
        title: 'Keep my settings',
        startsAt: new Date('2025-06-16T08:00:00.000Z'),
        description: 'Budget review',
        recorded: true,
        participants: [{ email: 'guest@example.com', displayName: 'Guest', phone: null, role: null }],
      }),
      ctx(),
    );
    // Set elsewhere (the vendor's own UI): a webinar with dial-in and a permission profile.
    Object.assign(sim.state.meetings.get(created.nativeId)!, { type: 'webinar', isDialin: true, meetingPermissionId: 'perm-42' });
    const before = structuredClone(sim.state.meetings.get(created.nativeId)!);
    const c = ctx();
    // The feed DESCRIPTION of this meeting carries invitation text besides the agenda.
    await ds.listMeetings(meetingQuery(), c);
    const renamed = await ds.updateMeeting(created.nativeId, { title: 'Renamed only' }, c);
    expect(renamed).toMatchObject({ title: 'Renamed only', durationMinutes: 60, description: 'Budget review' });
    const after = sim.state.meetings.get(created.nativeId)!;
    expect(after).toMatchObject({
      topic: 'Renamed only',
      startTime: before.startTime,
      endTime: before.endTime,
      type: 'webinar',
      isDialin: true,
      isRecorded: true,
      meetingPermissionId: 'perm-42',
      agenda: 'Budget review',
      invitedParticipants: before.invitedParticipants,
    });
    expect(sim.control.details('meeting.get')).toEqual([created.nativeId]);
    // Moving the start keeps the length; the read of this request's own write serves the second update.
    const newStart = new Date('2025-06-16T09:00:00.000Z');
    await ds.updateMeeting(created.nativeId, { startsAt: newStart }, c);
    expect(sim.state.meetings.get(created.nativeId)).toMatchObject({
      topic: 'Renamed only',
      startTime: newStart.toISOString(),
      endTime: '2025-06-16T10:00:00.000Z',
      agenda: 'Budget review',
      type: 'webinar',
    });
    expect(sim.control.calls('meeting.get')).toBe(1);
  });

  it('updating an unknown meeting is NOT_FOUND from the read, and nothing is written', async () => {
    expect((await failure(ds.updateMeeting('ffffffffffffffffffffffff', { title: 'x' }, ctx()))).code).toBe('NOT_FOUND');
    const full = { title: 'x', startsAt: new Date('2025-06-14T09:30:00.000Z'), durationMinutes: 30 };
    expect((await failure(ds.updateMeeting('ffffffffffffffffffffffff', full, ctx()))).code).toBe('NOT_FOUND');
    expect(sim.control.calls('meeting.update')).toBe(0);
  });

  it('one meeting has one status whether it comes back from a write or from the feed', async () => {
    // Inside its slot, nobody in it yet: the vendor says isActive false.
    const startsAt = new Date(now.getTime() - 10 * 60_000);
    const created = await ds.createMeeting(createCommand({ title: 'Starting now', startsAt, durationMinutes: 60 }), ctx());
    expect(sim.state.meetings.get(created.nativeId)?.isActive).toBe(false);
    const [listed] = await ds.getMeetings([created.nativeId], ctx());
    expect((listed as { status: string }).status).toBe(created.status);
    const updated = await ds.updateMeeting(created.nativeId, { title: 'Starting now, renamed' }, ctx());
    expect(updated.status).toBe(created.status);
    const [again] = await ds.getMeetings([created.nativeId], ctx());
    expect((again as { status: string }).status).toBe(updated.status);
    expect(created.status).toBe('LIVE');
  });

  it('sends X-USER-ID on the meeting calls only, as the tutorial does', async () => {
    sim.state.userIdHeaderRequests.length = 0;
    const c = ctx();
    await ds.listMeetings(meetingQuery(), c);
    await ds.createAccount(
      {
        accountType: 'trial',
        adminFirstname: 'H',
        adminLastname: 'Eader',
        adminEmail: 'header-check@example.com',
        adminPreferredLanguage: 'en',
        paidUntil: new Date('2026-01-01T00:00:00.000Z'),
        sendPassword: false,
      },
      c,
    );
    const created = await ds.createMeeting(createCommand({ title: 'Header check', startsAt: new Date('2025-06-17T08:00:00.000Z') }), c);
    await ds.updateMeeting(created.nativeId, { title: 'Header check 2' }, ctx());
    expect(sim.state.userIdHeaderRequests).toEqual([
      'POST /api/v6/meeting',
      `GET /api/v6/meeting/${created.nativeId}`,
      `PUT /api/v6/meeting/${created.nativeId}/false`,
    ]);
    expect(sim.control.calls('account.admin')).toBeGreaterThan(0);
    expect(sim.control.calls(FEED)).toBeGreaterThan(0);
  });
});

describe('createAccount (POST /account)', () => {
  const input = {
    accountType: 'trial',
    adminFirstname: 'Test',
    adminLastname: 'User',
    adminEmail: 'reseller-customer@example.com',
    adminPreferredLanguage: 'en',
    paidUntil: new Date('2025-07-11T00:00:00.000Z'),
    sendPassword: false,
  };

  it('creates an account and returns the mapped record; the same admin email again is -10 → VENDOR_REJECTED', async () => {
    const account = await ds.createAccount(input, ctx());
    expect(account).toMatchObject({
      name: 'reseller-customer@example.com',
      accountType: 'trial',
      numberOfMeetings: 0,
      paidUntil: input.paidUntil,
    });
    expect(account.id).toMatch(/^[0-9a-f]{24}$/);
    expect(sim.state.accounts.has(account.id)).toBe(true);
    const duplicate = await failure(ds.createAccount(input, ctx()));
    expect(duplicate).toMatchObject({ code: 'VENDOR_REJECTED', upstreamStatus: -10 });
    expect(duplicate.message).toContain('Already exists');
  });

  it('validates its input before calling, and an account-level key is FORBIDDEN (-3)', async () => {
    expect(await failure(ds.createAccount({ ...input, adminEmail: '' }, ctx()))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.adminEmail',
    });
    expect(sim.control.calls()).toBe(0);
    const accountKey = makeDatasource({ credentials: { apiKey: ALLOCLOUD_SANDBOX_ACCOUNT_API_KEY } });
    expect((await failure(accountKey.createAccount({ ...input, adminEmail: 'other@example.com' }, ctx()))).code).toBe('FORBIDDEN');
  });
});

describe('errors', () => {
  it.each([
    [-2, 'VENDOR_AUTH_FAILED'],
    [-3, 'FORBIDDEN'],
    [-4, 'VENDOR_REJECTED'],
    [-10, 'VENDOR_REJECTED'],
    [-99, 'VENDOR_UNAVAILABLE'],
    [-7, 'VENDOR_REJECTED'],
  ])('responseCode %i in an HTTP 200 envelope → %s', async (responseCode, code) => {
    sim.control.inject({
      operation: 'meeting.create',
      times: 1,
      action: { kind: 'status', status: 200, body: { responseCode, responseMessage: 'Nope', data: null } },
    });
    const error = await failure(ds.createMeeting(createCommand(), ctx()));
    expect(error.code).toBe(code);
    expect(error.message).toContain('"Nope"');
    // HTTP 200 outages still count against the connection's health.
    if (code === 'VENDOR_AUTH_FAILED' || code === 'VENDOR_UNAVAILABLE') expect(ds.health.snapshot().lastErrorCode).toBe(code);
  });

  it('a negative responseCode on a listing read or a feed read is mapped too', async () => {
    sim.control.inject({
      operation: 'account.admin',
      times: 1,
      action: { kind: 'status', status: 200, body: { responseCode: -3, responseMessage: 'Not allowed', data: null } },
    });
    expect((await failure(ds.listMeetings(meetingQuery(), ctx()))).code).toBe('FORBIDDEN');
    sim.control.inject({
      operation: FEED,
      times: 1,
      action: { kind: 'status', status: 200, body: { responseCode: -2, responseMessage: 'Session not valid', data: null } },
    });
    expect((await failure(ds.listMeetings(meetingQuery(), ctx()))).code).toBe('VENDOR_AUTH_FAILED');
  });

  it('a failed feed fails the list, but getMeetings still answers ids found in the other feeds', async () => {
    // One organizer's feed fails on every attempt (reads are retried).
    sim.control.inject({ operation: FEED, detail: sandboxOrganizerIds()[0], action: { kind: 'status', status: 503 } });
    expect((await failure(ds.listMeetings(meetingQuery(), ctx()))).code).toBe('VENDOR_UNAVAILABLE');
    const ids = sandboxMeetings().map((m) => m.id);
    const results = await ds.getMeetings(ids, ctx());
    const errors = results.filter((r) => r instanceof Error);
    expect(errors.length).toBeGreaterThan(0);
    expect(results.some((r) => r !== null && !(r instanceof Error))).toBe(true);
    for (const e of errors) expect((e as MeetgraphError).code).toBe('VENDOR_UNAVAILABLE');
  });

  it('real vendor answers: wrong key → 401 → VENDOR_AUTH_FAILED; unknown X-USER-ID too; invalid data -4; duplicate -10', async () => {
    const wrongKey = makeDatasource({ credentials: { apiKey: 'definitely-not-a-key-123', userId: ALLOCLOUD_SANDBOX_USER_ID } });
    expect((await failure(wrongKey.listMeetings(meetingQuery(), ctx()))).code).toBe('VENDOR_AUTH_FAILED');
    const wrongUser = makeDatasource({ credentials: { apiKey: ALLOCLOUD_SANDBOX_API_KEY, userId: 'ffffffffffffffffffff0000' } });
    expect((await failure(wrongUser.createMeeting(createCommand(), ctx()))).code).toBe('VENDOR_AUTH_FAILED');
    const invalid = await failure(
      ds.createMeeting(createCommand({ participants: [{ email: 'not-an-email', displayName: null, phone: null, role: null }] }), ctx()),
    );
    expect(invalid).toMatchObject({ code: 'VENDOR_REJECTED', upstreamStatus: -4 });
    await ds.createMeeting(createCommand({ title: 'Twice', startsAt: new Date('2025-06-20T08:00:00.000Z') }), ctx());
    const twice = await failure(ds.createMeeting(createCommand({ title: 'Twice', startsAt: new Date('2025-06-20T08:00:00.000Z') }), ctx()));
    expect(twice).toMatchObject({ code: 'VENDOR_REJECTED', upstreamStatus: -10 });
    // An account key on another account's admin list: -3.
    const accountKey = makeDatasource({
      credentials: { apiKey: ALLOCLOUD_SANDBOX_ACCOUNT_API_KEY },
      accountId: ALLOCLOUD_OTHER_ACCOUNT_ID,
    });
    expect((await failure(accountKey.listMeetings(meetingQuery(), ctx()))).code).toBe('FORBIDDEN');
  });

  it('a revoked key fails with VENDOR_AUTH_FAILED and works again once restored (static keys: nothing to renew)', async () => {
    const key = sim.state.apiKeys.get(ALLOCLOUD_SANDBOX_API_KEY)!;
    sim.state.apiKeys.delete(ALLOCLOUD_SANDBOX_API_KEY);
    try {
      expect((await failure(ds.getMeetings(['x'], ctx()))).code).toBe('VENDOR_AUTH_FAILED');
    } finally {
      sim.state.apiKeys.set(ALLOCLOUD_SANDBOX_API_KEY, key);
    }
    await expect(ds.getMeetings(['x'], ctx())).resolves.toEqual([null]);
  });

  it('HTTP 429 → VENDOR_RATE_LIMITED with Retry-After; 5xx → VENDOR_UNAVAILABLE; 404 → NOT_FOUND', async () => {
    const target = await ds.createMeeting(createCommand({ title: 'Fault target', startsAt: new Date('2025-06-22T08:00:00.000Z') }), ctx());
    sim.state.rateLimit = { limit: 1, windowMs: 30_000 };
    try {
      await ds.createMeeting(createCommand({ title: 'Within budget', startsAt: new Date('2025-06-21T08:00:00.000Z') }), ctx());
      const limited = await failure(
        ds.createMeeting(createCommand({ title: 'Over budget', startsAt: new Date('2025-06-21T09:00:00.000Z') }), ctx()),
      );
      expect(limited).toMatchObject({ code: 'VENDOR_RATE_LIMITED', retryable: true, retryAfterSeconds: 30 });
    } finally {
      sim.state.rateLimit = null;
    }
    sim.control.inject({
      operation: 'meeting.update',
      times: 1,
      action: { kind: 'status', status: 502, body: { responseCode: -99, responseMessage: 'x', data: null } },
    });
    expect((await failure(ds.updateMeeting(target.nativeId, { title: 'x' }, ctx()))).code).toBe('VENDOR_UNAVAILABLE');
    sim.control.inject({
      operation: 'meeting.update',
      times: 1,
      action: { kind: 'status', status: 404, body: { responseCode: -4, responseMessage: 'Not found', data: null } },
    });
    expect((await failure(ds.updateMeeting(target.nativeId, { title: 'x' }, ctx()))).code).toBe('NOT_FOUND');
  });

  it('transport faults: a reset is VENDOR_UNAVAILABLE, a reply slower than timeoutMs is VENDOR_TIMEOUT', async () => {
    sim.control.inject({ operation: 'account.admin', times: 3, action: { kind: 'reset' } }); // a read is tried three times
    expect((await failure(ds.listMeetings(meetingQuery(), ctx()))).code).toBe('VENDOR_UNAVAILABLE');
    // The first call of the list is the one held, so no other call has to beat the timeout on a loaded machine.
    const impatient = makeDatasource({ timeoutMs: 1_500 });
    sim.control.inject({ operation: 'account.admin', times: 1, action: { kind: 'delay', delayMs: 4_000 } });
    expect((await failure(impatient.listMeetings(meetingQuery(), ctx()))).code).toBe('VENDOR_TIMEOUT');
  });
});

describe('what the feeds and the organizer list cannot be trusted with', () => {
  it('an organizer list of the account admin alone answers PARTIAL: other organizers’ meetings are missing, it says so', async () => {
    await withState(
      () => {
        sim.state.accountAdminOnly = true;
        return () => {
          sim.state.accountAdminOnly = false;
        };
      },
      async () => {
        const page = await ds.listMeetings(meetingQuery(), ctx());
        const adminMeetings = sandboxMeetings().filter((m) => m.addedByUserId === ALLOCLOUD_SANDBOX_USER_ID);
        expect(page.items.map((m) => m.nativeId).sort()).toEqual(adminMeetings.map((m) => m.id).sort());
        expect(adminMeetings.length).toBeLessThan(sandboxMeetings().length);
        expect(page.partialReason).toMatch(/only the account admin/);
        // A connection writing as another organizer sees that its own user is not even listed.
        const asLukas = makeDatasource({ credentials: { apiKey: ALLOCLOUD_SANDBOX_API_KEY, userId: '65f1a2b3c4d5e6f708192a3d' } });
        expect((await asLukas.listMeetings(meetingQuery(), ctx())).partialReason).toMatch(/configured user/);
      },
    );
    // Every organizer listed: complete.
    expect((await ds.listMeetings(meetingQuery(), ctx())).partialReason ?? null).toBeNull();
  });

  it('a meeting created with startsAt 0001-01-01 is skipped with PARTIAL; the list and every other look-up still answer', async () => {
    // Created outside meetgraph, straight through the vendor API.
    const reply = await fetch(`${sim.url}/meeting`, {
      method: 'POST',
      headers: { 'x-api-key': ALLOCLOUD_SANDBOX_API_KEY, 'x-user-id': ALLOCLOUD_SANDBOX_USER_ID, 'content-type': 'application/json' },
      body: JSON.stringify({
        topic: 'Year one',
        startTime: '0001-01-01T00:00:00.000Z',
        endTime: '0001-01-01T01:00:00.000Z',
        duration: 60,
        type: 'standard',
        isRecurring: false,
        isRecorded: false,
        isDialin: false,
        invitedParticipants: [],
        recurring: {},
        meetingPermissionId: null,
      }),
    });
    const odd = ((await reply.json()) as { data: { id: string } }).data.id;
    await withState(
      () => () => {
        sim.state.meetings.delete(odd);
      },
      async () => {
        const others = sandboxMeetings().filter((m) => m.id !== odd);
        const page = await ds.listMeetings(meetingQuery(), ctx());
        expect(page.items.map((m) => m.nativeId).sort()).toEqual(others.map((m) => m.id).sort());
        expect(page.partialReason).toMatch(/1 meeting\(s\) in ALLOcloud's iCalendar feeds could not be read/);
        const [bad, good, unknown] = await ds.getMeetings([odd, others[0]!.id, 'ffffffffffffffffffffffff'], ctx());
        expect(bad).toBeInstanceOf(MeetgraphError);
        expect((bad as Error).message).toContain(odd);
        expect((good as { nativeId: string }).nativeId).toBe(others[0]!.id);
        expect(unknown).toBeNull();
        const [participants] = await ds.meetingParticipants([others[0]!.id], ctx());
        expect(Array.isArray(participants)).toBe(true);
      },
    );
  });

  it('never sends the API key to a feed path off the vendor host', async () => {
    const seen: Array<string | undefined> = [];
    const elsewhere = http.createServer((req, res) => {
      seen.push(req.headers['x-api-key'] as string | undefined);
      res.writeHead(200, { 'content-type': 'text/calendar' }).end('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', () => resolve()));
    const { port } = elsewhere.address() as AddressInfo;
    const organizer = sim.state.organizers.get('65f1a2b3c4d5e6f708192a3e')!;
    const original = organizer.icsPath;
    try {
      const foreign = `127.0.0.1:${port}/api/v6/meeting/calender/user/x`;
      for (const path of [`http://${foreign}`, `//${foreign}`]) {
        organizer.icsPath = path;
        const error = await failure(ds.listMeetings(meetingQuery(), ctx()));
        expect(error.message).toMatch(/outside its own origin/);
        // look-ups of ids found elsewhere still answer
        const [first] = await ds.getMeetings([sandboxMeetings().find((m) => m.addedByUserId === ALLOCLOUD_SANDBOX_USER_ID)!.id], ctx());
        expect(first).not.toBeInstanceOf(Error);
      }
      expect(seen).toEqual([]);
    } finally {
      organizer.icsPath = original;
      await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
    }
  });
});
