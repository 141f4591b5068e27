import { BadUserInputError } from '../../core/errors.js';
import type {
  MeetingSettingRecord,
  MeetingRecord,
  ParticipantRecord,
  ParticipantRoleValue,
  RecordingRecord,
  SessionRecord,
} from '../records.js';
import {
  VCONNCT_SETTING_NAMES,
  type VconnctAttendance,
  type VconnctGeneralSettings,
  type VconnctJoinRole,
  type VconnctMeeting,
  type VconnctSession,
  type VconnctSetting,
  type VconnctSettingName,
} from './types.js';

/**
 * Pure VConnct v1 → unified mapping (docs/vendors/vconnct.md "Calls"). No I/O, no clock.
 */

const REDACTED = '[redacted]';

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Room passwords are join credentials: `raw` goes to API clients, so they never appear in it. */
function redactPasswords<T extends object>(row: T): T {
  const copy: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const key of ['moderator_password', 'attendee_password']) if (key in copy && copy[key] != null) copy[key] = REDACTED;
  return copy as T;
}

/** A VConnct meeting is a persistent room (kind ROOM): `is_running` → LIVE, else IDLE. No schedule exists. */
export function toMeeting(row: VconnctMeeting): MeetingRecord {
  return {
    nativeId: row.meeting_id,
    kind: 'ROOM',
    title: typeof row.title === 'string' ? row.title : '',
    description: textOrNull(row.welcome_text),
    status: row.is_running === true ? 'LIVE' : 'IDLE',
    startsAt: null,
    endsAt: null,
    durationMinutes: null,
    timezone: null,
    joinUrl: null,
    createdAt: null,
    // Settings come from `list_setting` per meeting (meetingSettings), not from list_meetings.
    settings: null,
    raw: redactPasswords(row),
  };
}

/** The meeting id comes from the query: session rows do not carry it (docs/vendors/vconnct.md "List Sessions"). */
export function toSession(row: VconnctSession, meetingId: string): SessionRecord {
  const startedAt = parseDate(row.session_start_time);
  const endedAt = parseDate(row.session_end_time);
  const durationSeconds = startedAt && endedAt ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)) : null;
  return {
    nativeId: row.session_id,
    meetingNativeId: meetingId,
    title: textOrNull(row.title),
    startedAt,
    endedAt,
    durationSeconds,
    live: isSessionLive(row),
    participantCount: null,
    raw: redactPasswords(row),
  };
}

/**
 * Live = no `session_end_time` AND `status` not false (docs/vendors/vconnct.md "List Sessions"). The page lists
 * `status` on every session row but never defines it, and its own example shows `status: true` next to an end
 * time, so `true` cannot mean "running". Safest reading: an end time always means ended; `status: false` means the
 * session is over even without an end time (the vendor closed it and recorded no end); an absent `status` leaves
 * the decision to the end time.
 */
export function isSessionLive(row: VconnctSession): boolean {
  return parseDate(row.session_end_time) === null && row.status !== false;
}

/**
 * Attendance rows have no id. Participant native id = `<session_id>/<joined_date>/<full_name>`, each part
 * URI-encoded; a second identical row in the same list gets `/<n>` appended (n = 2, 3, …) so ids stay unique
 * and stable while the vendor keeps its order.
 */
export function participantNativeId(sessionId: string, row: VconnctAttendance, occurrence = 1): string {
  const base = [sessionId, row.joined_date, row.full_name].map((p) => encodeURIComponent(String(p ?? ''))).join('/');
  return occurrence > 1 ? `${base}/${occurrence}` : base;
}

export interface ParticipantIdParts {
  sessionId: string;
  joinedDate: string;
  fullName: string;
  occurrence: number;
}

export function parseParticipantNativeId(id: string): ParticipantIdParts | null {
  const parts = id.split('/');
  if (parts.length !== 3 && parts.length !== 4) return null;
  try {
    const [sessionId, joinedDate, fullName] = parts.slice(0, 3).map((p) => decodeURIComponent(p)) as [string, string, string];
    const occurrence = parts.length === 4 ? Number(parts[3]) : 1;
    if (!sessionId || !Number.isInteger(occurrence) || (parts.length === 4 && occurrence < 2)) return null;
    return { sessionId, joinedDate, fullName, occurrence };
  } catch {
    return null;
  }
}

/**
 * Attendance → participants. Presence LEFT for an ended session, ONLINE for a running one (a choice,
 * docs/vendors/vconnct.md "Participants"); role UNKNOWN and leftAt null because attendance says neither.
 */
export function toParticipants(sessionId: string, rows: VconnctAttendance[], sessionLive: boolean): ParticipantRecord[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const base = participantNativeId(sessionId, row);
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    return {
      nativeId: participantNativeId(sessionId, row, occurrence),
      displayName: textOrNull(row.full_name),
      email: null,
      phone: null,
      role: 'UNKNOWN',
      presence: sessionLive ? 'ONLINE' : 'LEFT',
      joinedAt: parseDate(row.joined_date),
      leftAt: null,
      raw: { ...row, session_id: sessionId },
    };
  });
}

/**
 * One BigBlueButton playback page per session (get_record): native id = session_id, created when the session
 * ended. An empty/absent URL means no recording.
 */
export function toRecording(url: unknown, session: VconnctSession, meetingId: string): RecordingRecord | null {
  if (typeof url !== 'string' || url.trim() === '') return null;
  return {
    nativeId: session.session_id,
    meetingNativeId: meetingId,
    sessionNativeId: session.session_id,
    title: textOrNull(session.title),
    url,
    mediaType: 'PLAYBACK_PAGE',
    mimeType: 'text/html',
    sizeBytes: null,
    createdAt: parseDate(session.session_end_time),
    raw: { session_id: session.session_id, url },
  };
}

/** VConnct sends booleans; tolerate "true"/"false" and 0/1 from implementations that stringify. */
export function toBooleanSetting(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 1 || value === '1') return true;
  if (value === 'false' || value === 0 || value === '0') return false;
  return null;
}

export function toSettings(rows: VconnctSetting[]): MeetingSettingRecord[] {
  return rows
    .filter((r) => r && typeof r.setting === 'string')
    .map((r) => ({ name: r.setting, value: toBooleanSetting(r.value) ?? r.value }));
}

/**
 * list_general_meeting_setting (docs/vendors/vconnct.md "List General Meeting Settings") prints `"name": value`
 * pairs inside `[ ]`; accept an object map, a `{setting,value}` list, or a list of one-key objects. Unparseable
 * values are skipped.
 */
export function parseGeneralSettings(data: VconnctGeneralSettings | null | undefined): Partial<Record<VconnctSettingName, boolean>> {
  const out: Record<string, boolean> = {};
  const put = (name: unknown, value: unknown): void => {
    const flag = toBooleanSetting(value);
    if (typeof name === 'string' && flag !== null) out[name] = flag;
  };
  if (Array.isArray(data)) {
    for (const item of data) {
      if (!item || typeof item !== 'object') continue;
      const rec = item as Record<string, unknown>;
      if (typeof rec.setting === 'string') put(rec.setting, rec.value);
      else for (const [k, v] of Object.entries(rec)) put(k, v);
    }
  } else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) put(k, v);
  }
  return out as Partial<Record<VconnctSettingName, boolean>>;
}

const KNOWN_SETTINGS: ReadonlySet<string> = new Set(VCONNCT_SETTING_NAMES);

/**
 * Checks the caller's settings before any upstream call: only the ten names, each once, boolean values.
 * Throws BadUserInputError('input.settings', …) naming the offending setting.
 */
export function validateSettings(settings: MeetingSettingRecord[] | null | undefined): Partial<Record<VconnctSettingName, boolean>> {
  const out: Partial<Record<VconnctSettingName, boolean>> = {};
  for (const s of settings ?? []) {
    if (!KNOWN_SETTINGS.has(s.name)) {
      throw new BadUserInputError(
        'input.settings',
        `unknown VConnct setting "${s.name}"; known settings: ${VCONNCT_SETTING_NAMES.join(', ')}`,
      );
    }
    if (typeof s.value !== 'boolean') throw new BadUserInputError('input.settings', `VConnct setting "${s.name}" takes a boolean value`);
    const name = s.name as VconnctSettingName;
    if (name in out) throw new BadUserInputError('input.settings', `VConnct setting "${s.name}" is given twice`);
    out[name] = s.value;
  }
  return out;
}

/**
 * The ten settings create/update must send: the caller's value, else the base (general defaults, or the
 * meeting's current settings), else false (BigBlueButton's default for every one of the ten).
 */
export function completeSettings(
  given: Partial<Record<VconnctSettingName, boolean>>,
  base: Partial<Record<VconnctSettingName, boolean>>,
): Array<{ setting: VconnctSettingName; value: boolean }> {
  return VCONNCT_SETTING_NAMES.map((name) => ({ setting: name, value: given[name] ?? base[name] ?? false }));
}

/** Unified role → VConnct join role (docs/vendors/vconnct.md "Join Meeting"): moderator, or viewer (attendee). */
export function toJoinRole(role: ParticipantRoleValue): VconnctJoinRole {
  if (role === 'MODERATOR') return 'moderator';
  if (role === 'PARTICIPANT') return 'viewer';
  throw new BadUserInputError('input.role', `VConnct joins as MODERATOR or PARTICIPANT only, not ${role}`);
}
