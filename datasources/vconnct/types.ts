/**
 * Raw VConnct Client API v1 shapes (docs/vendors/vconnct.md). VConnct v1 wraps BigBlueButton: the ten settings
 * are BBB `create` options.
 */

/** The ten settings every create/update must send ("Create Meeting": "Array of 10 required setting objects"). */
export const VCONNCT_SETTING_NAMES = [
  'lock_settings_disable_public_chat',
  'lock_settings_disable_mic',
  'auto_start_recording',
  'lock_settings_disable_cam',
  'lock_settings_locked_layout',
  'allow_start_stop_recording',
  'record',
  'webcam_only_for_moderators',
  'lock_settings_disable_note',
  'lock_settings_disable_private_chat',
] as const;

export type VconnctSettingName = (typeof VCONNCT_SETTING_NAMES)[number];

export interface VconnctSetting {
  setting: string;
  value: unknown;
}

/** A row of `GET /list_meetings/` (docs/vendors/vconnct.md "List Meetings"). */
export interface VconnctMeeting {
  meeting_id: string;
  title?: string | null;
  is_running?: boolean;
  moderator_password?: string | null;
  welcome_text?: string | null;
}

/** `data` of create/update ("Create Meeting", "Update Meeting"): the meeting plus its settings, without `is_running`. */
export interface VconnctMeetingDetail extends VconnctMeeting {
  meeting_setting?: VconnctSetting[];
}

/**
 * A row of `GET /list_sessions/?meeting_id=` (docs/vendors/vconnct.md "List Sessions"). `status` appears in the
 * example but is never defined; see `isSessionLive` for how it is read.
 */
export interface VconnctSession {
  session_id: string;
  title?: string | null;
  session_start_time?: string | null;
  session_end_time?: string | null;
  attendee_password?: string | null;
  status?: boolean;
}

/** A row of `GET /list_attendance/?session_id=` ("List Attendance"). No id, no role, no leave time. */
export interface VconnctAttendance {
  full_name: string;
  joined_date: string;
}

/**
 * `data` of `GET /list_general_meeting_setting/` ("List General Meeting Settings"). The page prints `[ "name": value, … ]`, which is
 * not JSON: an object map, a `{setting,value}` list or a list of one-key objects are all accepted.
 */
export type VconnctGeneralSettings = Record<string, unknown> | Array<VconnctSetting | Record<string, unknown>>;

/** Body of create/update ("Create Meeting", "Update Meeting"). */
export interface VconnctMeetingWrite {
  title?: string;
  moderator_password?: string;
  welcome_text?: string;
  meeting_setting: Array<{ setting: VconnctSettingName; value: boolean }>;
}

/**
 * Body of start ("Start Meeting"): `moderator_name` tells it apart from a join. `moderator_password` is the room's
 * stored one: the page calls it the password "for start a new meeting session" and its example URL carries it.
 */
export interface VconnctStartBody {
  meeting_id: string;
  moderator_name: string;
  title?: string;
  attendee_password?: string;
  moderator_password?: string;
  logout_url?: string;
}

export type VconnctJoinRole = 'moderator' | 'viewer';

/** Body of join ("Join Meeting"): same path as start, told apart by `fullname` + `role`. */
export interface VconnctJoinBody {
  meeting_id: string;
  fullname: string;
  role: VconnctJoinRole;
  password?: string;
}

/** `data` of start ("Start Meeting"). */
export interface VconnctStartResult {
  title?: string;
  url: string;
}

/** `data` of join ("Join Meeting"). */
export interface VconnctJoinResult {
  url: string;
}

/** Success envelope (every response example on the page). `success_message` is localized: never parsed. */
export interface VconnctEnvelope<T> {
  status: true;
  status_code: number;
  message: string;
  data: T;
  success_message?: string;
}

/** Error envelope ("Error Responses"). */
export interface VconnctErrorBody {
  status: false;
  status_code: number;
  message: string;
  error_messages?: unknown[];
}
