import { createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  SimulatorControl,
  listenOnLoopback,
  seededRandom,
  seededUuid,
  simulatorApp,
  type FaultRule,
  type RunningSimulator,
  type SimulatorOptions,
} from '../simulator-kit.js';
import { VCONNCT_SETTING_NAMES, type VconnctAttendance, type VconnctSettingName } from './types.js';

/**
 * A VConnct Client API v1 simulator (docs/vendors/vconnct.md): the `license` header with expiry, room and attendance caps, the `{status,status_code,message,data,success_message}`
 * envelope and `{status:false,…,error_messages}` errors, BigBlueButton-style running state and join checksums.
 *
 * Choices where the vendor's page is silent (documented here, asserted by the integration tests):
 * - Meetings belong to the license that created them; another license neither sees nor touches them.
 * - A session is recorded when the meeting's `record` setting was true when it started; ending it produces one
 *   playback page. `get_record` answers 404 for a running session and for one without a recording.
 * - start needs the room's moderator password (the page: the password "for start a new meeting session"; its
 *   example URL carries it): without it, or with another one, start is 400. The page marks the field optional;
 *   the simulator is strict so a client that forgets it is caught.
 * - start on a running meeting returns the moderator URL of the open session (BBB `create` is idempotent);
 *   starting (the moderator entering) and every join add an attendance row; joins past `maxAttendance` are 400.
 * - a session row's `status` is true, also once the session has ended (as in the page's example); it is false for
 *   a session the server closed on its own without recording an end (BBB ends a meeting everyone has left):
 *   `session_end_time` stays null. `abandonSession` produces one.
 * - join requires the role's password (`moderator` → the meeting's moderator password, `viewer` → the open
 *   session's attendee password) and a running meeting.
 * - end closes the session at once (`session_end_time` set) but, like BBB, the meeting may report
 *   `is_running` for `endDelayMs` more (default 0).
 * - update changes only the fields it is given; `meeting_setting` must always list all ten.
 */

export const VCONNCT_SANDBOX_LICENSE = 'vconnct-sandbox-license-7f3e9a21c4b8';

export interface VconnctSimLicense {
  key: string;
  /** Following the simulator clock: a call at or after this instant is 401 "license expired". */
  expiresAt: Date;
  maxRooms: number;
  maxAttendance: number;
}

export interface VconnctSimMeeting {
  meeting_id: string;
  license: string;
  title: string;
  moderator_password: string;
  welcome_text: string;
  settings: Record<VconnctSettingName, boolean>;
  is_running: boolean;
}

export interface VconnctSimSession {
  session_id: string;
  meeting_id: string;
  title: string;
  start: Date;
  end: Date | null;
  attendee_password: string;
  /** The meeting's `record` setting when the session started. */
  recorded: boolean;
  /** Closed by the server without an end time (→ `status: false`, `session_end_time: null`). */
  abandoned?: boolean;
}

export interface VconnctSimulatorState {
  licenses: Map<string, VconnctSimLicense>;
  meetings: Map<string, VconnctSimMeeting>;
  sessions: Map<string, VconnctSimSession>;
  /** Attendance rows per session id, in join order. */
  attendance: Map<string, VconnctAttendance[]>;
  generalSettings: Record<VconnctSettingName, boolean>;
  /** How list_general_meeting_setting prints its data: an object map (default) or a `{setting,value}` list. */
  generalSettingsShape: 'map' | 'list';
  /** BBB ends asynchronously: how long a meeting keeps reporting `is_running` after end_meeting. */
  endDelayMs: number;
  /** BBB shared secret of the join URL checksum. */
  checksumSecret: string;
  /** `http://127.0.0.1:PORT`; join and playback URLs point here. */
  origin: string;
  /** The server closes a meeting's open session on its own (everyone left) and records no end time. */
  abandonSession(meetingId: string): void;
}

export interface VconnctSimulatorOptions extends SimulatorOptions {
  /** Sandbox license validity from the simulator's start clock (default 365 days). */
  licenseValidDays?: number;
  /** Sandbox license room cap (default 20). */
  maxRooms?: number;
  /** Sandbox license attendance cap per room (default 50). */
  maxAttendance?: number;
  endDelayMs?: number;
  generalSettingsShape?: 'map' | 'list';
  /** Faults installed at start (see SimulatorControl.inject). */
  faults?: FaultRule[];
}

const SUCCESS_AR = 'تم بنجاح!';
const DAY = 86_400_000;
const MINUTE = 60_000;

const ROOM_TITLES = [
  'Weekly Engineering Sync',
  'Customer Onboarding Room',
  'Sales Demo Room',
  'Support Office Hours',
  'Design Review',
  'Training Academy',
  'Board Room',
  'Product Q&A',
];
const PEOPLE = [
  'Amira Haddad',
  'Omar Khalil',
  'Lena Fischer',
  'Yusuf Demir',
  'Sara Nasser',
  'Jonas Weber',
  'Layla Mansour',
  'Mateo Rossi',
  'Noor Saleh',
  'Elif Kaya',
  'Karim Aziz',
  'Hana Ito',
  'Daniel Brooks',
  'Rania Farouk',
];

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function hex(random: () => number, length: number): string {
  return Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
}

function defaultGeneralSettings(): Record<VconnctSettingName, boolean> {
  return Object.fromEntries(VCONNCT_SETTING_NAMES.map((n) => [n, false])) as Record<VconnctSettingName, boolean>;
}

/** Seeded demo data relative to the clock: rooms, two running now, past sessions this week, attendance, recordings. */
function seed(state: VconnctSimulatorState, random: () => number, now: Date, size: number): void {
  for (let i = 0; i < size; i++) {
    const meetingId = seededUuid(random);
    const settings = defaultGeneralSettings();
    for (const name of VCONNCT_SETTING_NAMES) settings[name] = random() < 0.4;
    // Two rooms in three record, so some sessions have playback pages and some have none.
    settings.record = i % 3 !== 2;
    settings.allow_start_stop_recording = settings.record;
    const running = i < 2;
    state.meetings.set(meetingId, {
      meeting_id: meetingId,
      license: VCONNCT_SANDBOX_LICENSE,
      title: `${ROOM_TITLES[i % ROOM_TITLES.length]}${i >= ROOM_TITLES.length ? ` ${Math.floor(i / ROOM_TITLES.length) + 1}` : ''}`,
      moderator_password: `mod-${hex(random, 6)}`,
      welcome_text: `Welcome to the ${ROOM_TITLES[i % ROOM_TITLES.length]}!`,
      settings,
      is_running: running,
    });
    // 2–3 past sessions on distinct days of the last six, ended before now.
    const days = [1, 2, 3, 4, 5, 6].sort(() => random() - 0.5).slice(0, 2 + Math.floor(random() * 2));
    for (const daysAgo of days) {
      const dayStart = Math.floor((now.getTime() - daysAgo * DAY) / DAY) * DAY;
      const start = new Date(dayStart + (8 + Math.floor(random() * 8)) * 3_600_000 + Math.floor(random() * 4) * 15 * MINUTE);
      const end = new Date(start.getTime() + (30 + Math.floor(random() * 60)) * MINUTE + Math.floor(random() * 60_000));
      addSeedSession(
        state,
        random,
        meetingId,
        start,
        end.getTime() < now.getTime() ? end : new Date(now.getTime() - MINUTE),
        settings.record,
      );
    }
    if (running)
      addSeedSession(state, random, meetingId, new Date(now.getTime() - (10 + Math.floor(random() * 30)) * MINUTE), null, settings.record);
  }
}

function addSeedSession(
  state: VconnctSimulatorState,
  random: () => number,
  meetingId: string,
  start: Date,
  end: Date | null,
  recorded: boolean,
): void {
  const meeting = state.meetings.get(meetingId) as VconnctSimMeeting;
  const sessionId = seededUuid(random);
  state.sessions.set(sessionId, {
    session_id: sessionId,
    meeting_id: meetingId,
    title: `${meeting.title} — ${start.toISOString().slice(0, 10)}`,
    start,
    end,
    attendee_password: `att-${hex(random, 6)}`,
    recorded,
  });
  const count = 2 + Math.floor(random() * 5);
  const names = [...PEOPLE].sort(() => random() - 0.5).slice(0, count);
  state.attendance.set(
    sessionId,
    names.map((name, k) => ({
      full_name: name,
      joined_date: new Date(start.getTime() + k * 37_000 + Math.floor(random() * 5 * MINUTE)).toISOString(),
    })),
  );
}

/** BigBlueButton join URL: `checksum = sha1("join" + queryString + sharedSecret)`. */
export function vconnctJoinUrl(state: VconnctSimulatorState, fullName: string, meetingId: string, password: string): string {
  const query = new URLSearchParams({ fullName: fullName.replace(/\s+/g, '_'), meetingID: meetingId, password }).toString();
  return `${state.origin}/api/join?${query}&checksum=${sha1(`join${query}${state.checksumSecret}`)}`;
}

/** True when a join URL's checksum is the one this simulator would sign. */
export function verifyVconnctJoinChecksum(state: VconnctSimulatorState, rawQuery: string): boolean {
  const match = /^(.*)&checksum=([0-9a-f]{40})$/.exec(rawQuery);
  return match !== null && sha1(`join${match[1]}${state.checksumSecret}`) === match[2];
}

function playbackUrl(state: VconnctSimulatorState, session: VconnctSimSession): string {
  // BBB record ids are sha1(external meeting id) + "-" + start millis.
  return `${state.origin}/playback/presentation/2.3/${sha1(session.meeting_id)}-${session.start.getTime()}`;
}

function ok(res: Response, data: unknown, status = 200, successMessage = SUCCESS_AR): void {
  res.status(status).json({ status: true, status_code: status, message: 'success', data, success_message: successMessage });
}

function fail(res: Response, status: 400 | 401 | 404, ...messages: string[]): void {
  res.status(status).json({ status: false, status_code: status, message: 'error', error_messages: messages });
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The operation a POST /start_meeting/ is: a join body has `fullname`/`role` and no `moderator_name` ("Join route"). */
function startOrJoin(req: Request): 'start_meeting' | 'join_meeting' {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return body.moderator_name === undefined && (body.fullname !== undefined || body.role !== undefined) ? 'join_meeting' : 'start_meeting';
}

export async function startVconnctSimulator(options: VconnctSimulatorOptions = {}): Promise<RunningSimulator<VconnctSimulatorState>> {
  const control = new SimulatorControl(options);
  for (const rule of options.faults ?? []) control.inject(rule);
  const random = seededRandom(options.seed ?? 2207);
  const startedAt = control.now();
  const state: VconnctSimulatorState = {
    licenses: new Map([
      [
        VCONNCT_SANDBOX_LICENSE,
        {
          key: VCONNCT_SANDBOX_LICENSE,
          expiresAt: new Date(startedAt.getTime() + (options.licenseValidDays ?? 365) * DAY),
          maxRooms: options.maxRooms ?? 20,
          maxAttendance: options.maxAttendance ?? 50,
        },
      ],
    ]),
    meetings: new Map(),
    sessions: new Map(),
    attendance: new Map(),
    generalSettings: defaultGeneralSettings(),
    generalSettingsShape: options.generalSettingsShape ?? 'map',
    endDelayMs: options.endDelayMs ?? 0,
    checksumSecret: sha1(`vconnct-sim-${options.seed ?? 2207}`),
    origin: '',
    abandonSession(meetingId) {
      const open = openSession(meetingId);
      if (open) open.abandoned = true;
      const meeting = state.meetings.get(meetingId);
      if (meeting) meeting.is_running = false;
    },
  };
  seed(state, random, startedAt, options.size ?? 6);
  const endTimers = new Map<string, NodeJS.Timeout>();

  // ---- helpers ----

  /** `license` header check ("Request headers"): missing/unknown → 401, expired (by the clock) → 401 saying so. */
  const licenseOf = (req: Request, res: Response): VconnctSimLicense | null => {
    const key = req.header('license');
    if (!key) {
      fail(res, 401, 'The license header is required.');
      return null;
    }
    const license = state.licenses.get(key);
    if (!license) {
      fail(res, 401, 'Invalid license key.');
      return null;
    }
    if (control.now().getTime() >= license.expiresAt.getTime()) {
      fail(res, 401, `Your license expired on ${license.expiresAt.toISOString().slice(0, 10)}; please renew it.`);
      return null;
    }
    return license;
  };

  type Handler = (req: Request, res: Response, license: VconnctSimLicense) => void;
  const handle = (operation: string | ((req: Request) => string), fn: Handler, detail?: (req: Request) => string | undefined) =>
    control.route(
      operation,
      (req, res) => {
        const license = licenseOf(req, res);
        if (license) fn(req, res, license);
      },
      detail,
    );

  const meetingOf = (license: VconnctSimLicense, id: unknown): VconnctSimMeeting | null => {
    const meeting = typeof id === 'string' ? state.meetings.get(id) : undefined;
    return meeting && meeting.license === license.key ? meeting : null;
  };
  const requireMeeting = (req: Request, res: Response, license: VconnctSimLicense, id: unknown): VconnctSimMeeting | null => {
    if (typeof id !== 'string' || id === '') {
      fail(res, 400, 'meeting_id is required.');
      return null;
    }
    const meeting = meetingOf(license, id);
    if (!meeting) fail(res, 404, 'Meeting not found.');
    return meeting;
  };
  function openSession(meetingId: string): VconnctSimSession | null {
    return [...state.sessions.values()].find((s) => s.meeting_id === meetingId && s.end === null && !s.abandoned) ?? null;
  }
  const sessionsOfMeeting = (meetingId: string): VconnctSimSession[] =>
    [...state.sessions.values()].filter((s) => s.meeting_id === meetingId).sort((a, b) => a.start.getTime() - b.start.getTime());
  const requireSession = (req: Request, res: Response, license: VconnctSimLicense): VconnctSimSession | null => {
    const id = req.query.session_id;
    if (typeof id !== 'string' || id === '') {
      fail(res, 400, 'session_id is required.');
      return null;
    }
    const session = state.sessions.get(id);
    if (!session || !meetingOf(license, session.meeting_id)) {
      fail(res, 404, 'Session not found.');
      return null;
    }
    return session;
  };
  const settingsList = (settings: Record<VconnctSettingName, boolean>): Array<{ setting: string; value: boolean }> =>
    VCONNCT_SETTING_NAMES.map((name) => ({ setting: name, value: settings[name] }));
  const meetingDetail = (m: VconnctSimMeeting): Record<string, unknown> => ({
    meeting_id: m.meeting_id,
    title: m.title,
    moderator_password: m.moderator_password,
    welcome_text: m.welcome_text,
    meeting_setting: settingsList(m.settings),
  });

  /** Create/update body check: optional strings, and `meeting_setting` naming each of the ten exactly once with a boolean. */
  const parseWrite = (body: Record<string, unknown>): { errors: string[]; settings: Record<VconnctSettingName, boolean> } => {
    const errors: string[] = [];
    for (const field of ['title', 'moderator_password', 'welcome_text']) {
      if (body[field] !== undefined && typeof body[field] !== 'string') errors.push(`${field} must be a string.`);
    }
    const settings = defaultGeneralSettings();
    const list = body.meeting_setting;
    if (!Array.isArray(list)) {
      errors.push('meeting_setting is required: an array of 10 setting objects.');
      return { errors, settings };
    }
    const seen = new Set<string>();
    for (const item of list as unknown[]) {
      const rec = (item ?? {}) as Record<string, unknown>;
      const name = rec.setting;
      if (typeof name !== 'string' || !(VCONNCT_SETTING_NAMES as readonly string[]).includes(name)) {
        errors.push(`Unknown setting: ${String(name)}.`);
        continue;
      }
      if (seen.has(name)) errors.push(`Setting ${name} is given twice.`);
      seen.add(name);
      if (typeof rec.value !== 'boolean') errors.push(`Setting ${name} must be true or false.`);
      else settings[name as VconnctSettingName] = rec.value;
    }
    const missing = VCONNCT_SETTING_NAMES.filter((n) => !seen.has(n));
    if (missing.length > 0) errors.push(`meeting_setting must contain all 10 settings; missing: ${missing.join(', ')}.`);
    return { errors, settings };
  };

  const addAttendance = (res: Response, license: VconnctSimLicense, session: VconnctSimSession, fullName: string): boolean => {
    const rows = state.attendance.get(session.session_id) ?? [];
    if (rows.length >= license.maxAttendance) {
      fail(res, 400, `This room has reached the maximum attendance allowed by your license (${license.maxAttendance}).`);
      return false;
    }
    rows.push({ full_name: fullName, joined_date: control.now().toISOString() });
    state.attendance.set(session.session_id, rows);
    return true;
  };

  // ---- routes (section names of docs/vendors/vconnct.md in comments) ----

  const api = express.Router();

  // "Create Meeting"
  api.post(
    '/create_meeting/',
    handle('create_meeting', (req, res, license) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { errors, settings } = parseWrite(body);
      if (errors.length > 0) return fail(res, 400, ...errors);
      const rooms = [...state.meetings.values()].filter((m) => m.license === license.key).length;
      if (rooms >= license.maxRooms) {
        return fail(res, 400, `Your license allows a maximum of ${license.maxRooms} meeting rooms; the limit has been reached.`);
      }
      const meeting: VconnctSimMeeting = {
        meeting_id: seededUuid(random),
        license: license.key,
        title: str(body.title) ?? 'Untitled meeting',
        moderator_password: str(body.moderator_password) ?? `mod-${hex(random, 6)}`,
        welcome_text: str(body.welcome_text) ?? '',
        settings,
        is_running: false,
      };
      state.meetings.set(meeting.meeting_id, meeting);
      ok(res, meetingDetail(meeting), 201, 'تمت اضافه الاجتماع بنجاح!');
    }),
  );

  // "Update Meeting"
  api.put(
    '/update_meeting/',
    handle(
      'update_meeting',
      (req, res, license) => {
        const meeting = requireMeeting(req, res, license, req.query.meeting_id);
        if (!meeting) return;
        const body = (req.body ?? {}) as Record<string, unknown>;
        const { errors, settings } = parseWrite(body);
        if (errors.length > 0) return fail(res, 400, ...errors);
        meeting.title = str(body.title) ?? meeting.title;
        meeting.moderator_password = str(body.moderator_password) ?? meeting.moderator_password;
        meeting.welcome_text = str(body.welcome_text) ?? meeting.welcome_text;
        meeting.settings = settings;
        ok(res, meetingDetail(meeting), 200, 'لقد تم تعديل بيانات الاجتماع بنجاح!');
      },
      (req) => str(req.query.meeting_id),
    ),
  );

  // "Start Meeting" and "Join Meeting" share this path, told apart by the body.
  api.post(
    '/start_meeting/',
    handle(
      startOrJoin,
      (req, res, license) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        if (body.moderator_name !== undefined && (body.fullname !== undefined || body.role !== undefined)) {
          return fail(res, 400, 'Send moderator_name to start a meeting, or fullname and role to join it, not both.');
        }
        if (startOrJoin(req) === 'join_meeting') return join(req, res, license, body);
        const meeting = requireMeeting(req, res, license, body.meeting_id);
        if (!meeting) return;
        const moderatorName = str(body.moderator_name);
        if (!moderatorName) return fail(res, 400, 'moderator_name is required.');
        if (body.moderator_password === undefined || body.moderator_password === '') {
          return fail(res, 400, 'moderator_password is required to start a meeting session.');
        }
        if (body.moderator_password !== meeting.moderator_password) return fail(res, 400, 'The moderator password does not match.');
        let session = openSession(meeting.meeting_id);
        if (!session) {
          const at = control.now();
          session = {
            session_id: seededUuid(random),
            meeting_id: meeting.meeting_id,
            title: str(body.title) ?? meeting.title,
            start: at,
            end: null,
            attendee_password: str(body.attendee_password) ?? `att-${hex(random, 6)}`,
            recorded: meeting.settings.record,
          };
          state.sessions.set(session.session_id, session);
          state.attendance.set(session.session_id, []);
        }
        clearTimeout(endTimers.get(meeting.meeting_id));
        endTimers.delete(meeting.meeting_id);
        meeting.is_running = true;
        if (!addAttendance(res, license, session, moderatorName)) return;
        ok(
          res,
          { title: session.title, url: vconnctJoinUrl(state, moderatorName, meeting.meeting_id, meeting.moderator_password) },
          200,
          'الاجتماع الان تم تشغيله!',
        );
      },
      (req) => str((req.body as Record<string, unknown> | undefined)?.meeting_id),
    ),
  );

  const join = (req: Request, res: Response, license: VconnctSimLicense, body: Record<string, unknown>): void => {
    const meeting = requireMeeting(req, res, license, body.meeting_id);
    if (!meeting) return;
    const fullname = str(body.fullname);
    if (!fullname) return fail(res, 400, 'fullname is required.');
    if (body.role !== 'moderator' && body.role !== 'viewer') return fail(res, 400, 'role must be moderator or viewer.');
    const session = openSession(meeting.meeting_id);
    if (!session) return fail(res, 400, 'The meeting is not running; start it before joining.');
    const password = str(body.password);
    if (!password) return fail(res, 400, 'password is required to join.');
    const expected = body.role === 'moderator' ? meeting.moderator_password : session.attendee_password;
    if (password !== expected) return fail(res, 400, `The password does not match the ${body.role} password.`);
    if (!addAttendance(res, license, session, fullname)) return;
    ok(res, { url: vconnctJoinUrl(state, fullname, meeting.meeting_id, password) }, 200, 'لقد تم دخولك للاحتماع بنجاح!');
  };

  // "End Meeting": the session closes now; `is_running` follows after endDelayMs (BBB ends asynchronously).
  api.get(
    '/end_meeting/',
    handle(
      'end_meeting',
      (req, res, license) => {
        const meeting = requireMeeting(req, res, license, req.query.meeting_id);
        if (!meeting) return;
        const session = openSession(meeting.meeting_id);
        if (!session) return fail(res, 400, 'The meeting is not running.');
        session.end = control.now();
        if (state.endDelayMs > 0) {
          const timer = setTimeout(() => {
            meeting.is_running = false;
            endTimers.delete(meeting.meeting_id);
          }, state.endDelayMs);
          timer.unref();
          endTimers.set(meeting.meeting_id, timer);
        } else {
          meeting.is_running = false;
        }
        ok(res, null);
      },
      (req) => str(req.query.meeting_id),
    ),
  );

  // "Delete Scheduled Meeting": refused while running.
  api.delete(
    '/delete_scheduled_meeting/',
    handle(
      'delete_scheduled_meeting',
      (req, res, license) => {
        const meeting = requireMeeting(req, res, license, req.query.meeting_id);
        if (!meeting) return;
        if (meeting.is_running) return fail(res, 400, "You can't delete a meeting while it is running.");
        state.meetings.delete(meeting.meeting_id);
        for (const s of sessionsOfMeeting(meeting.meeting_id)) {
          state.sessions.delete(s.session_id);
          state.attendance.delete(s.session_id);
        }
        ok(res, null, 200, 'تم الحذف بنجاح!');
      },
      (req) => str(req.query.meeting_id),
    ),
  );

  // "List Sessions": `status` false only for a session the server abandoned (see the header).
  api.get(
    '/list_sessions/',
    handle(
      'list_sessions',
      (req, res, license) => {
        const meeting = requireMeeting(req, res, license, req.query.meeting_id);
        if (!meeting) return;
        ok(
          res,
          sessionsOfMeeting(meeting.meeting_id).map((s) => ({
            session_id: s.session_id,
            title: s.title,
            session_start_time: s.start.toISOString(),
            session_end_time: s.end ? s.end.toISOString() : null,
            attendee_password: s.attendee_password,
            status: s.abandoned !== true,
          })),
        );
      },
      (req) => str(req.query.meeting_id),
    ),
  );

  // "List Meetings"
  api.get(
    '/list_meetings/',
    handle('list_meetings', (_req, res, license) => {
      ok(
        res,
        [...state.meetings.values()]
          .filter((m) => m.license === license.key)
          .map((m) => ({
            meeting_id: m.meeting_id,
            title: m.title,
            is_running: m.is_running,
            moderator_password: m.moderator_password,
            welcome_text: m.welcome_text,
          })),
      );
    }),
  );

  // "List Attendance"
  api.get(
    '/list_attendance/',
    handle(
      'list_attendance',
      (req, res, license) => {
        const session = requireSession(req, res, license);
        if (session) ok(res, [...(state.attendance.get(session.session_id) ?? [])]);
      },
      (req) => str(req.query.session_id),
    ),
  );

  // "List Settings"
  api.get(
    '/list_setting/',
    handle(
      'list_setting',
      (req, res, license) => {
        const meeting = requireMeeting(req, res, license, req.query.meeting_id);
        if (meeting) ok(res, settingsList(meeting.settings));
      },
      (req) => str(req.query.meeting_id),
    ),
  );

  // "List General Meeting Settings"
  api.get(
    '/list_general_meeting_setting/',
    handle('list_general_meeting_setting', (_req, res) => {
      ok(res, state.generalSettingsShape === 'list' ? settingsList(state.generalSettings) : { ...state.generalSettings });
    }),
  );

  // "Get Session Recording": 404 while running and for a session that was not recorded.
  api.get(
    '/get_record/',
    handle(
      'get_record',
      (req, res, license) => {
        const session = requireSession(req, res, license);
        if (!session) return;
        if (session.end === null && !session.abandoned) return fail(res, 404, 'The session is still running; no recording yet.');
        if (!session.recorded) return fail(res, 404, 'No recording found for this session.');
        ok(res, playbackUrl(state, session));
      },
      (req) => str(req.query.session_id),
    ),
  );

  const app = simulatorApp();
  app.use('/api/v1', api);

  // The join URL target (BBB `join`): checks the checksum like BigBlueButton does.
  app.get(
    '/api/join',
    control.route('join_page', (req, res) => {
      const rawQuery = req.originalUrl.split('?')[1] ?? '';
      if (!verifyVconnctJoinChecksum(state, rawQuery)) {
        res.status(401).type('html').send('<h1>checksumError</h1><p>You did not pass the checksum security check.</p>');
        return;
      }
      const meeting = state.meetings.get(String(req.query.meetingID ?? ''));
      if (!meeting || !openSession(meeting.meeting_id)) {
        res.status(404).type('html').send('<h1>Meeting not running</h1>');
        return;
      }
      res.type('html').send(`<h1>${escapeHtml(meeting.title)}</h1><p>Joining as ${escapeHtml(String(req.query.fullName ?? ''))}…</p>`);
    }),
  );
  app.get(
    '/playback/presentation/2.3/:recordId',
    control.route('playback_page', (req, res) => {
      res.type('html').send(`<h1>Playback ${escapeHtml(String(req.params.recordId))}</h1>`);
    }),
  );

  // Unknown routes and malformed bodies answer in the error envelope, like the vendor.
  app.use((_req: Request, res: Response) => fail(res, 404, 'Not found.'));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status === 400 || (error as { type?: string }).type === 'entity.parse.failed')
      fail(res, 400, 'The request body is not valid JSON.');
    else res.status(500).json({ status: false, status_code: 500, message: 'error', error_messages: ['Internal server error.'] });
  });

  const server = await listenOnLoopback(app, options.port);
  state.origin = server.origin;
  return {
    url: `${server.origin}/api/v1`,
    control,
    state,
    close: async () => {
      for (const timer of endTimers.values()) clearTimeout(timer);
      endTimers.clear();
      await server.close();
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
