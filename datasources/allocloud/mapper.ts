import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import type { CreateMeetingCommand, InviteeCommand } from '../commands.js';
import type { MeetingRecord, MeetingSettingRecord, MeetingStatusValue, ParticipantRecord, ParticipantRoleValue } from '../records.js';
import type {
  AllocloudAccount,
  AllocloudAccountRecord,
  AllocloudCreateAccountBody,
  AllocloudCreateAccountInput,
  AllocloudInvitedParticipant,
  AllocloudMeeting,
  AllocloudMeetingBody,
} from './types.js';

/**
 * Pure ALLOcloud → unified mapping (no I/O, no clock: `now` and zones come in as arguments).
 * Two sources of meetings: the JSON Meeting of `POST /meeting` / `PUT /meeting/{id}/false`, and the
 * VEVENTs of an organizer's iCalendar feed (the list source, contract "Listing").
 */

function parseDate(value: string | null | undefined): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** UTC ISO with milliseconds, the format every ALLOcloud time uses (`2020-04-07T09:00:00.000Z`). */
export function toAllocloudTime(at: Date): string {
  return at.toISOString();
}

/** Quirk: `duration` is a STRING of minutes in replies ("60"); numbers are accepted too. */
export function parseDurationMinutes(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const minutes = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isFinite(minutes) && minutes >= 0 ? Math.round(minutes) : null;
}

function minutesBetween(start: Date | null, end: Date | null): number | null {
  if (!start || !end) return null;
  const minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
  return minutes >= 0 ? minutes : null;
}

/** contract "Meeting", status (choice): isActive → LIVE, isClosed with dtClosedAt → ENDED, otherwise SCHEDULED. */
export function meetingStatus(m: Pick<AllocloudMeeting, 'isActive' | 'isClosed' | 'dtClosedAt'>): MeetingStatusValue {
  if (m.isActive === true) return 'LIVE';
  // Quirk: the documented freshly created meeting has isClosed: true with dtClosedAt: null — not ended.
  if (m.isClosed === true && typeof m.dtClosedAt === 'string' && m.dtClosedAt !== '') return 'ENDED';
  return 'SCHEDULED';
}

function meetingSettings(m: AllocloudMeeting): MeetingSettingRecord[] {
  const settings: MeetingSettingRecord[] = [];
  const add = (name: string, value: unknown): void => {
    if (value !== undefined && value !== null) settings.push({ name, value });
  };
  add('type', m.type);
  add('isRecorded', m.isRecorded);
  add('isDialin', m.isDialin);
  add('isRecurring', m.isRecurring);
  add('videoResolution', m.videoResolution);
  add('meetingId', m.meetingId);
  return settings;
}

/** A JSON Meeting (create/update reply) → MeetingRecord. The JSON has no join URL, so joinUrl stays null. */
export function toMeeting(m: AllocloudMeeting): MeetingRecord {
  const startsAt = parseDate(m.startTime);
  const endsAt = parseDate(m.endTime);
  return {
    nativeId: m.id,
    kind: 'SCHEDULED',
    title: m.topic ?? '',
    description: typeof m.agenda === 'string' && m.agenda !== '' ? m.agenda : null,
    status: meetingStatus(m),
    startsAt,
    endsAt,
    durationMinutes: parseDurationMinutes(m.duration) ?? minutesBetween(startsAt, endsAt),
    timezone: m.timezone ?? null,
    joinUrl: null,
    createdAt: null,
    settings: meetingSettings(m),
    raw: m,
  };
}

/** Stable participant id: `<meetingId>:<email>` (lower-cased) or `<meetingId>:<index>` without an email. */
export function participantNativeId(meetingId: string, email: string | null, index: number): string {
  return `${meetingId}:${email ? email.toLowerCase() : String(index)}`;
}

function invitee(p: AllocloudInvitedParticipant): { email: string | null; name: string | null } {
  if (typeof p === 'string') return { email: p.trim() || null, name: null };
  const full = [p.firstName, p.lastName].filter((s): s is string => typeof s === 'string' && s.trim() !== '').join(' ');
  const name = p.displayName ?? p.name ?? (full !== '' ? full : null);
  return { email: typeof p.email === 'string' && p.email.trim() !== '' ? p.email.trim() : null, name: name ?? null };
}

/** invitedParticipants → Participants with presence INVITED (they were asked, nothing says they came). */
export function toInvitedParticipants(meetingId: string, invited: AllocloudInvitedParticipant[] | null | undefined): ParticipantRecord[] {
  return (invited ?? []).map((p, index) => {
    const { email, name } = invitee(p);
    return {
      nativeId: participantNativeId(meetingId, email, index),
      displayName: name,
      email,
      phone: null,
      role: 'PARTICIPANT',
      presence: 'INVITED',
      joinedAt: null,
      leftAt: null,
      raw: p,
    };
  });
}

/** `POST /account` reply → the record `createAccount` returns. */
export function toAccount(a: AllocloudAccount): AllocloudAccountRecord {
  return {
    id: a.id,
    name: a.name,
    accountType: a.accountType,
    numberOfMeetings: typeof a.numberOfMeetings === 'number' ? a.numberOfMeetings : null,
    paidUntil: parseDate(a.paidUntil),
    raw: a,
  };
}

export function toCreateAccountBody(input: AllocloudCreateAccountInput): AllocloudCreateAccountBody {
  return {
    sendPassword: input.sendPassword,
    accountType: input.accountType,
    adminFirstname: input.adminFirstname,
    adminLastname: input.adminLastname,
    adminEmail: input.adminEmail,
    adminPreferredLanguage: input.adminPreferredLanguage,
    paidUntil: toAllocloudTime(input.paidUntil),
  };
}

/** Invitees → `invitedParticipants` (choice: objects with `email` and, when known, `name`). */
export function toInvitedBody(participants: InviteeCommand[]): Array<{ email: string; name?: string }> {
  return participants.map((p) => (p.displayName ? { email: String(p.email), name: p.displayName } : { email: String(p.email) }));
}

/**
 * The documented minimal meeting body (tutorial "Creating meetings"): `duration` as a number of minutes,
 * type "standard", never recurring (meetgraph schedules single events). `startsAt`/`endsAt` resolved by the caller.
 */
export function toMeetingBody(
  fields: { title: string; startsAt: Date; endsAt: Date; description?: string | null; recorded?: boolean | null; participants?: InviteeCommand[] | null },
  options: { full: boolean },
): AllocloudMeetingBody {
  const body: AllocloudMeetingBody = {
    topic: fields.title,
    startTime: toAllocloudTime(fields.startsAt),
    endTime: toAllocloudTime(fields.endsAt),
    duration: Math.round((fields.endsAt.getTime() - fields.startsAt.getTime()) / 60_000),
    type: 'standard',
  };
  if (options.full) {
    // Create: the documented minimal set, with defaults for what the caller did not name.
    body.isRecurring = false;
    body.isRecorded = fields.recorded ?? false;
    body.isDialin = false;
    body.invitedParticipants = toInvitedBody(fields.participants ?? []);
    body.recurring = {};
    body.meetingPermissionId = null;
  } else {
    // Update: only what the caller named, so a PUT never silently resets recording or invitations.
    if (fields.recorded !== undefined && fields.recorded !== null) body.isRecorded = fields.recorded;
    if (fields.participants !== undefined && fields.participants !== null) body.invitedParticipants = toInvitedBody(fields.participants);
  }
  if (fields.description !== undefined && fields.description !== null) body.agenda = fields.description;
  return body;
}

/** CreateMeetingCommand end: endsAt, else startsAt + durationMinutes. */
export function commandEnd(input: Pick<CreateMeetingCommand, 'startsAt' | 'endsAt' | 'durationMinutes'>): Date | null {
  if (input.endsAt) return input.endsAt;
  if (input.startsAt && input.durationMinutes !== null && input.durationMinutes !== undefined) {
    return new Date(input.startsAt.getTime() + input.durationMinutes * 60_000);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// iCalendar feed (contract "Listing"): parsed with ical.js, never by hand.

export interface FeedOptions {
  /** The organizer's IANA zone (from `GET /account/admin`): used for floating times and unknown TZIDs. */
  fallbackTimezone: string | null;
  /** The caller's clock, for the time-based status of feed events. */
  now: Date;
}

export interface FeedMeeting {
  meeting: MeetingRecord;
  participants: ParticipantRecord[];
}

/** Parses a `text/calendar` body; throws when it is not an iCalendar VCALENDAR. */
export function parseCalendar(text: string): ICAL.Component {
  const jcal: unknown = ICAL.parse(text);
  // ICAL.parse returns one component's jCal, or an array of them when the text holds several.
  const first = Array.isArray(jcal) && Array.isArray(jcal[0]) ? jcal[0] : jcal;
  const calendar = new ICAL.Component(first as unknown[]);
  if (calendar.name !== 'vcalendar') throw new Error(`expected a VCALENDAR, got ${calendar.name}`);
  return calendar;
}

function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * One DATE-TIME as an instant. ical.js already resolved UTC (`Z`) values and TZIDs defined by a VTIMEZONE in
 * the feed. What it leaves "floating" is resolved here with luxon: a TZID without a VTIMEZONE (non-compliant
 * but common) is read as an IANA name; a truly floating time (no TZID, no Z) is the organizer's local time.
 */
export function feedInstant(time: ICAL.Time, tzid: string | null, fallbackTimezone: string | null): Date {
  const zoneId = time.zone?.tzid;
  if (!time.isDate && zoneId && zoneId !== 'floating') return new Date(time.toUnixTime() * 1000);
  const fields = { year: time.year, month: time.month, day: time.day, hour: time.isDate ? 0 : time.hour, minute: time.isDate ? 0 : time.minute, second: time.isDate ? 0 : time.second };
  for (const zone of [tzid, fallbackTimezone]) {
    if (zone && isValidZone(zone)) return DateTime.fromObject(fields, { zone }).toJSDate();
  }
  return DateTime.fromObject(fields, { zone: 'UTC' }).toJSDate();
}

function stringProp(component: ICAL.Component, name: string): string | null {
  const value = component.getFirstPropertyValue(name);
  if (value === null || value === undefined) return null;
  const text = String(value);
  return text === '' ? null : text;
}

/** UID `<id>@host` → `<id>` (contract "Listing"). */
export function meetingIdFromUid(uid: string): string {
  const at = uid.indexOf('@');
  return at > 0 ? uid.slice(0, at) : uid;
}

function attendeeRole(role: string | null): ParticipantRoleValue {
  // iCalendar ROLE=CHAIR is the meeting's chair; every other invitee is a participant.
  return role?.toUpperCase() === 'CHAIR' ? 'MODERATOR' : 'PARTICIPANT';
}

function feedParticipants(meetingId: string, vevent: ICAL.Component): ParticipantRecord[] {
  return vevent.getAllProperties('attendee').map((prop, index) => {
    const value = String(prop.getFirstValue() ?? '');
    const email = value.replace(/^mailto:/i, '').trim() || null;
    const cn = prop.getParameter('cn');
    const role = prop.getParameter('role');
    return {
      nativeId: participantNativeId(meetingId, email, index),
      displayName: typeof cn === 'string' && cn !== '' ? cn : null,
      email,
      phone: null,
      role: attendeeRole(typeof role === 'string' ? role : null),
      presence: 'INVITED',
      joinedAt: null,
      leftAt: null,
      raw: prop.toJSON(),
    };
  });
}

/**
 * Feed status (choice): the feed carries no presence flags, so status follows the schedule: STATUS:CANCELLED →
 * CANCELLED, ended → ENDED, inside its slot → LIVE, otherwise SCHEDULED.
 */
function feedStatus(vevent: ICAL.Component, startsAt: Date | null, endsAt: Date | null, now: Date): MeetingStatusValue {
  if (stringProp(vevent, 'status')?.toUpperCase() === 'CANCELLED') return 'CANCELLED';
  if (endsAt && endsAt.getTime() <= now.getTime()) return 'ENDED';
  if (startsAt && startsAt.getTime() <= now.getTime()) return 'LIVE';
  return 'SCHEDULED';
}

/** One VEVENT → meeting + invited participants. `raw` is the VEVENT as jCal. */
export function toFeedMeeting(vevent: ICAL.Component, options: FeedOptions): FeedMeeting | null {
  const uid = stringProp(vevent, 'uid');
  if (!uid) return null;
  const id = meetingIdFromUid(uid);
  const event = new ICAL.Event(vevent);
  const dtstart = vevent.getFirstProperty('dtstart');
  const tzidParam = dtstart?.getParameter('tzid');
  const tzid = typeof tzidParam === 'string' ? tzidParam : null;
  const startsAt = dtstart ? feedInstant(event.startDate, tzid, options.fallbackTimezone) : null;
  const dtendParam = vevent.getFirstProperty('dtend')?.getParameter('tzid');
  const endTzid = typeof dtendParam === 'string' ? dtendParam : tzid;
  const endsAt = dtstart ? feedInstant(event.endDate, endTzid, options.fallbackTimezone) : null;
  const created = vevent.getFirstPropertyValue('created');
  return {
    meeting: {
      nativeId: id,
      kind: 'SCHEDULED',
      title: stringProp(vevent, 'summary') ?? '',
      description: stringProp(vevent, 'description'),
      status: feedStatus(vevent, startsAt, endsAt, options.now),
      startsAt,
      endsAt,
      durationMinutes: minutesBetween(startsAt, endsAt),
      timezone: tzid && isValidZone(tzid) ? tzid : options.fallbackTimezone,
      joinUrl: stringProp(vevent, 'url'),
      createdAt: created instanceof ICAL.Time ? feedInstant(created, null, 'UTC') : null,
      settings: [],
      raw: vevent.toJSON(),
    },
    participants: feedParticipants(id, vevent),
  };
}

/**
 * Every meeting of one feed. A recurring event is one meeting (its first occurrence; the series is not
 * expanded); RECURRENCE-ID overrides of it are skipped so a UID yields one meeting.
 */
export function feedMeetings(calendar: ICAL.Component, options: FeedOptions): FeedMeeting[] {
  const out: FeedMeeting[] = [];
  const seen = new Set<string>();
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    if (vevent.hasProperty('recurrence-id')) continue;
    const mapped = toFeedMeeting(vevent, options);
    if (!mapped || seen.has(mapped.meeting.nativeId)) continue;
    seen.add(mapped.meeting.nativeId);
    out.push(mapped);
  }
  return out;
}
