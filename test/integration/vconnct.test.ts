import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Capability } from '../../datasources/capabilities.js';
import type { CreateMeetingCommand } from '../../datasources/commands.js';
import { ConnectionHealth } from '../../datasources/health.js';
import type { MeetingListQuery } from '../../datasources/list-queries.js';
import { newCallContext, type CallContext } from '../../datasources/request-memo.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import type { VendorDatasource } from '../../datasources/vendor.js';
import { VconnctConnectionConfig } from '../../datasources/vconnct/config.js';
import { vconnctModule } from '../../datasources/vconnct/index.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE, type VconnctSimulatorState } from '../../datasources/vconnct/simulator.js';
import { MeetgraphError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import {
  meetingQuery as baseMeetingQuery,
  sessionQuery,
  recordingQuery,
  createCommand as baseCreateCommand,
  NO_START,
} from '../helpers/commands.js';

const START = new Date('2025-03-12T10:00:00.000Z');
let now = new Date(START);
const clock = (): Date => now;

let sim: RunningSimulator<VconnctSimulatorState>;
let ds: VendorDatasource;
let requestNo = 0;
/** The errors the current test saw; afterEach checks them for the license, so each test is checked on its own. */
const seenErrors: unknown[] = [];

function expectNoLicenseIn(errors: readonly unknown[]): void {
  for (const error of errors) {
    const text = `${(error as Error).message} ${JSON.stringify((error as MeetgraphError).extensions?.() ?? {})}`;
    expect(text).not.toContain(VCONNCT_SANDBOX_LICENSE);
  }
}

function ctx(): CallContext {
  requestNo += 1;
  return newCallContext(`req-${requestNo}`);
}

function makeDatasource(target: RunningSimulator, overrides: Record<string, unknown> = {}): VendorDatasource {
  // The breaker has its own tests (test/api/faults.api.test.ts); here failures injected by one test must not
  // open the circuit for the next, whatever order they run in.
  const plain = { ...vconnctModule.sandboxConnection(target, 'vc'), breaker: { failures: 1_000 }, ...overrides };
  const config = plainToInstance(VconnctConnectionConfig, plain);
  return vconnctModule.createDatasource(config, { logger: silentLogger(), health: new ConnectionHealth(clock), now: clock });
}

const meetingQuery = (o: Partial<MeetingListQuery> = {}): MeetingListQuery => baseMeetingQuery({ limit: 50, ...o });
const createCommand = (o: Partial<CreateMeetingCommand> = {}): CreateMeetingCommand =>
  baseCreateCommand({ title: 'Integration room', ...o });

/** The error a promise rejects with (recorded for the credential check); fails the test if it resolves. */
async function failure(promise: Promise<unknown>): Promise<MeetgraphError & { field?: string; retryable?: boolean }> {
  try {
    await promise;
  } catch (error) {
    seenErrors.push(error);
    expect(error).toBeInstanceOf(MeetgraphError);
    return error as MeetgraphError;
  }
  throw new Error('expected a rejection');
}

function seededMeetingIds(): string[] {
  return [...sim.state.meetings.values()].filter((m) => m.license === VCONNCT_SANDBOX_LICENSE).map((m) => m.meeting_id);
}
function seededSessions(meetingIds: string[]): string[] {
  return [...sim.state.sessions.values()].filter((s) => meetingIds.includes(s.meeting_id)).map((s) => s.session_id);
}

beforeAll(async () => {
  sim = await startVconnctSimulator({ clock, seed: 7 });
  ds = makeDatasource(sim);
});

afterAll(async () => {
  await ds?.close();
  await sim?.close();
});

beforeEach(() => {
  now = new Date(START);
  sim.control.clearFaults();
  sim.control.resetCalls();
  seenErrors.length = 0;
});

afterEach(() => {
  expectNoLicenseIn(seenErrors);
});

describe('vconnct config', () => {
  it('validates the sandbox connection with whitelist and forbidNonWhitelisted, and rejects a missing license', () => {
    const good = plainToInstance(VconnctConnectionConfig, vconnctModule.sandboxConnection(sim, 'vc'));
    expect(validateSync(good, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
    const bad = plainToInstance(VconnctConnectionConfig, { ...vconnctModule.sandboxConnection(sim, 'vc'), credentials: { license: '' } });
    expect(validateSync(bad, { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property)).toContain('credentials');
  });
});

describe('vconnct reads', () => {
  it('lists the seeded rooms: ROOM kind, two LIVE, the rest IDLE', async () => {
    const page = await ds.listMeetings(meetingQuery(), ctx());
    expect(page.items).toHaveLength(6);
    expect(page.hasMore).toBe(false);
    expect(page.items.every((m) => m.kind === 'ROOM')).toBe(true);
    expect(page.items.filter((m) => m.status === 'LIVE')).toHaveLength(2);
    expect(page.items.filter((m) => m.status === 'IDLE')).toHaveLength(4);
    expect(sim.control.calls('list_meetings')).toBe(1);
    const live = await ds.listMeetings(meetingQuery({ statuses: ['LIVE'] }), ctx());
    expect(live.items.map((m) => m.nativeId).sort()).toEqual(
      [...sim.state.meetings.values()]
        .filter((m) => m.is_running)
        .map((m) => m.meeting_id)
        .sort(),
    );
  });

  it('pages meetings exactly and stably', async () => {
    const first = await ds.listMeetings(meetingQuery({ limit: 4 }), ctx());
    const second = await ds.listMeetings(meetingQuery({ limit: 4, offset: 4 }), ctx());
    expect(first.items).toHaveLength(4);
    expect(first.hasMore).toBe(true);
    expect(second.items).toHaveLength(2);
    expect(second.hasMore).toBe(false);
    const all = await ds.listMeetings(meetingQuery(), ctx());
    expect([...first.items, ...second.items].map((m) => m.nativeId)).toEqual(all.items.map((m) => m.nativeId));
  });

  it('gets meetings by id from one memoized list_meetings, null for an unknown id', async () => {
    const ids = seededMeetingIds();
    const c = ctx();
    const result = await ds.getMeetings([ids[0] as string, 'unknown-id', ids[1] as string], c);
    expect((result[0] as { nativeId: string }).nativeId).toBe(ids[0]);
    expect(result[1]).toBeNull();
    expect((result[2] as { nativeId: string }).nativeId).toBe(ids[1]);
    await ds.listMeetings(meetingQuery(), c);
    expect(sim.control.calls('list_meetings')).toBe(1);
  });

  it('reads meeting settings (ten name/value pairs) once per meeting per request', async () => {
    const ids = seededMeetingIds();
    const c = ctx();
    const [settings] = await ds.meetingSettings([ids[0] as string], c);
    expect(settings).toHaveLength(10);
    const expected = sim.state.meetings.get(ids[0] as string)?.settings;
    expect(settings).toContainEqual({ name: 'record', value: expected?.record });
    await ds.meetingSettings(ids, c);
    expect(sim.control.details('list_setting').sort()).toEqual([...ids].sort());
  });

  it('asks each list_sessions / list_attendance / get_record resource exactly once for N meetings in one request', async () => {
    const ids = seededMeetingIds();
    const sessionIds = seededSessions(ids);
    const ended = [...sim.state.sessions.values()].filter((s) => s.end !== null).map((s) => s.session_id);
    const c = ctx();
    const [sessions, participants, recordings] = await Promise.all([
      ds.meetingSessions(ids, c),
      ds.meetingParticipants(ids, c),
      ds.meetingRecordings(ids, c),
    ]);
    await ds.listSessions(sessionQuery(), c);
    await ds.sessionParticipants(sessionIds, c);
    await ds.meetingParticipants(ids, c);
    expect(sim.control.details('list_sessions').sort()).toEqual([...ids].sort());
    expect(sim.control.details('list_attendance').sort()).toEqual([...sessionIds].sort());
    expect(sim.control.details('get_record').sort()).toEqual([...ended].sort());
    expect(sim.control.calls('list_meetings')).toBe(1);
    expect(sessions.every((r) => Array.isArray(r))).toBe(true);
    expect(participants.every((r) => Array.isArray(r))).toBe(true);
    expect(recordings.every((r) => Array.isArray(r))).toBe(true);
  });

  it('maps sessions, attendance (LEFT for ended, ONLINE for the running session) and recordings of a room', async () => {
    const running =
      [...sim.state.meetings.values()].find((m) => m.is_running && m.settings.record) ??
      [...sim.state.meetings.values()].find((m) => m.is_running);
    const meetingId = running?.meeting_id as string;
    const c = ctx();
    const [sessions] = await ds.meetingSessions([meetingId], c);
    const list = sessions as Array<{ nativeId: string; live: boolean; meetingNativeId: string | null; endedAt: Date | null }>;
    expect(list.filter((s) => s.live)).toHaveLength(1);
    expect(list.filter((s) => !s.live).length).toBeGreaterThanOrEqual(2);
    expect(list.every((s) => s.meetingNativeId === meetingId)).toBe(true);
    const liveId = list.find((s) => s.live)?.nativeId as string;
    const endedId = list.find((s) => !s.live)?.nativeId as string;
    const [liveParticipants, endedParticipants] = (await ds.sessionParticipants([liveId, endedId], c)) as Array<
      Array<{ presence: string; role: string; displayName: string }>
    >;
    expect(liveParticipants?.length).toBe(sim.state.attendance.get(liveId)?.length);
    expect(liveParticipants?.every((p) => p.presence === 'ONLINE' && p.role === 'UNKNOWN')).toBe(true);
    expect(endedParticipants?.every((p) => p.presence === 'LEFT')).toBe(true);
    const [meetingParticipants] = await ds.meetingParticipants([meetingId], c);
    const expectedCount = seededSessions([meetingId]).reduce((n, id) => n + (sim.state.attendance.get(id)?.length ?? 0), 0);
    expect(meetingParticipants).toHaveLength(expectedCount);
    const [recs] = await ds.meetingRecordings([meetingId], c);
    const recordings = recs as Array<{ nativeId: string; url: string; mediaType: string; createdAt: Date }>;
    const endedSessions = list.filter((s) => !s.live);
    expect(recordings).toHaveLength(running?.settings.record ? endedSessions.length : 0);
    for (const r of recordings) {
      expect(r.mediaType).toBe('PLAYBACK_PAGE');
      expect(r.url).toContain('/playback/presentation/2.3/');
      expect(r.createdAt.toISOString()).toBe(endedSessions.find((s) => s.nativeId === r.nativeId)?.endedAt?.toISOString());
    }
  });

  it('treats a session without a recording (404 from get_record) as no recording, not an error', async () => {
    const unrecorded = [...sim.state.sessions.values()].find((s) => s.end !== null && !s.recorded);
    expect(unrecorded).toBeDefined();
    const c = ctx();
    const [recs] = await ds.sessionRecordings([unrecorded?.session_id as string], c);
    expect(recs).toEqual([]);
    expect(sim.control.calls('get_record')).toBe(1);
    expect(await ds.getRecordings([unrecorded?.session_id as string], c)).toEqual([null]);
  });

  it('lists sessions across rooms, filtered by live and paged', async () => {
    const total = sim.state.sessions.size;
    const all = await ds.listSessions(sessionQuery(), ctx());
    expect(all.items).toHaveLength(total);
    const live = await ds.listSessions(sessionQuery({ live: true }), ctx());
    expect(live.items).toHaveLength(2);
    const first = await ds.listSessions(sessionQuery({ limit: 5 }), ctx());
    const rest = await ds.listSessions(sessionQuery({ offset: 5 }), ctx());
    expect(first.hasMore).toBe(true);
    expect([...first.items, ...rest.items].map((s) => s.nativeId)).toEqual(all.items.map((s) => s.nativeId));
    const lastDay = await ds.listSessions(sessionQuery({ from: new Date(START.getTime() - 86_400_000 * 1.5) }), ctx());
    expect(lastDay.items.length).toBeLessThan(total);
    expect(lastDay.items.every((s) => (s.startedAt as Date).getTime() >= START.getTime() - 86_400_000 * 1.5)).toBe(true);
  });

  it('lists recordings of ended recorded sessions, newest first, filtered by time without asking for others', async () => {
    const expected = [...sim.state.sessions.values()].filter((s) => s.end !== null && s.recorded);
    const all = await ds.listRecordings(recordingQuery(), ctx());
    expect(all.items.map((r) => r.nativeId).sort()).toEqual(expected.map((s) => s.session_id).sort());
    const times = all.items.map((r) => (r.createdAt as Date).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    sim.control.resetCalls();
    const from = new Date(START.getTime() - 86_400_000 * 2.5);
    const recent = await ds.listRecordings(recordingQuery({ from }), ctx());
    expect(recent.items.every((r) => (r.createdAt as Date).getTime() >= from.getTime())).toBe(true);
    const endedInRange = [...sim.state.sessions.values()].filter((s) => s.end !== null && s.end.getTime() >= from.getTime());
    expect(sim.control.calls('get_record')).toBe(endedInRange.length);
    const paged = await ds.listRecordings(recordingQuery({ limit: 2 }), ctx());
    expect(paged.items.map((r) => r.nativeId)).toEqual(all.items.slice(0, 2).map((r) => r.nativeId));
    expect(paged.hasMore).toBe(all.items.length > 2);
    sim.control.resetCalls();
    expect((await ds.listRecordings(recordingQuery({ mediaTypes: ['VIDEO'] }), ctx())).items).toEqual([]);
    expect(sim.control.calls()).toBe(0);
  });

  it('resolves session, recording and participant ids from a fresh request', async () => {
    const sessions = (await ds.listSessions(sessionQuery(), ctx())).items;
    const recording = (await ds.listRecordings(recordingQuery({ limit: 1 }), ctx())).items[0];
    const someSession = sessions[3];
    const [participants] = await ds.sessionParticipants([someSession?.nativeId as string], ctx());
    const participant = (participants as Array<{ nativeId: string; displayName: string }>)[1];
    sim.control.resetCalls();
    const c = ctx();
    const [s, missingSession] = await ds.getSessions([someSession?.nativeId as string, 'nope'], c);
    expect(s).toMatchObject({ nativeId: someSession?.nativeId, meetingNativeId: someSession?.meetingNativeId });
    expect(missingSession).toBeNull();
    const [r] = await ds.getRecordings([recording?.nativeId as string], c);
    expect(r).toMatchObject({ nativeId: recording?.nativeId, url: recording?.url });
    const [p, missingParticipant] = await ds.getParticipants([participant?.nativeId as string, 'garbage'], c);
    expect(p).toMatchObject({ nativeId: participant?.nativeId, displayName: participant?.displayName });
    expect(missingParticipant).toBeNull();
    // The scan behind these lookups asked each meeting's sessions once, and only the attendance it needed.
    expect(sim.control.details('list_sessions').sort()).toEqual(seededMeetingIds().sort());
    expect(sim.control.details('list_attendance')).toEqual([someSession?.nativeId]);
  });

  it('accepts the general defaults printed as a {setting,value} list, fetched once per connection', async () => {
    const other = await startVconnctSimulator({ clock, seed: 11, size: 2, generalSettingsShape: 'list' });
    try {
      other.state.generalSettings.lock_settings_disable_cam = true;
      const otherDs = makeDatasource(other);
      const a = await otherDs.createMeeting(createCommand({ title: 'A' }), ctx());
      await otherDs.createMeeting(createCommand({ title: 'B', settings: [{ name: 'record', value: true }] }), ctx());
      expect(other.control.calls('list_general_meeting_setting')).toBe(1);
      const stored = other.state.meetings.get(a.nativeId)?.settings;
      expect(stored?.lock_settings_disable_cam).toBe(true);
      expect(stored?.record).toBe(false);
    } finally {
      await other.close();
    }
  });
});

describe('vconnct writes', () => {
  it('runs create → update → start → join as moderator and viewer → end → delete', async () => {
    // create: one setting named, the other nine from the general defaults (all false in the simulator)
    const created = await ds.createMeeting(
      createCommand({
        title: 'Quarterly planning',
        description: 'Welcome, planners',
        moderatorPassword: 'mod-pass-123',
        settings: [{ name: 'record', value: true }],
      }),
      ctx(),
    );
    expect(created).toMatchObject({
      kind: 'ROOM',
      title: 'Quarterly planning',
      description: 'Welcome, planners',
      status: 'IDLE',
      settings: null,
    });
    const stored = sim.state.meetings.get(created.nativeId);
    expect(stored?.moderator_password).toBe('mod-pass-123');
    expect(stored?.welcome_text).toBe('Welcome, planners');
    expect(stored?.settings.record).toBe(true);
    expect(Object.values(stored?.settings ?? {}).filter(Boolean)).toHaveLength(1);
    expect(sim.control.calls('create_meeting')).toBe(1);

    // update with only a title keeps the current settings and welcome text
    stored!.settings.lock_settings_disable_mic = true;
    const renamed = await ds.updateMeeting(created.nativeId, { title: 'Quarterly planning (Q3)' }, ctx());
    expect(renamed.title).toBe('Quarterly planning (Q3)');
    expect(renamed.description).toBe('Welcome, planners');
    expect(sim.state.meetings.get(created.nativeId)?.settings).toMatchObject({ record: true, lock_settings_disable_mic: true });

    // update with settings and no title: keeps the title, completes settings from the general defaults
    const resettled = await ds.updateMeeting(created.nativeId, { settings: [{ name: 'webcam_only_for_moderators', value: true }] }, ctx());
    expect(resettled.title).toBe('Quarterly planning (Q3)');
    expect(sim.state.meetings.get(created.nativeId)?.settings).toMatchObject({
      webcam_only_for_moderators: true,
      record: false,
      lock_settings_disable_mic: false,
    });
    // `recorded` alone changes `record` and keeps the rest
    await ds.updateMeeting(created.nativeId, { recorded: true }, ctx());
    expect(sim.state.meetings.get(created.nativeId)?.settings).toMatchObject({ record: true, webcam_only_for_moderators: true });
    const cleared = await ds.updateMeeting(created.nativeId, { description: null }, ctx());
    expect(cleared.description).toBeNull();
    expect(sim.state.meetings.get(created.nativeId)?.welcome_text).toBe('');
    expect(sim.state.meetings.get(created.nativeId)?.moderator_password).toBe('mod-pass-123');

    // start: the host's link, role MODERATOR, meeting LIVE with an open session
    const host = await ds.startSession(
      created.nativeId,
      { hostName: 'Dana Host', title: null, attendeePassword: null, moderatorPassword: null, logoutUrl: null },
      ctx(),
    );
    expect(host.role).toBe('MODERATOR');
    expect(host.expiresAt).toBeNull();
    expect(host.url).toContain('fullName=Dana_Host');
    expect(host.url).toMatch(/checksum=[0-9a-f]{40}$/);
    expect((await fetch(host.url)).status).toBe(200);
    const [afterStart] = await ds.getMeetings([created.nativeId], ctx());
    expect(afterStart).toMatchObject({ status: 'LIVE' });

    // joins: passwords looked up (moderator from list_meetings, attendee from the running session)
    const mod = await ds.createJoinLink(
      created.nativeId,
      { displayName: 'Co Host', role: 'MODERATOR', password: null, expiresAt: null },
      ctx(),
    );
    expect(mod.role).toBe('MODERATOR');
    expect(new URL(mod.url).searchParams.get('password')).toBe('mod-pass-123');
    const viewer = await ds.createJoinLink(
      created.nativeId,
      { displayName: 'Val Viewer', role: 'PARTICIPANT', password: null, expiresAt: null },
      ctx(),
    );
    expect(viewer.role).toBe('PARTICIPANT');
    const openSession = [...sim.state.sessions.values()].find((s) => s.meeting_id === created.nativeId && s.end === null);
    expect(new URL(viewer.url).searchParams.get('password')).toBe(openSession?.attendee_password);
    expect((await fetch(viewer.url)).status).toBe(200);
    expect((await fetch(viewer.url.replace(/checksum=[0-9a-f]+/, 'checksum=' + '0'.repeat(40)))).status).toBe(401);
    expect(sim.control.calls('join_meeting')).toBe(2);
    expect(sim.control.calls('start_meeting')).toBe(1);

    const [online] = await ds.meetingParticipants([created.nativeId], ctx());
    expect((online as Array<{ displayName: string; presence: string }>).map((p) => `${p.displayName}:${p.presence}`)).toEqual([
      'Dana Host:ONLINE',
      'Co Host:ONLINE',
      'Val Viewer:ONLINE',
    ]);

    // end: the meeting afterwards (IDLE, endDelayMs 0), the session ended with a playback recording
    now = new Date(START.getTime() + 45 * 60_000);
    const ended = await ds.endSession(created.nativeId, ctx());
    expect(ended).toMatchObject({ nativeId: created.nativeId, status: 'IDLE' });
    const c = ctx();
    const [sessions] = await ds.meetingSessions([created.nativeId], c);
    expect(sessions).toHaveLength(1);
    expect((sessions as Array<{ live: boolean; durationSeconds: number }>)[0]).toMatchObject({ live: false, durationSeconds: 45 * 60 });
    const [recs] = await ds.meetingRecordings([created.nativeId], c);
    expect(recs).toHaveLength(1);
    expect((await fetch((recs as Array<{ url: string }>)[0]?.url as string)).status).toBe(200);
    const [left] = await ds.meetingParticipants([created.nativeId], c);
    expect((left as Array<{ presence: string }>).every((p) => p.presence === 'LEFT')).toBe(true);

    // delete
    await ds.deleteMeeting(created.nativeId, ctx());
    expect(await ds.getMeetings([created.nativeId], ctx())).toEqual([null]);
    expect(sim.state.meetings.has(created.nativeId)).toBe(false);
  });

  it('rejects an unknown or non-boolean setting before any upstream call', async () => {
    const unknown = await failure(ds.createMeeting(createCommand({ settings: [{ name: 'mute_everyone', value: true }] }), ctx()));
    expect(unknown.code).toBe('BAD_USER_INPUT');
    expect(unknown.extensions().field).toBe('input.settings');
    expect(unknown.message).toContain('mute_everyone');
    const nonBoolean = await failure(
      ds.updateMeeting(seededMeetingIds()[2] as string, { settings: [{ name: 'record', value: 'yes' }] }, ctx()),
    );
    expect(nonBoolean.code).toBe('BAD_USER_INPUT');
    expect(nonBoolean.message).toContain('record');
    const schedule = await failure(ds.createMeeting(createCommand({ startsAt: new Date() }), ctx()));
    expect(schedule.extensions().field).toBe('input.startsAt');
    const role = await failure(
      ds.createJoinLink(seededMeetingIds()[0] as string, { displayName: 'X', role: 'AGENT', password: null, expiresAt: null }, ctx()),
    );
    expect(role.code).toBe('BAD_USER_INPUT');
    expect(role.extensions().field).toBe('input.role');
    expect(sim.control.calls()).toBe(0);
  });

  it('maps the refusal to delete a running meeting to VENDOR_REJECTED', async () => {
    const running = [...sim.state.meetings.values()].find((m) => m.is_running);
    const error = await failure(ds.deleteMeeting(running?.meeting_id as string, ctx()));
    expect(error.code).toBe('VENDOR_REJECTED');
    expect(error.message).toMatch(/running/);
    expect(sim.state.meetings.has(running?.meeting_id as string)).toBe(true);
  });

  it('maps a join on a non-running meeting to VENDOR_REJECTED and unknown meetings to NOT_FOUND', async () => {
    const idle = [...sim.state.meetings.values()].find((m) => !m.is_running);
    const join = await failure(
      ds.createJoinLink(idle?.meeting_id as string, { displayName: 'Late', role: 'PARTICIPANT', password: null, expiresAt: null }, ctx()),
    );
    expect(join.code).toBe('VENDOR_REJECTED');
    expect((await failure(ds.deleteMeeting('00000000-0000-4000-a000-000000000000', ctx()))).code).toBe('NOT_FOUND');
    expect((await failure(ds.endSession('00000000-0000-4000-a000-000000000000', ctx()))).code).toBe('NOT_FOUND');
    const [settings] = await ds.meetingSettings(['00000000-0000-4000-a000-000000000000'], ctx());
    expect(settings).toBeInstanceOf(Error);
    expect((settings as MeetgraphError).code).toBe('NOT_FOUND');
    const wrongPassword = await failure(
      ds.createJoinLink(
        seededMeetingIds()[0] as string,
        { displayName: 'X', role: 'MODERATOR', password: 'wrong', expiresAt: null },
        ctx(),
      ),
    );
    expect(wrongPassword.code).toBe('VENDOR_REJECTED');
  });

  it('maps the room cap and the attendance cap to VENDOR_QUOTA_EXCEEDED', async () => {
    const license = sim.state.licenses.get(VCONNCT_SANDBOX_LICENSE)!;
    const saved = { maxRooms: license.maxRooms, maxAttendance: license.maxAttendance };
    try {
      license.maxRooms = seededMeetingIds().length;
      const rooms = await failure(ds.createMeeting(createCommand({ title: 'One too many' }), ctx()));
      expect(rooms.code).toBe('VENDOR_QUOTA_EXCEEDED');
      expect(rooms.message).toMatch(/maximum/i);

      const running = [...sim.state.meetings.values()].find((m) => m.is_running)!;
      const open = [...sim.state.sessions.values()].find((s) => s.meeting_id === running.meeting_id && s.end === null)!;
      license.maxAttendance = sim.state.attendance.get(open.session_id)?.length ?? 0;
      const attendance = await failure(
        ds.createJoinLink(running.meeting_id, { displayName: 'Overflow', role: 'PARTICIPANT', password: null, expiresAt: null }, ctx()),
      );
      expect(attendance.code).toBe('VENDOR_QUOTA_EXCEEDED');
    } finally {
      Object.assign(license, saved);
    }
  });

  it('returns the meeting still LIVE right after end when the vendor ends asynchronously (endDelayMs)', async () => {
    const slow = await startVconnctSimulator({ clock, seed: 5, size: 2, endDelayMs: 60_000 });
    try {
      const slowDs = makeDatasource(slow);
      const meetingId = [...slow.state.meetings.values()].find((m) => m.is_running)?.meeting_id as string;
      const after = await slowDs.endSession(meetingId, ctx());
      expect(after.status).toBe('LIVE');
      const [sessions] = await slowDs.meetingSessions([meetingId], ctx());
      expect((sessions as Array<{ live: boolean }>).every((s) => !s.live)).toBe(true);
    } finally {
      await slow.close();
    }
  });
});

describe('vconnct license and faults', () => {
  it('maps an expired license (following the clock) to VENDOR_AUTH_FAILED and recovers once renewed', async () => {
    const license = sim.state.licenses.get(VCONNCT_SANDBOX_LICENSE)!;
    const saved = license.expiresAt;
    try {
      now = new Date(saved.getTime() + 1000);
      const error = await failure(ds.listMeetings(meetingQuery(), ctx()));
      expect(error.code).toBe('VENDOR_AUTH_FAILED');
      expect(error.message).toMatch(/expired/);
      license.expiresAt = new Date(now.getTime() + 30 * 86_400_000);
      expect((await ds.listMeetings(meetingQuery(), ctx())).items.length).toBeGreaterThan(0);
    } finally {
      license.expiresAt = saved;
    }
  });

  it('maps an unknown license to VENDOR_AUTH_FAILED without echoing it', async () => {
    const stranger = makeDatasource(sim, { credentials: { license: 'not-a-real-license-key-42' } });
    const error = await failure(stranger.listMeetings(meetingQuery(), ctx()));
    expect(error.code).toBe('VENDOR_AUTH_FAILED');
    expect(error.message).not.toContain('not-a-real-license-key-42');
  });

  it('maps 5xx to VENDOR_UNAVAILABLE, an error envelope inside HTTP 200 by its status_code, and scrubs an echoed license', async () => {
    sim.control.inject({
      operation: 'list_meetings',
      action: { kind: 'status', status: 503, body: { status: false, status_code: 503, message: 'error', error_messages: ['maintenance'] } },
      times: 3,
    }); // a read is tried three times
    const unavailable = await failure(ds.listMeetings(meetingQuery(), ctx()));
    expect(unavailable.code).toBe('VENDOR_UNAVAILABLE');
    expect(unavailable.retryable).toBe(true);

    sim.control.inject({
      operation: 'list_meetings',
      action: {
        kind: 'status',
        status: 200,
        body: { status: false, status_code: 404, message: 'error', error_messages: ['Meeting not found.'] },
      },
      times: 1,
    });
    expect((await failure(ds.listMeetings(meetingQuery(), ctx()))).code).toBe('NOT_FOUND');

    sim.control.inject({
      operation: 'list_meetings',
      action: {
        kind: 'status',
        status: 400,
        body: { status: false, status_code: 400, message: 'error', error_messages: [`bad license ${VCONNCT_SANDBOX_LICENSE}`] },
      },
      times: 1,
    });
    const echoed = await failure(ds.listMeetings(meetingQuery(), ctx()));
    expect(echoed.code).toBe('VENDOR_REJECTED');
    expect(echoed.message).toContain('[redacted]');
  });

  it('maps a reset connection to VENDOR_UNAVAILABLE and a reply slower than timeoutMs to VENDOR_TIMEOUT', async () => {
    sim.control.inject({ operation: 'list_meetings', action: { kind: 'reset' }, times: 3 }); // a read is tried three times
    expect((await failure(ds.listMeetings(meetingQuery(), ctx()))).code).toBe('VENDOR_UNAVAILABLE');
    // 2 s tolerates a loaded machine; only the delayed call can exceed it.
    const impatient = makeDatasource(sim, { timeoutMs: 2_000 });
    sim.control.inject({ operation: 'list_meetings', action: { kind: 'delay', delayMs: 2_600 }, times: 1 });
    expect((await failure(impatient.listMeetings(meetingQuery(), ctx()))).code).toBe('VENDOR_TIMEOUT');
  });
});

describe('vconnct capabilities', () => {
  const someId = '00000000-0000-4000-a000-000000000000';
  const invocations: Record<string, { capability: Capability | null; call: (d: VendorDatasource) => Promise<unknown> }> = {
    listMeetings: { capability: 'LIST_MEETINGS', call: (d) => d.listMeetings(meetingQuery(), ctx()) },
    listSessions: { capability: 'LIST_SESSIONS', call: (d) => d.listSessions(sessionQuery(), ctx()) },
    listRecordings: { capability: 'LIST_RECORDINGS', call: (d) => d.listRecordings(recordingQuery(), ctx()) },
    listConnectionReports: {
      capability: 'LIST_CONNECTION_REPORTS',
      call: (d) => d.listConnectionReports({ from: null, to: null, offset: 0, limit: 10, modes: null, search: null }, ctx()),
    },
    getMeetings: { capability: 'GET_MEETING', call: (d) => d.getMeetings([someId], ctx()) },
    getConnectionReports: { capability: null, call: (d) => d.getConnectionReports([someId], ctx()) },
    meetingSettings: { capability: 'MEETING_SETTINGS', call: (d) => d.meetingSettings([someId], ctx()) },
    meetingSessions: { capability: 'MEETING_SESSIONS', call: (d) => d.meetingSessions([someId], ctx()) },
    meetingParticipants: { capability: 'MEETING_PARTICIPANTS', call: (d) => d.meetingParticipants([someId], ctx()) },
    meetingRecordings: { capability: 'MEETING_RECORDINGS', call: (d) => d.meetingRecordings([someId], ctx()) },
    sessionParticipants: { capability: 'SESSION_PARTICIPANTS', call: (d) => d.sessionParticipants([someId], ctx()) },
    sessionRecordings: { capability: 'SESSION_RECORDINGS', call: (d) => d.sessionRecordings([someId], ctx()) },
    createMeeting: {
      capability: 'CREATE_MEETING',
      call: (d) => d.createMeeting(createCommand({ settings: [{ name: 'nope', value: true }] }), ctx()),
    },
    updateMeeting: { capability: 'UPDATE_MEETING', call: (d) => d.updateMeeting(someId, { title: 'x' }, ctx()) },
    deleteMeeting: { capability: 'DELETE_MEETING', call: (d) => d.deleteMeeting(someId, ctx()) },
    startSession: {
      capability: 'START_SESSION',
      call: (d) =>
        d.startSession(someId, { hostName: null, title: null, attendeePassword: null, moderatorPassword: null, logoutUrl: null }, ctx()),
    },
    endSession: { capability: 'END_SESSION', call: (d) => d.endSession(someId, ctx()) },
    createJoinLink: {
      capability: 'CREATE_JOIN_LINK',
      call: (d) => d.createJoinLink(someId, { displayName: 'x', role: 'MODERATOR', password: 'p', expiresAt: null }, ctx()),
    },
  };

  it('declares exactly the implemented capabilities', () => {
    expect([...ds.capabilities].sort()).toEqual(
      [
        'LIST_MEETINGS',
        'GET_MEETING',
        'CREATE_MEETING',
        'UPDATE_MEETING',
        'DELETE_MEETING',
        'START_SESSION',
        'END_SESSION',
        'CREATE_JOIN_LINK',
        'MEETING_SETTINGS',
        'MEETING_SESSIONS',
        'MEETING_PARTICIPANTS',
        'MEETING_RECORDINGS',
        'LIST_SESSIONS',
        'SESSION_PARTICIPANTS',
        'SESSION_RECORDINGS',
        'LIST_RECORDINGS',
      ].sort(),
    );
  });

  it.each(Object.keys(invocations))('%s is UNSUPPORTED_BY_VENDOR exactly when outside capabilities', async (method) => {
    const { capability, call } = invocations[method]!;
    let code: string | null = null;
    try {
      await call(ds);
    } catch (error) {
      seenErrors.push(error);
      code = (error as MeetgraphError).code;
    }
    if (capability !== null && ds.capabilities.has(capability)) expect(code).not.toBe('UNSUPPORTED_BY_VENDOR');
    else expect(code).toBe('UNSUPPORTED_BY_VENDOR');
  });
});

describe('vconnct secrecy', () => {
  it('never puts the license into an error message (checked here and after every test)', async () => {
    sim.control.inject({
      operation: 'list_meetings',
      action: {
        kind: 'status',
        status: 400,
        body: { status: false, status_code: 400, message: 'error', error_messages: [`bad license ${VCONNCT_SANDBOX_LICENSE}`] },
      },
      times: 1,
    });
    await failure(ds.listMeetings(meetingQuery(), ctx()));
    sim.control.inject({
      operation: 'list_meetings',
      action: {
        kind: 'status',
        status: 401,
        body: { status: false, status_code: 401, message: 'error', error_messages: [`license ${VCONNCT_SANDBOX_LICENSE} expired`] },
      },
      times: 1,
    });
    await failure(ds.listMeetings(meetingQuery(), ctx()));
    await failure(ds.startSession('00000000-0000-4000-a000-000000000000', { ...NO_START, moderatorPassword: 'x' }, ctx()));
    expect(seenErrors).toHaveLength(3);
    expectNoLicenseIn(seenErrors);
  });
});

describe("vconnct start_meeting carries the room's stored moderator password", () => {
  it('sends the stored password when the caller gives none, and the vendor refuses a start without it', async () => {
    const created = await ds.createMeeting(createCommand({ title: 'Stored password room' }), ctx());
    const stored = sim.state.meetings.get(created.nativeId)?.moderator_password;
    expect(stored).toMatch(/^mod-/); // generated by the vendor: meetgraph never saw it before list_meetings
    try {
      const host = await ds.startSession(created.nativeId, { ...NO_START, hostName: 'Rima Host' }, ctx());
      expect(new URL(host.url).searchParams.get('password')).toBe(stored);
      expect(sim.control.calls('start_meeting')).toBe(1);

      // The body the previous client sent (no moderator_password) is refused by the simulator, as documented in it.
      const res = await fetch(`${sim.url}/start_meeting/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', license: VCONNCT_SANDBOX_LICENSE },
        body: JSON.stringify({ meeting_id: created.nativeId, moderator_name: 'No Password' }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error_messages: string[] }).error_messages.join(' ')).toMatch(/moderator_password is required/);

      // A caller's own (wrong) password is sent as given and refused.
      const wrong = await failure(ds.startSession(created.nativeId, { ...NO_START, moderatorPassword: 'not-the-password' }, ctx()));
      expect(wrong.code).toBe('VENDOR_REJECTED');
    } finally {
      await ds.endSession(created.nativeId, ctx()).catch(() => undefined);
      await ds.deleteMeeting(created.nativeId, ctx());
    }
  });
});

describe('vconnct session liveness: the documented `status` as well as a null end time', () => {
  it('a session the server closed without an end time (status false) is not live; its recording is listed', async () => {
    const created = await ds.createMeeting(createCommand({ title: 'Abandoned room', settings: [{ name: 'record', value: true }] }), ctx());
    try {
      await ds.startSession(created.nativeId, { ...NO_START, hostName: 'Early Leaver' }, ctx());
      sim.state.abandonSession(created.nativeId);

      const c = ctx();
      const [sessions] = (await ds.meetingSessions([created.nativeId], c)) as Array<
        Array<{ nativeId: string; live: boolean; endedAt: Date | null; raw: unknown }>
      >;
      expect(sessions).toHaveLength(1);
      const session = sessions![0]!;
      expect(session.raw).toMatchObject({ status: false, session_end_time: null });
      expect(session).toMatchObject({ live: false, endedAt: null });

      const liveOnes = await ds.listSessions(sessionQuery({ live: true, limit: 500 }), ctx());
      expect(liveOnes.items.map((s) => s.nativeId)).not.toContain(session.nativeId);
      const [participants] = (await ds.meetingParticipants([created.nativeId], ctx())) as Array<Array<{ presence: string }>>;
      expect(participants!.map((p) => p.presence)).toEqual(['LEFT']);
      const [meeting] = await ds.getMeetings([created.nativeId], ctx());
      expect(meeting).toMatchObject({ status: 'IDLE' });
      // An ended session is asked for its playback (a live one is not); the vendor kept the recording.
      const [recordings] = (await ds.meetingRecordings([created.nativeId], ctx())) as Array<
        Array<{ sessionNativeId: string; createdAt: Date | null }>
      >;
      expect(recordings).toEqual([expect.objectContaining({ sessionNativeId: session.nativeId, createdAt: null })]);
    } finally {
      await ds.deleteMeeting(created.nativeId, ctx());
    }
  });
});
