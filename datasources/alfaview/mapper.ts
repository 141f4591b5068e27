import { BadUserInputError } from '../../core/errors.js';
import type { CreateMeetingCommand, UpdateMeetingCommand } from '../commands.js';
import type {
  JoinLinkRecord,
  MeetingRecord,
  MeetingSettingRecord,
  MeetingStatusValue,
  ParticipantRecord,
  ParticipantRoleValue,
} from '../records.js';
import type {
  AlfaviewGroupLink,
  AlfaviewPermissionGroup,
  AlfaviewRoom,
  AlfaviewRoomQuotas,
  AlfaviewRoomStatus,
  AlfaviewRoomUser,
} from './types.js';

/** Pure vendor JSON → unified records. No I/O, no clock reads. */

export interface AlfaviewRoomEntry {
  id: string;
  room: AlfaviewRoom;
}

/**
 * Quirk: lists arrive as maps keyed by id (int64 ids as strings). Turned into arrays here, ids kept as
 * strings (never Number(): ids beyond 2^53 would lose digits). Non-object values are skipped.
 */
export function entriesOf<T>(map: Record<string, T> | null | undefined): Array<{ id: string; value: T }> {
  if (!map || typeof map !== 'object' || Array.isArray(map)) return [];
  return Object.entries(map)
    .filter(([, value]) => value !== null && typeof value === 'object')
    .map(([id, value]) => ({ id: String(id), value }));
}

export function roomsToArray(rooms: Record<string, AlfaviewRoom> | null | undefined): AlfaviewRoomEntry[] {
  return entriesOf(rooms).map(({ id, value }) => ({ id, room: value }));
}

/** The room types meetgraph lists as meetings; departments are folders of rooms, not meetings. */
export const ALFAVIEW_MEETING_ROOM_TYPES = ['ROOM_TYPE_ROOM'] as const;

/** A room is a meeting unless it states another type (protobuf-JSON may omit the enum's default value). */
export function isMeetingRoom(room: AlfaviewRoom): boolean {
  return room.type === undefined || room.type === null || room.type === 'ROOM_TYPE_ROOM';
}

/**
 * alfaview timestamps are strings: RFC 3339, or epoch seconds / milliseconds as an int64-as-string.
 * Both are accepted; anything else is null.
 */
export function parseAlfaviewTime(value: unknown): Date | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()))) {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) return null;
    // Below 1e11 it cannot be milliseconds of any plausible date (1e11 ms is 1973): it is seconds.
    return new Date(n < 1e11 ? n * 1000 : n);
  }
  if (typeof value !== 'string') return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at);
}

function toInt(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Online users of one room status entry, as [userId, user]. */
export function onlineUsers(status: AlfaviewRoomStatus | null | undefined): Array<{ id: string; value: AlfaviewRoomUser }> {
  return entriesOf(status?.users).filter(({ value }) => value.online === true);
}

/**
 * Status (a choice, docs/vendors/alfaview.md "Room status"): LIVE when any user is online in `roomService/status`, otherwise IDLE; a room
 * missing from the status reply has nobody in it. UNKNOWN is decided by the caller (status not asked).
 */
export function roomStatus(status: AlfaviewRoomStatus | null | undefined): MeetingStatusValue {
  return onlineUsers(status).length > 0 ? 'LIVE' : 'IDLE';
}

function roomSettings(room: AlfaviewRoom): MeetingSettingRecord[] {
  const settings: MeetingSettingRecord[] = [];
  const push = (name: string, value: unknown): void => {
    if (value !== undefined && value !== null) settings.push({ name, value });
  };
  push('type', room.type ?? 'ROOM_TYPE_ROOM');
  push('mode', room.mode);
  push('parentId', room.parentId);
  push('activeParticipants', toInt(room.quotas?.activeParticipants));
  push('passiveParticipants', toInt(room.quotas?.passiveParticipants));
  push('subRooms', toInt(room.quotas?.subRooms));
  push('allowSpectators', room.allowSpectators);
  return settings;
}

/** A room becomes a standing Meeting (kind ROOM): no schedule, no stored join URL (links are minted per role). */
export function toMeeting(roomId: string, room: AlfaviewRoom, status: MeetingStatusValue): MeetingRecord {
  const title = typeof room.displayName === 'string' && room.displayName.trim() !== '' ? room.displayName : `Room ${roomId}`;
  return {
    nativeId: roomId,
    kind: 'ROOM',
    title,
    description: null,
    status,
    startsAt: null,
    endsAt: null,
    durationMinutes: null,
    timezone: null,
    joinUrl: null,
    createdAt: parseAlfaviewTime(room.createdAt),
    settings: roomSettings(room),
    raw: { roomId, ...room },
  };
}

/**
 * Live users → participants: ONLINE; SPECTATOR when isSpectator, else PARTICIPANT (guests too — `isGuest`
 * stays in raw). The id is `<roomId>:<userId>` so it is unique within the connection.
 */
export function toParticipants(roomId: string, status: AlfaviewRoomStatus | null | undefined): ParticipantRecord[] {
  return onlineUsers(status)
    .map(({ id, value }) => ({
      nativeId: `${roomId}:${id}`,
      displayName: typeof value.displayName === 'string' && value.displayName !== '' ? value.displayName : null,
      email: null,
      phone: null,
      role: value.isSpectator === true ? ('SPECTATOR' as const) : ('PARTICIPANT' as const),
      presence: 'ONLINE' as const,
      joinedAt: null,
      leftAt: null,
      raw: { roomId, userId: id, ...value, isGuest: value.isGuest === true },
    }))
    .sort((a, b) => (a.nativeId < b.nativeId ? -1 : a.nativeId > b.nativeId ? 1 : 0));
}

/** meetgraph role → the alfaview permission group name (the constant role maps are deprecated). */
export const ALFAVIEW_ROLE_GROUPS: Partial<Record<ParticipantRoleValue, string>> = {
  MODERATOR: 'Moderator',
  PARTICIPANT: 'Participant',
  SPECTATOR: 'Spectator',
};

export function permissionGroupName(role: ParticipantRoleValue): string {
  const name = ALFAVIEW_ROLE_GROUPS[role];
  if (!name) throw new BadUserInputError('input.role', `alfaview join links exist for MODERATOR, PARTICIPANT and SPECTATOR, not ${role}.`);
  return name;
}

/** Permission group id by name, case-insensitively; null when the company has no such group. */
export function findPermissionGroupId(groups: Record<string, AlfaviewPermissionGroup> | null | undefined, name: string): string | null {
  const wanted = name.toLocaleLowerCase('en');
  const hits = entriesOf(groups).filter(
    ({ value }) => typeof value.name === 'string' && value.name.trim().toLocaleLowerCase('en') === wanted,
  );
  if (hits.length === 0) return null;
  // Several groups of one name: the lowest id, so the choice is stable.
  return hits.map((h) => h.id).sort()[0] ?? null;
}

/**
 * The room's existing link for a permission group that a new request may reuse (docs/vendors/alfaview.md
 * "Join links"), or null: a group link is the room's door for a role, not a per-person ticket, so meetgraph hands
 * out the same one instead of minting a new link on every call. Reused only when it is exactly what a new link
 * would be: same group, valid now, and the same end of validity — none asked and none set, or the asked one to
 * the second (a link that outlives the asked expiry, or dies before it, is not reused). Among several, the oldest
 * (then lowest id) wins, so the answer is stable.
 */
export function reusableGroupLink(
  links: readonly AlfaviewGroupLink[] | null | undefined,
  permissionGroupId: string,
  expiresAt: Date | null,
  now: Date,
): AlfaviewGroupLink | null {
  const wantedUntil = expiresAt ? Math.floor(expiresAt.getTime() / 1000) : null;
  const candidates = (links ?? []).filter((link) => {
    if (!link || typeof link.joinLink !== 'string' || link.joinLink === '') return false;
    if (link.permissionGroupId === undefined || String(link.permissionGroupId) !== permissionGroupId) return false;
    const from = parseAlfaviewTime(link.validFrom);
    if (from && from.getTime() > now.getTime()) return false;
    const until = parseAlfaviewTime(link.validUntil);
    if (until && until.getTime() <= now.getTime()) return false;
    return (until ? Math.floor(until.getTime() / 1000) : null) === wantedUntil;
  });
  const createdAt = (link: AlfaviewGroupLink): number => parseAlfaviewTime(link.createdAt)?.getTime() ?? 0;
  const idOf = (link: AlfaviewGroupLink): string => String(link.id ?? '').padStart(24, '0');
  candidates.sort((a, b) => createdAt(a) - createdAt(b) || (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  return candidates[0] ?? null;
}

export function toJoinLink(link: AlfaviewGroupLink, role: ParticipantRoleValue): JoinLinkRecord | null {
  if (typeof link.joinLink !== 'string' || link.joinLink === '') return null;
  return { url: link.joinLink, role, expiresAt: parseAlfaviewTime(link.validUntil) };
}

/* ---- meetgraph write inputs → alfaview Room ---- */

const QUOTA_SETTINGS = ['activeParticipants', 'passiveParticipants', 'subRooms'] as const;
const ROOM_SETTINGS = [...QUOTA_SETTINGS, 'mode', 'parentId', 'allowSpectators'] as const;

function rejectIfSet(field: string, value: unknown, why: string): void {
  if (value !== undefined && value !== null && value !== false && !(Array.isArray(value) && value.length === 0))
    throw new BadUserInputError(field, why);
}

/** Fields a standing alfaview room has no place for: refused, never silently dropped. */
function rejectUnsupported(input: UpdateMeetingCommand): void {
  const standing = 'alfaview rooms are standing rooms without a schedule.';
  if (input.kind !== undefined && input.kind !== null && input.kind !== 'ROOM')
    throw new BadUserInputError('input.kind', 'alfaview meetings are rooms (kind ROOM).');
  rejectIfSet('input.startsAt', input.startsAt, standing);
  rejectIfSet('input.endsAt', input.endsAt, standing);
  rejectIfSet('input.durationMinutes', input.durationMinutes, standing);
  rejectIfSet('input.timezone', input.timezone, standing);
  rejectIfSet('input.description', input.description === '' ? null : input.description, 'alfaview rooms have no description.');
  rejectIfSet('input.participants', input.participants, 'alfaview rooms are joined through links (createJoinLink), not invitations.');
  rejectIfSet('input.moderatorPassword', input.moderatorPassword, 'alfaview rooms use role links instead of passwords.');
  rejectIfSet('input.recorded', input.recorded, 'alfaview records locally only.');
}

/** Applies meetgraph settings (by name) onto a room; unknown names and wrong types are the caller's error. */
function applySettings(room: AlfaviewRoom, settings: MeetingSettingRecord[] | null | undefined): AlfaviewRoom {
  if (!settings) return room;
  const out: AlfaviewRoom = { ...room, quotas: { ...room.quotas } };
  for (const { name, value } of settings) {
    if (!(ROOM_SETTINGS as readonly string[]).includes(name)) {
      throw new BadUserInputError('input.settings', `alfaview rooms have no setting "${name}" (known: ${ROOM_SETTINGS.join(', ')}).`);
    }
    if ((QUOTA_SETTINGS as readonly string[]).includes(name)) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
        throw new BadUserInputError('input.settings', `${name} must be a non-negative integer.`);
      (out.quotas as AlfaviewRoomQuotas)[name as (typeof QUOTA_SETTINGS)[number]] = value;
    } else if (name === 'allowSpectators') {
      if (typeof value !== 'boolean') throw new BadUserInputError('input.settings', 'allowSpectators must be a boolean.');
      out.allowSpectators = value;
    } else {
      if (typeof value !== 'string' || value === '') throw new BadUserInputError('input.settings', `${name} must be a non-empty string.`);
      if (name === 'mode') out.mode = value;
      else out.parentId = value;
    }
  }
  if (out.quotas && Object.keys(out.quotas).length === 0) delete out.quotas;
  return out;
}

/** CreateMeetingCommand → the `room` of `roomService/create`. */
export function roomFromCreate(input: CreateMeetingCommand): AlfaviewRoom {
  rejectUnsupported(input);
  return applySettings({ displayName: input.title, type: 'ROOM_TYPE_ROOM' }, input.settings);
}

/** UpdateMeetingCommand merged onto the current room: the full room is sent, whatever the vendor's update semantics. */
export function roomFromUpdate(current: AlfaviewRoom, input: UpdateMeetingCommand): AlfaviewRoom {
  rejectUnsupported(input);
  // Read-only fields of the listed room are not sent back.
  const { createdAt: _createdAt, createdBy: _createdBy, ...writable } = current as AlfaviewRoom & { myPermissions?: unknown };
  const next: AlfaviewRoom = { ...writable };
  delete (next as { myPermissions?: unknown }).myPermissions;
  if (input.title !== undefined && input.title !== null) next.displayName = input.title;
  return applySettings(next, input.settings);
}
