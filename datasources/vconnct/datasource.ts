import { BadUserInputError } from '../../core/errors.js';
import type { Capability } from '../capabilities.js';
import type { CreateMeetingCommand, JoinLinkCommand, StartSessionCommand, UpdateMeetingCommand } from '../commands.js';
import type { ConnectionHealth } from '../health.js';
import {
  pageMeetings,
  pageRecordings,
  pageSessions,
  recordingMatches,
  type ListPage,
  type MeetingListQuery,
  type RecordingListQuery,
  type SessionListQuery,
} from '../list-queries.js';
import type {
  JoinLinkRecord,
  MeetingRecord,
  MeetingSettingRecord,
  ParticipantRecord,
  RecordingRecord,
  SessionRecord,
  VendorName,
} from '../records.js';
import type { CallContext } from '../request-memo.js';
import { VendorNotFoundError } from '../vendor-errors.js';
import { BaseVendorDatasource, mapAll, type BatchResult } from '../vendor.js';
import type { VconnctClient } from './client.js';
import {
  completeSettings,
  isSessionLive,
  parseGeneralSettings,
  parseParticipantNativeId,
  toBooleanSetting,
  toJoinRole,
  toMeeting,
  toParticipants,
  toRecording,
  toSession,
  toSettings,
  validateSettings,
} from './mapper.js';
import {
  VCONNCT_SETTING_NAMES,
  type VconnctAttendance,
  type VconnctMeeting,
  type VconnctMeetingWrite,
  type VconnctSession,
  type VconnctSettingName,
  type VconnctStartBody,
} from './types.js';

/** Everything the Client API v1 offers; nothing depends on the connection's config. */
export function vconnctCapabilities(): ReadonlySet<Capability> {
  return new Set<Capability>([
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
  ]);
}

export interface VconnctDatasourceOptions {
  connectionId: string;
  label: string | null;
  health: ConnectionHealth;
  client: VconnctClient;
}

/** A session together with the meeting whose list_sessions named it (rows do not carry the meeting id). */
interface LocatedSession {
  meetingId: string;
  row: VconnctSession;
}

type SettingMap = Partial<Record<VconnctSettingName, boolean>>;

export class VconnctDatasource extends BaseVendorDatasource {
  readonly vendor: VendorName = 'vconnct';
  readonly capabilities: ReadonlySet<Capability> = vconnctCapabilities();
  private readonly client: VconnctClient;

  /** General defaults, cached per connection for the datasource's lifetime (docs/vendors/vconnct.md "Calls", choice). */
  private generalDefaults: Promise<SettingMap> | null = null;

  constructor(options: VconnctDatasourceOptions) {
    super(options.connectionId, options.label, options.health);
    this.client = options.client;
  }

  // ---- memoized reads: every upstream read goes through ctx.memo, keyed per connection and resource ----

  private meetingRows(ctx: CallContext): Promise<VconnctMeeting[]> {
    return ctx.memo.forConnection(this.connectionId).once('list_meetings', () => this.client.listMeetings(ctx));
  }

  /** Sessions seen so far in this CallContext, by id; lives in the memo so a write's forget() clears it too. */
  private seenSessions(ctx: CallContext): Promise<Map<string, LocatedSession>> {
    return ctx.memo.forConnection(this.connectionId).once('seen_sessions', async () => new Map<string, LocatedSession>());
  }

  private sessionRows(meetingId: string, ctx: CallContext): Promise<VconnctSession[]> {
    const memo = ctx.memo.forConnection(this.connectionId);
    // Two keys: the vendor read (which the vendor-call cache may serve) and recording what it showed in this request.
    return memo.once(`seen_sessions_of:${meetingId}`, async () => {
      const [rows, seen] = await Promise.all([
        memo.once(`list_sessions:${meetingId}`, () => this.client.listSessions(meetingId, ctx)),
        this.seenSessions(ctx),
      ]);
      for (const row of rows) if (row && typeof row.session_id === 'string') seen.set(row.session_id, { meetingId, row });
      return rows;
    });
  }

  private attendanceRows(sessionId: string, ctx: CallContext): Promise<VconnctAttendance[]> {
    return ctx.memo.forConnection(this.connectionId).once(`list_attendance:${sessionId}`, () => this.client.listAttendance(sessionId, ctx));
  }

  private settingRows(meetingId: string, ctx: CallContext): Promise<MeetingSettingRecord[]> {
    return ctx.memo
      .forConnection(this.connectionId)
      .once(`list_setting:${meetingId}`, async () => toSettings(await this.client.listSetting(meetingId, ctx)));
  }

  /** get_record; VConnct answers 404 for a session without a recording, which is "no recording", not an error. */
  private recordUrl(sessionId: string, ctx: CallContext): Promise<unknown> {
    return ctx.memo.forConnection(this.connectionId).once(`get_record:${sessionId}`, async () => {
      try {
        return await this.client.getRecord(sessionId, ctx);
      } catch (error) {
        if (error instanceof VendorNotFoundError) return null;
        throw error;
      }
    });
  }

  private defaults(ctx: CallContext): Promise<SettingMap> {
    if (!this.generalDefaults) {
      const pending = this.client.listGeneralMeetingSetting(ctx).then(parseGeneralSettings);
      pending.catch(() => {
        // A failed fetch is not cached: the next write asks again.
        if (this.generalDefaults === pending) this.generalDefaults = null;
      });
      this.generalDefaults = pending;
    }
    return this.generalDefaults;
  }

  /** After a write, this connection's cached reads may be stale. */
  private forget(ctx: CallContext): void {
    ctx.memo.forConnection(this.connectionId).forget();
  }

  private async meetingRow(meetingId: string, ctx: CallContext): Promise<VconnctMeeting> {
    const row = (await this.meetingRows(ctx)).find((m) => m.meeting_id === meetingId);
    if (!row) throw new VendorNotFoundError(this.source, `VConnct has no meeting ${meetingId} on this license.`);
    return row;
  }

  /** Sessions of every meeting (a deleted meeting between the two calls simply has none). */
  private async allSessions(ctx: CallContext): Promise<LocatedSession[]> {
    const meetings = await this.meetingRows(ctx);
    const perMeeting = await mapAll(meetings, async (m) => {
      try {
        return (await this.sessionRows(m.meeting_id, ctx)).map((row) => ({ meetingId: m.meeting_id, row }));
      } catch (error) {
        if (error instanceof VendorNotFoundError) return [];
        throw error;
      }
    });
    const out: LocatedSession[] = [];
    for (const r of perMeeting) {
      if (r instanceof Error) throw r;
      out.push(...r);
    }
    return out;
  }

  /** Finds sessions by id: from those already seen in this request, else by scanning every meeting's sessions. */
  private async locateSessions(ids: readonly string[], ctx: CallContext): Promise<Array<LocatedSession | null>> {
    let seen = await this.seenSessions(ctx);
    if (ids.some((id) => !seen.has(id))) {
      await this.allSessions(ctx);
      seen = await this.seenSessions(ctx);
    }
    return ids.map((id) => seen.get(id) ?? null);
  }

  private async participantsOf(session: LocatedSession, ctx: CallContext): Promise<ParticipantRecord[]> {
    return toParticipants(session.row.session_id, await this.attendanceRows(session.row.session_id, ctx), isSessionLive(session.row));
  }

  /** A running session has no playback yet, so get_record is only asked for ended sessions. */
  private async recordingOf(session: LocatedSession, ctx: CallContext): Promise<RecordingRecord | null> {
    if (isSessionLive(session.row)) return null;
    return toRecording(await this.recordUrl(session.row.session_id, ctx), session.row, session.meetingId);
  }

  // ---- lists ----

  override async listMeetings(query: MeetingListQuery, ctx: CallContext): Promise<ListPage<MeetingRecord>> {
    return pageMeetings((await this.meetingRows(ctx)).map(toMeeting), query);
  }

  override async listSessions(query: SessionListQuery, ctx: CallContext): Promise<ListPage<SessionRecord>> {
    return pageSessions(
      (await this.allSessions(ctx)).map((s) => toSession(s.row, s.meetingId)),
      query,
    );
  }

  /**
   * A recording's createdAt is its session's end, known before get_record: only ended sessions whose end
   * matches the filter are asked, then the page is cut from the recordings that exist.
   */
  override async listRecordings(query: RecordingListQuery, ctx: CallContext): Promise<ListPage<RecordingRecord>> {
    // Every VConnct recording is a playback page: a filter without it needs no upstream call.
    if (query.mediaTypes && !query.mediaTypes.includes('PLAYBACK_PAGE')) return { items: [], hasMore: false };
    const candidates = (await this.allSessions(ctx)).filter((s) => {
      if (isSessionLive(s.row)) return false;
      // The recording this session would have, minus its URL: enough to apply the filter.
      const wouldBe = toRecording('pending', s.row, s.meetingId);
      return wouldBe !== null && recordingMatches(wouldBe, query);
    });
    const found = await mapAll(candidates, (s) => this.recordingOf(s, ctx));
    const recordings: RecordingRecord[] = [];
    for (const r of found) {
      if (r instanceof Error) throw r;
      if (r) recordings.push(r);
    }
    return pageRecordings(recordings, query);
  }

  // ---- lookups by id (scanning the memoized lists) ----

  override async getMeetings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<MeetingRecord | null>> {
    const rows = await this.meetingRows(ctx);
    const byId = new Map(rows.map((m) => [m.meeting_id, m]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? toMeeting(row) : null;
    });
  }

  override async getSessions(ids: readonly string[], ctx: CallContext): Promise<BatchResult<SessionRecord | null>> {
    return (await this.locateSessions(ids, ctx)).map((s) => (s ? toSession(s.row, s.meetingId) : null));
  }

  override async getRecordings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord | null>> {
    const located = await this.locateSessions(ids, ctx);
    return mapAll(located, async (s) => (s ? this.recordingOf(s, ctx) : null));
  }

  override async getParticipants(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord | null>> {
    const parsed = ids.map((id) => parseParticipantNativeId(id));
    const sessionIds = parsed.map((p) => p?.sessionId ?? '');
    const located = await this.locateSessions(sessionIds, ctx);
    return mapAll(
      ids.map((id, i) => ({ id, session: located[i] ?? null })),
      async ({ id, session }) => (session ? ((await this.participantsOf(session, ctx)).find((p) => p.nativeId === id) ?? null) : null),
    );
  }

  // ---- per-meeting / per-session children ----

  override async meetingSettings(meetingIds: readonly string[], ctx: CallContext): Promise<BatchResult<MeetingSettingRecord[]>> {
    return mapAll(meetingIds, (id) => this.settingRows(id, ctx));
  }

  override async meetingSessions(meetingIds: readonly string[], ctx: CallContext): Promise<BatchResult<SessionRecord[]>> {
    return mapAll(meetingIds, async (id) => (await this.sessionRows(id, ctx)).map((row) => toSession(row, id)));
  }

  /**
   * Pipelined per meeting: a meeting's attendance/recording calls start as soon as its own sessions arrive, not
   * when every meeting's sessions did. The shared HTTP client keeps the calls in flight within VConnct's cap.
   */
  private perMeetingSessionChildren<T>(
    meetingIds: readonly string[],
    ctx: CallContext,
    child: (s: LocatedSession) => Promise<T[]>,
  ): Promise<BatchResult<T[]>> {
    return mapAll(meetingIds, async (id) => {
      const sessions = (await this.sessionRows(id, ctx)).map((row) => ({ meetingId: id, row }));
      const children = await mapAll(sessions, child);
      const out: T[] = [];
      for (const c of children) {
        if (c instanceof Error) throw c;
        out.push(...c);
      }
      return out;
    });
  }

  override meetingParticipants(meetingIds: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    return this.perMeetingSessionChildren(meetingIds, ctx, (s) => this.participantsOf(s, ctx));
  }

  override meetingRecordings(meetingIds: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord[]>> {
    return this.perMeetingSessionChildren(meetingIds, ctx, async (s) => {
      const r = await this.recordingOf(s, ctx);
      return r ? [r] : [];
    });
  }

  override async sessionParticipants(sessionIds: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    const located = await this.locateSessions(sessionIds, ctx);
    return mapAll(
      sessionIds.map((id, i) => ({ id, session: located[i] ?? null })),
      async ({ id, session }) => {
        if (!session) throw new VendorNotFoundError(this.source, `VConnct has no session ${id} on this license.`);
        return this.participantsOf(session, ctx);
      },
    );
  }

  override async sessionRecordings(sessionIds: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord[]>> {
    const located = await this.locateSessions(sessionIds, ctx);
    return mapAll(
      sessionIds.map((id, i) => ({ id, session: located[i] ?? null })),
      async ({ id, session }) => {
        if (!session) throw new VendorNotFoundError(this.source, `VConnct has no session ${id} on this license.`);
        const r = await this.recordingOf(session, ctx);
        return r ? [r] : [];
      },
    );
  }

  // ---- writes ----

  /** What VConnct rooms cannot hold: rejected by name rather than silently dropped. */
  private rejectUnsupportedFields(input: UpdateMeetingCommand): void {
    if (input.kind != null && input.kind !== 'ROOM')
      throw new BadUserInputError('input.kind', `VConnct meetings are standing rooms (ROOM), not ${input.kind}`);
    for (const field of ['startsAt', 'endsAt', 'durationMinutes'] as const) {
      if (input[field] != null) throw new BadUserInputError(`input.${field}`, 'VConnct meetings are standing rooms without a schedule');
    }
    if (input.participants && input.participants.length > 0) {
      throw new BadUserInputError('input.participants', 'VConnct does not keep invitees; create join links instead');
    }
  }

  /**
   * The caller's settings plus `recorded` (→ the `record` setting), all checked before any upstream call.
   * `named` tells whether the caller gave a settings list (which is completed from the general defaults).
   */
  private callerSettings(input: UpdateMeetingCommand): { given: SettingMap; named: boolean } {
    const given = validateSettings(input.settings);
    if (input.recorded != null) {
      if (given.record !== undefined && given.record !== input.recorded) {
        throw new BadUserInputError('input.recorded', 'conflicts with the "record" setting given in input.settings');
      }
      given.record = input.recorded;
    }
    return { given, named: input.settings != null };
  }

  override async createMeeting(input: CreateMeetingCommand, ctx: CallContext): Promise<MeetingRecord> {
    this.rejectUnsupportedFields(input);
    const { given } = this.callerSettings(input);
    const body: VconnctMeetingWrite = {
      title: input.title,
      meeting_setting: completeSettings(given, await this.defaults(ctx)),
    };
    if (input.moderatorPassword != null) body.moderator_password = input.moderatorPassword;
    if (input.description != null) body.welcome_text = input.description;
    const created = await this.client.createMeeting(body, ctx);
    this.forget(ctx);
    return toMeeting({ is_running: false, ...created });
  }

  /**
   * Update sends every field (the vendor's behaviour for omitted ones is undocumented): title, moderator password
   * and welcome text keep their current values unless given (a null description clears the welcome text; a room
   * always has a moderator password, so a null one keeps it); with no settings given the meeting's current ones
   * are kept, and settings given are completed from the general defaults (docs/vendors/vconnct.md "Calls").
   */
  override async updateMeeting(meetingId: string, input: UpdateMeetingCommand, ctx: CallContext): Promise<MeetingRecord> {
    this.rejectUnsupportedFields(input);
    const { given, named } = this.callerSettings(input);
    const current = await this.meetingRow(meetingId, ctx);
    let base: SettingMap;
    if (named) {
      base = await this.defaults(ctx);
    } else {
      // No settings list: keep the meeting's current settings (only `recorded` may change `record`);
      // a setting list_setting does not name falls back to the general default.
      const currentSettings: SettingMap = {};
      for (const s of await this.settingRows(meetingId, ctx)) {
        const flag = toBooleanSetting(s.value);
        if (flag !== null) currentSettings[s.name as VconnctSettingName] = flag;
      }
      const incomplete = VCONNCT_SETTING_NAMES.some((name) => currentSettings[name] === undefined);
      base = incomplete ? { ...(await this.defaults(ctx)), ...currentSettings } : currentSettings;
    }
    const settings = completeSettings(given, base);
    const body: VconnctMeetingWrite = { meeting_setting: settings };
    const title = input.title ?? current.title;
    if (title != null) body.title = title;
    const password = input.moderatorPassword ?? current.moderator_password;
    if (password != null) body.moderator_password = password;
    // description absent keeps the welcome text; an explicit null clears it.
    const welcome = input.description === undefined ? current.welcome_text : (input.description ?? '');
    if (welcome != null) body.welcome_text = welcome;
    const updated = await this.client.updateMeeting(meetingId, body, ctx);
    this.forget(ctx);
    // The update answer has no is_running: the room's running state is unchanged by an update.
    return toMeeting({ ...current, ...updated });
  }

  override async deleteMeeting(meetingId: string, ctx: CallContext): Promise<void> {
    await this.client.deleteMeeting(meetingId, ctx);
    this.forget(ctx);
  }

  /**
   * start_meeting always carries the room's moderator password: the caller's, else the one stored with the room
   * (list_meetings). The page calls it the password "for start a new meeting session" and its example URL carries
   * it; a start without it would at best give a link that does not make the host a moderator.
   */
  override async startSession(meetingId: string, input: StartSessionCommand, ctx: CallContext): Promise<JoinLinkRecord> {
    const body: VconnctStartBody = { meeting_id: meetingId, moderator_name: input.hostName?.trim() || 'Host' };
    if (input.title != null) body.title = input.title;
    if (input.attendeePassword != null) body.attendee_password = input.attendeePassword;
    // An empty password counts as none given.
    const moderatorPassword = input.moderatorPassword || (await this.meetingRow(meetingId, ctx)).moderator_password;
    if (moderatorPassword != null && moderatorPassword !== '') body.moderator_password = moderatorPassword;
    if (input.logoutUrl != null) body.logout_url = input.logoutUrl;
    const started = await this.client.startMeeting(body, ctx);
    this.forget(ctx);
    return { url: started.url, role: 'MODERATOR', expiresAt: null };
  }

  /**
   * end_meeting returns null, so the meeting is read again from a fresh list_meetings. BigBlueButton ends
   * asynchronously: the room may still report LIVE for a few seconds, and that is what is returned.
   */
  override async endSession(meetingId: string, ctx: CallContext): Promise<MeetingRecord> {
    // Read first: an unknown meeting is NOT_FOUND before any write, and the row is what we know if the read-back fails.
    const before = await this.meetingRow(meetingId, ctx);
    await this.client.endMeeting(meetingId, ctx);
    this.forget(ctx);
    try {
      return toMeeting(await this.meetingRow(meetingId, ctx));
    } catch {
      // The end went through; only the read-back failed. Ending is asynchronous at VConnct, so the status is not known.
      return { ...toMeeting(before), status: 'UNKNOWN' };
    }
  }

  /**
   * Joins need the role's password: the meeting's moderator_password (list_meetings) or the running session's
   * attendee_password (list_sessions) unless the caller gives one. VConnct links do not expire.
   */
  override async createJoinLink(meetingId: string, input: JoinLinkCommand, ctx: CallContext): Promise<JoinLinkRecord> {
    const role = toJoinRole(input.role);
    let password = input.password ?? null;
    if (password === null) {
      if (role === 'moderator') {
        password = (await this.meetingRow(meetingId, ctx)).moderator_password ?? null;
      } else {
        const live = (await this.sessionRows(meetingId, ctx)).find((s) => isSessionLive(s));
        password = live?.attendee_password ?? null;
      }
    }
    const body = { meeting_id: meetingId, fullname: input.displayName, role, ...(password !== null ? { password } : {}) };
    const joined = await this.client.joinMeeting(body, ctx);
    // A join adds an attendance row.
    this.forget(ctx);
    return { url: joined.url, role: input.role, expiresAt: null };
  }
}
