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
 * VEVENTs of an organizer's iCalendar feed (the list source, docs/vendors/allocloud.md "Listing").
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

/**
 * One status rule for both sources (docs/vendors/allocloud.md "Status"): the feed carries no presence flags, so a
 * meeting's status follows its schedule on the caller's clock — cancelled, ended (its end is past), LIVE (inside its
 * slot) or SCHEDULED — whether it was read from a feed or returned by a write. The JSON's `isActive`/`isClosed`/
 * `dtClosedAt` stay in `raw` and settings; using them only for writes would give one meeting two statuses.
 */
export function scheduleStatus(startsAt: Date | null, endsAt: Date | null, now: Date, cancelled = false): MeetingStatusValue {
  if (cancelled) return 'CANCELLED';
  if (endsAt && endsAt.getTime() <= now.getTime()) return 'ENDED';
  if (startsAt && startsAt.getTime() <= now.getTime()) return 'LIVE';
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
  add('isActive', m.isActive);
  return settings;
}

/** A JSON Meeting (create/update reply) → MeetingRecord. The JSON has no join URL, so joinUrl stays null. */
export function toMeeting(m: AllocloudMeeting, now: Date): MeetingRecord {
  const startsAt = parseDate(m.startTime);
  const endsAt = parseDate(m.endTime);
  return {
    nativeId: m.id,
    kind: 'SCHEDULED',
    title: m.topic ?? '',
    description: typeof m.agenda === 'string' && m.agenda !== '' ? m.agenda : null,
    status: scheduleStatus(startsAt, endsAt, now),
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

interface MeetingFields {
  title: string;
  startsAt: Date;
  endsAt: Date;
  description?: string | null;
  recorded?: boolean | null;
  participants?: InviteeCommand[] | null;
}

function minutesOf(fields: { startsAt: Date; endsAt: Date }): number {
  return Math.round((fields.endsAt.getTime() - fields.startsAt.getTime()) / 60_000);
}

/**
 * The documented create body (tutorial "Creating meetings"): `duration` as a number of minutes, type "standard",
 * never recurring (meetgraph schedules single events), defaults for what the caller did not name.
 */
export function toCreateBody(fields: MeetingFields): AllocloudMeetingBody {
  const body: AllocloudMeetingBody = {
    topic: fields.title,
    startTime: toAllocloudTime(fields.startsAt),
    endTime: toAllocloudTime(fields.endsAt),
    duration: minutesOf(fields),
    type: 'standard',
    isRecurring: false,
    isRecorded: fields.recorded ?? false,
    isDialin: false,
    invitedParticipants: toInvitedBody(fields.participants ?? []),
    recurring: {},
    meetingPermissionId: null,
  };
  if (fields.description !== undefined && fields.description !== null) body.agenda = fields.description;
  return body;
}

/**
 * The update body (tutorial "Updating meetings"): the tutorial sends the whole meeting, and a PUT replaces it, so
 * this is read-modify-write — every field comes from the meeting's current JSON (`GET /meeting/{id}` or this
 * request's own write), changed only where the caller named a value. Nothing is taken from the iCalendar feed,
 * whose SUMMARY/DESCRIPTION may carry invitation boilerplate, and `type` keeps the meeting's own type.
 */
export function toUpdateBody(
  current: AllocloudMeeting,
  changes: Omit<MeetingFields, 'title'> & { title?: string | null },
): AllocloudMeetingBody {
  const recurring = current.recurring && typeof current.recurring === 'object' ? current.recurring : {};
  return {
    id: current.id,
    topic: changes.title ?? current.topic,
    startTime: toAllocloudTime(changes.startsAt),
    endTime: toAllocloudTime(changes.endsAt),
    duration: minutesOf(changes),
    type: typeof current.type === 'string' && current.type !== '' ? current.type : 'standard',
    isRecurring: current.isRecurring === true,
    isRecorded: changes.recorded ?? current.isRecorded === true,
    isDialin: current.isDialin === true,
    agenda: changes.description ?? (typeof current.agenda === 'string' ? current.agenda : ''),
    invitedParticipants: changes.participants ? toInvitedBody(changes.participants) : (current.invitedParticipants ?? []),
    recurring,
    meetingPermissionId: typeof current.meetingPermissionId === 'string' ? current.meetingPermissionId : null,
  };
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
// iCalendar feed (docs/vendors/allocloud.md "Listing"): parsed with ical.js, never by hand.

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

/** Zone names already checked: luxon builds an `Intl.DateTimeFormat` per check, once per event of every feed. */
const zoneValidity = new Map<string, boolean>();
/** Past this many names (a feed may carry any TZID text) the memo starts over rather than grow. */
const ZONE_MEMO_SIZE = 256;

function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size >= ZONE_MEMO_SIZE) zoneValidity.clear();
    zoneValidity.set(zone, valid);
  }
  return valid;
}

/**
 * One DATE-TIME as an instant. ical.js already resolved UTC (`Z`) values and TZIDs defined by a VTIMEZONE in
 * the feed. What it leaves "floating" is resolved here with luxon: a TZID without a VTIMEZONE (non-compliant
 * but common) is read as an IANA name; a truly floating time (no TZID, no Z) is the organizer's local time.
 */
export function feedInstant(time: ICAL.Time, tzid: string | null, fallbackTimezone: string | null): Date {
  const zoneId = time.zone?.tzid;
  if (!time.isDate && zoneId && zoneId !== 'floating') return new Date(time.toUnixTime() * 1000);
  const fields = {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.isDate ? 0 : time.hour,
    minute: time.isDate ? 0 : time.minute,
    second: time.isDate ? 0 : time.second,
  };
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

/** UID `<id>@host` → `<id>` (docs/vendors/allocloud.md "Listing"). */
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

/** Earliest and latest years accepted from a feed; outside them a DTSTART is a corrupt value (e.g. year 0001). */
const FIRST_YEAR = 1970;
const LAST_YEAR = 9999;

function checkYear(time: ICAL.Time, name: string): void {
  if (time.year < FIRST_YEAR || time.year > LAST_YEAR) throw new Error(`${name} is in year ${time.year}`);
}

/**
 * One VEVENT → meeting + invited participants. `raw` is the VEVENT as jCal. Throws when the event cannot be read
 * (a value ical.js cannot decode, a year outside 1970–9999, an end before the start): the caller skips it.
 */
export function toFeedMeeting(vevent: ICAL.Component, options: FeedOptions): FeedMeeting | null {
  const uid = stringProp(vevent, 'uid');
  if (!uid) return null;
  const id = meetingIdFromUid(uid);
  const event = new ICAL.Event(vevent);
  const dtstart = vevent.getFirstProperty('dtstart');
  const tzidParam = dtstart?.getParameter('tzid');
  const tzid = typeof tzidParam === 'string' ? tzidParam : null;
  if (dtstart) {
    checkYear(event.startDate, 'DTSTART');
    checkYear(event.endDate, 'DTEND');
  }
  const startsAt = dtstart ? feedInstant(event.startDate, tzid, options.fallbackTimezone) : null;
  const dtendParam = vevent.getFirstProperty('dtend')?.getParameter('tzid');
  const endTzid = typeof dtendParam === 'string' ? dtendParam : tzid;
  const endsAt = dtstart ? feedInstant(event.endDate, endTzid, options.fallbackTimezone) : null;
  if (startsAt && endsAt && endsAt.getTime() < startsAt.getTime()) throw new Error('DTEND is before DTSTART');
  const created = vevent.getFirstPropertyValue('created');
  const cancelled = stringProp(vevent, 'status')?.toUpperCase() === 'CANCELLED';
  return {
    meeting: {
      nativeId: id,
      kind: 'SCHEDULED',
      title: stringProp(vevent, 'summary') ?? '',
      description: stringProp(vevent, 'description'),
      status: scheduleStatus(startsAt, endsAt, options.now, cancelled),
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

/** A VEVENT that could not be read: its meeting id when the UID was readable, and why. */
export interface UnreadableEvent {
  id: string | null;
  reason: string;
}

export interface FeedRead {
  meetings: FeedMeeting[];
  unreadable: UnreadableEvent[];
}

function uidOf(vevent: ICAL.Component): string | null {
  try {
    const uid = stringProp(vevent, 'uid');
    return uid ? meetingIdFromUid(uid) : null;
  } catch {
    return null;
  }
}

/**
 * Every meeting of one feed. A recurring event is one meeting (its first occurrence; the series is not
 * expanded); RECURRENCE-ID overrides of it are skipped so a UID yields one meeting. An event that cannot be read
 * is reported in `unreadable` and skipped; it never costs the rest of the feed.
 */
export function feedMeetings(calendar: ICAL.Component, options: FeedOptions): FeedRead {
  const meetings: FeedMeeting[] = [];
  const unreadable: UnreadableEvent[] = [];
  const seen = new Set<string>();
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    let mapped: FeedMeeting | null;
    try {
      if (vevent.hasProperty('recurrence-id')) continue;
      mapped = toFeedMeeting(vevent, options);
    } catch (error) {
      unreadable.push({ id: uidOf(vevent), reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (!mapped || seen.has(mapped.meeting.nativeId)) continue;
    seen.add(mapped.meeting.nativeId);
    meetings.push(mapped);
  }
  return { meetings, unreadable };
}
