import { DateTime } from 'luxon';
import {
  emptyEndpoint,
  type ConnectionReportRecord,
  type EndpointRecord,
  type MediaTypeValue,
  type MeetingRecord,
  type MeetingSettingRecord,
  type MeetingStatusValue,
  type ParticipantRecord,
  type PresenceStateValue,
  type RecordingRecord,
  type SessionRecord,
} from '../records.js';
import type { ApizeeConference, ApizeeMedia, ApizeeSessionStat, ApizeeTicket, ApizeeTicketStat } from './types.js';

/**
 * Pure Apizee JSON → unified records (docs/vendors/apizee.md). No I/O, no clock: the connection's timezone is
 * passed in where the vendor writes zoneless dates.
 */

// ---------------------------------------------------------------------------------------------- ids

export type ApizeeMeetingRef = { type: 'conference' | 'ticket'; id: number };

/** Quirk: conferences and tickets number their ids independently, so the native id names the source. */
export function conferenceNativeId(id: number | string): string {
  return `conference:${id}`;
}

export function ticketNativeId(id: number | string): string {
  return `ticket:${id}`;
}

/** `conference:<int>` / `ticket:<int>`, or null for anything else (a foreign or malformed id). */
export function parseMeetingNativeId(nativeId: string): ApizeeMeetingRef | null {
  const match = /^(conference|ticket):([0-9]{1,15})$/.exec(nativeId);
  if (!match) return null;
  return { type: match[1] as ApizeeMeetingRef['type'], id: Number(match[2]) };
}

/** Media ids are only unique within their conference or ticket list, so the recording id carries its meeting. */
export function recordingNativeId(meetingNativeId: string, mediaId: number | string): string {
  return `${meetingNativeId}:media:${mediaId}`;
}

export function parseRecordingNativeId(nativeId: string): { meeting: ApizeeMeetingRef; meetingNativeId: string; mediaId: string } | null {
  const match = /^((?:conference|ticket):[0-9]{1,15}):media:([0-9]{1,15})$/.exec(nativeId);
  if (!match) return null;
  const meeting = parseMeetingNativeId(match[1] as string);
  return meeting ? { meeting, meetingNativeId: match[1] as string, mediaId: match[2] as string } : null;
}

/** Participants have no ids of their own: `ticket:<id>:agent|requestor`, `conference:<id>:user:<userId>`. */
export function parseParticipantNativeId(nativeId: string): { meeting: ApizeeMeetingRef; meetingNativeId: string } | null {
  const match = /^((?:conference|ticket):[0-9]{1,15}):(?:agent|requestor|user:[0-9]{1,15})$/.exec(nativeId);
  if (!match) return null;
  const meeting = parseMeetingNativeId(match[1] as string);
  return meeting ? { meeting, meetingNativeId: match[1] as string } : null;
}

// ---------------------------------------------------------------------------------------------- time

/**
 * Apizee writes UTC as `…Z` or `…+00:00` (docs/vendors/apizee.md, "Times": parse both); an offset-less value is read as UTC too,
 * and a space instead of `T` is tolerated. Unparseable → null, never an Invalid Date.
 */
export function parseApizeeTime(value: string | null | undefined): Date | null {
  if (typeof value !== 'string') return null;
  let epochMs = parsedTimes.get(value);
  if (epochMs === undefined) {
    epochMs = parseApizeeEpochMs(value);
    if (parsedTimes.size >= PARSED_TIMES_MAX) parsedTimes.clear();
    parsedTimes.set(value, epochMs);
  }
  return epochMs === null ? null : new Date(epochMs);
}

/**
 * The same vendor timestamps are read many times per request (attributing session statistics compares each with
 * every conference window), and luxon's parse is most of that cost: parsed values are remembered by their text.
 * The result depends on the text alone, so this stays a pure function; the bound only caps memory.
 */
const parsedTimes = new Map<string, number | null>();
const PARSED_TIMES_MAX = 20_000;

function parseApizeeEpochMs(value: string): number | null {
  const text = value.trim();
  if (text === '') return null;
  let parsed = DateTime.fromISO(text, { zone: 'utc', setZone: true });
  if (!parsed.isValid) parsed = DateTime.fromSQL(text, { zone: 'utc', setZone: true });
  return parsed.isValid ? parsed.toMillis() : null;
}

/**
 * Quirk: tickets-stats dates have no zone. The published example is a French enterprise's export, so they are
 * read as wall-clock times of the connection's `timezone` option (default UTC) — a guess, see
 * docs/vendors/apizee.md "Ticket statistics".
 */
export function parseZonelessTime(value: string | null | undefined, timezone: string): Date | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  let parsed = DateTime.fromSQL(text, { zone: timezone });
  if (!parsed.isValid) parsed = DateTime.fromISO(text, { zone: timezone });
  return parsed.isValid ? parsed.toJSDate() : null;
}

function minutesBetween(start: Date | null, end: Date | null): number | null {
  if (!start || !end) return null;
  const minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
  return minutes >= 0 ? minutes : null;
}

function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function num(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

// ---------------------------------------------------------------------------------------------- conferences

/** Conference `status` (docs/vendors/apizee.md "Conferences"): only `scheduled` and `ongoing` are documented by name. */
export function conferenceStatus(status: string | null | undefined): MeetingStatusValue {
  switch ((status ?? '').toLowerCase()) {
    case 'scheduled':
      return 'SCHEDULED';
    case 'ongoing':
      return 'LIVE';
    case 'ended':
    case 'closed':
    case 'finished':
      return 'ENDED';
    case 'cancelled':
    case 'canceled':
      return 'CANCELLED';
    default:
      return 'UNKNOWN';
  }
}

function conferenceSettings(conference: ApizeeConference): MeetingSettingRecord[] {
  const settings: MeetingSettingRecord[] = [];
  if (conference.moderation !== undefined && conference.moderation !== null) {
    settings.push({
      name: 'moderation',
      value: conference.moderation === true || conference.moderation === 'true' || conference.moderation === '1',
    });
  }
  if (conference.sip_phone_number) settings.push({ name: 'sipPhoneNumber', value: conference.sip_phone_number });
  if (conference.sip_dtmf_code) settings.push({ name: 'sipDtmfCode', value: conference.sip_dtmf_code });
  return settings;
}

export function toConferenceMeeting(conference: ApizeeConference): MeetingRecord {
  const startsAt = parseApizeeTime(conference.start_time);
  const endsAt = parseApizeeTime(conference.end_time);
  return {
    nativeId: conferenceNativeId(conference.id),
    kind: 'SCHEDULED',
    title: str(conference.name) ?? `Conference ${conference.id}`,
    description: null,
    status: conferenceStatus(conference.status),
    startsAt,
    endsAt,
    durationMinutes: minutesBetween(startsAt, endsAt),
    // Apizee times are absolute UTC instants; the conference carries no display zone.
    timezone: null,
    joinUrl: str(conference.url) ?? str(conference.short_url),
    createdAt: parseApizeeTime(conference.created),
    settings: conferenceSettings(conference),
    raw: conference,
  };
}

/**
 * The published conference has no participant list (participants are only a create parameter), so its
 * participants are the people it names: the organizer and the moderator, both MODERATOR, once each.
 */
export function toConferenceParticipants(conference: ApizeeConference): ParticipantRecord[] {
  const meetingId = conferenceNativeId(conference.id);
  const people: ParticipantRecord[] = [];
  const seen = new Set<string>();
  for (const [field, person] of [
    ['organizer', conference.organizer],
    ['moderator', conference.moderator],
  ] as const) {
    if (!person || ((person.id === null || person.id === undefined) && !person.name)) continue;
    const key = person.id !== null && person.id !== undefined ? String(person.id) : `name:${person.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    people.push({
      nativeId: person.id !== null && person.id !== undefined ? `${meetingId}:user:${person.id}` : `${meetingId}:user:${people.length}`,
      displayName: str(person.name),
      email: null,
      phone: null,
      role: 'MODERATOR',
      presence: 'UNKNOWN',
      joinedAt: null,
      leftAt: null,
      raw: { field, ...person },
    });
  }
  return people;
}

// ---------------------------------------------------------------------------------------------- tickets

export function ticketState(ticket: ApizeeTicket): string {
  return (ticket.state ?? ticket.status ?? '').toLowerCase();
}

/** Ticket `state` (docs/vendors/apizee.md "Tickets"). */
export function ticketStatus(state: string): MeetingStatusValue {
  switch (state) {
    case 'new':
    case 'open':
    case 'invited':
      return 'SCHEDULED';
    case 'inprogress':
      return 'LIVE';
    case 'done':
    case 'closed':
      return 'ENDED';
    case 'rejected':
    case 'declined':
    case 'expired':
    case 'cancelled':
    case 'canceled':
      return 'CANCELLED';
    default:
      return 'UNKNOWN';
  }
}

/** Where agent and requestor are, as far as the ticket state tells. */
export function ticketPresence(state: string): PresenceStateValue {
  switch (ticketStatus(state)) {
    case 'SCHEDULED':
      return 'INVITED';
    case 'LIVE':
      return 'ONLINE';
    case 'ENDED':
      return 'LEFT';
    default:
      return 'UNKNOWN';
  }
}

/** `sso_url` embeds an access token for the agent: it must never reach a client, so `raw` drops it. */
export function safeTicketRaw(ticket: ApizeeTicket): Omit<ApizeeTicket, 'sso_url'> {
  const { sso_url: _sso, ...rest } = ticket;
  return rest;
}

/**
 * The agent side (Apizee REST APIs, "Retrieving the link to a video assistance room"; docs/vendors/apizee.md): `agent_url` is
 * the portal domain and "should be completed to land directly on the related assistance ticket:
 * agentURL/entrypoint/button_id/tickets/id". Only the creation reply asked with `scope=sso` carries `agent_url` and
 * `button_id`; the documented `GET /tickets` rows carry neither, so for a listed ticket there is no agent link (null)
 * rather than a guessed one. Without `button_id` the portal URL is all there is.
 */
export function ticketAgentUrl(ticket: ApizeeTicket): string | null {
  const base = str(ticket.agent_url);
  if (!base) return null;
  if (ticket.button_id === null || ticket.button_id === undefined) return base;
  return `${base.replace(/\/+$/, '')}/entrypoint/${ticket.button_id}/tickets/${ticket.id}`;
}

/**
 * A ticket has no title field: `reference` is the customer's own reference (a support-case id, the key of
 * `GET /tickets?reference=`), so it is kept as the `reference` setting and never used as the title.
 */
export function toTicketMeeting(ticket: ApizeeTicket): MeetingRecord {
  const startsAt = parseApizeeTime(ticket.start_time);
  const endsAt = parseApizeeTime(ticket.end_time);
  const reference = str(ticket.reference);
  const agentUrl = ticketAgentUrl(ticket);
  const settings: MeetingSettingRecord[] = [];
  if (reference) settings.push({ name: 'reference', value: reference });
  // Only a creation reply has it (see ticketAgentUrl); it is the one chance to hand the agent's link over.
  if (agentUrl) settings.push({ name: 'agentUrl', value: agentUrl });
  return {
    nativeId: ticketNativeId(ticket.id),
    kind: 'ASSISTANCE',
    title: str(ticket.name) ?? str(ticket.subject) ?? `Video assistance ${ticket.id}`,
    description: str(ticket.description),
    status: ticketStatus(ticketState(ticket)),
    startsAt,
    endsAt,
    durationMinutes: minutesBetween(startsAt, endsAt),
    timezone: null,
    // The link a meeting's guest follows is the customer's; the agent's comes from startSession.
    joinUrl: str(ticket.requestor_url),
    createdAt: parseApizeeTime(ticket.created),
    settings,
    raw: safeTicketRaw(ticket),
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A ticket is a 1-1 call: the agent (AGENT) and the requestor (CUSTOMER), present as the state says. */
export function toTicketParticipants(ticket: ApizeeTicket): ParticipantRecord[] {
  const meetingId = ticketNativeId(ticket.id);
  const presence = ticketPresence(ticketState(ticket));
  const agent = str(ticket.agent);
  const email = str(ticket.requestor?.email);
  const phone = str(ticket.requestor?.phone);
  return [
    {
      nativeId: `${meetingId}:agent`,
      displayName: agent,
      email: agent && EMAIL.test(agent) ? agent : null,
      phone: null,
      role: 'AGENT',
      presence,
      joinedAt: null,
      leftAt: null,
      raw: { agent: ticket.agent ?? null },
    },
    {
      nativeId: `${meetingId}:requestor`,
      displayName: email ?? phone,
      email,
      phone,
      role: 'CUSTOMER',
      presence,
      joinedAt: null,
      leftAt: null,
      raw: { requestor: ticket.requestor ?? null },
    },
  ];
}

// ---------------------------------------------------------------------------------------------- media

const EXTENSION_MIME: Record<string, string> = {
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
  pdf: 'application/pdf',
  txt: 'text/plain',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const DOCUMENT_MIME = /^(application\/(pdf|msword|rtf|vnd\.(ms-|openxmlformats-officedocument|oasis\.opendocument))|text\/)/;

/**
 * Quirk: conference media name a bare kind in `media_type` (`video`) while ticket medias give a MIME type
 * in `type` (`video/mp4`); the MIME type is taken from either, else guessed from the file extension.
 */
export function mediaMimeType(media: ApizeeMedia): string | null {
  for (const candidate of [media.type, media.media_type]) {
    const value = str(candidate)?.toLowerCase();
    if (value && value.includes('/')) return value;
  }
  const extension = /\.([a-z0-9]{2,5})$/i.exec(str(media.filename) ?? '')?.[1]?.toLowerCase();
  return extension ? (EXTENSION_MIME[extension] ?? null) : null;
}

export function mediaTypeOf(media: ApizeeMedia): MediaTypeValue {
  const mime = mediaMimeType(media);
  if (mime) {
    if (mime.startsWith('video/')) return 'VIDEO';
    if (mime.startsWith('image/')) return 'IMAGE';
    if (mime.startsWith('audio/')) return 'AUDIO';
    if (DOCUMENT_MIME.test(mime)) return 'DOCUMENT';
  }
  const word = (str(media.media_type) ?? str(media.type) ?? '').toLowerCase();
  if (word === 'video' || word === 'record' || word === 'recording') return 'VIDEO';
  if (word === 'image' || word === 'photo' || word === 'snapshot') return 'IMAGE';
  if (word === 'audio') return 'AUDIO';
  if (word === 'document' || word === 'pdf' || word === 'file') return 'DOCUMENT';
  return 'OTHER';
}

/**
 * A media file → Recording. Ticket medias carry no `created` in the published example, so the owning
 * meeting's start is the fallback (`fallbackCreatedAt`) — otherwise no time range could ever include them.
 */
export function toRecording(media: ApizeeMedia, meetingNativeId: string, fallbackCreatedAt: Date | null): RecordingRecord {
  return {
    nativeId: recordingNativeId(meetingNativeId, media.id),
    meetingNativeId,
    sessionNativeId: null,
    title: str(media.title) ?? str(media.filename),
    url: str(media.url),
    mediaType: mediaTypeOf(media),
    mimeType: mediaMimeType(media),
    sizeBytes: num(media.filesize),
    createdAt: parseApizeeTime(media.created) ?? fallbackCreatedAt,
    raw: media,
  };
}

// ---------------------------------------------------------------------------------------------- sessions

function secondsBetween(start: Date | null, end: Date | null): number | null {
  if (!start || !end) return null;
  const seconds = Math.round((end.getTime() - start.getTime()) / 1000);
  return seconds >= 0 ? seconds : null;
}

/**
 * `billing_duration` is NOT the session's length: the published example spans 16:23:26–16:24:34 (68 s) with
 * `billing_duration: 5`, and its unit and rule are not published. The length is end − start; billing stays in `raw`.
 */
export function toSession(stat: ApizeeSessionStat, meetingNativeId: string | null, title: string | null): SessionRecord {
  const startedAt = parseApizeeTime(stat.start_time);
  const endedAt = parseApizeeTime(stat.end_time);
  return {
    nativeId: String(stat.id),
    meetingNativeId,
    title: title ?? str(stat.service?.name),
    startedAt,
    endedAt,
    durationSeconds: secondsBetween(startedAt, endedAt),
    // Statistics appear five minutes after a session ends: a listed stat is never live.
    live: false,
    participantCount: num(stat.total_participant_count),
    raw: stat,
  };
}

/** Whom a session statistic belongs to: one conference, none, or several that cannot be told apart. */
export type StatAttribution =
  { kind: 'conference'; conference: ApizeeConference } | { kind: 'none' } | { kind: 'ambiguous'; candidates: ApizeeConference[] };

/**
 * A stat names no conference (docs/vendors/apizee.md "Session statistics"): it is attributed to the conference of
 * its service key whose [start_time, end_time] contains the stat's start_time. A service key is an entry point
 * that every conference of the enterprise may share (both published conferences show the same one), so when
 * several conferences' windows contain the stat it is reported as ambiguous instead of being given to one of them.
 */
export function attributeStat(stat: ApizeeSessionStat, serviceKey: string, candidates: readonly ApizeeConference[]): StatAttribution {
  const at = parseApizeeTime(stat.start_time)?.getTime();
  if (at === undefined) return { kind: 'none' };
  const containing = new Map<number, ApizeeConference>();
  for (const conference of candidates) {
    if (conference.service_key !== serviceKey) continue;
    const start = parseApizeeTime(conference.start_time)?.getTime();
    const end = parseApizeeTime(conference.end_time)?.getTime();
    if (start === undefined || end === undefined || at < start || at > end) continue;
    containing.set(conference.id, conference);
  }
  const found = [...containing.values()];
  if (found.length === 0) return { kind: 'none' };
  if (found.length === 1) return { kind: 'conference', conference: found[0] as ApizeeConference };
  return { kind: 'ambiguous', candidates: found.sort((a, b) => a.id - b.id) };
}

// ---------------------------------------------------------------------------------------------- unreadable items

/** Earliest and latest instants accepted from the vendor; anything outside is a corrupt value, not a meeting time. */
const SANE_FROM = Date.UTC(1970, 0, 1);
const SANE_TO = Date.UTC(9999, 11, 31, 23, 59, 59);

function timeProblem(name: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const at = typeof value === 'string' ? parseApizeeTime(value) : null;
  if (!at) return `${name} is not a date`;
  if (at.getTime() < SANE_FROM || at.getTime() > SANE_TO) return `${name} is out of range`;
  return null;
}

function isApizeeId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/**
 * Why a conference or ticket of a list cannot be mapped (null when it can): not an object, no integer id, or a
 * time that does not parse or lies outside 1970–9999. Such an item is skipped and the list says PARTIAL.
 */
export function unreadableItem(item: unknown): string | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'not an object';
  const record = item as Record<string, unknown>;
  if (!isApizeeId(record.id)) return 'no integer id';
  for (const field of ['start_time', 'end_time', 'created']) {
    const problem = timeProblem(field, record[field]);
    if (problem) return problem;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------- ticket statistics

/**
 * Quirk: the statistics are keyed in French with accents. Keys are compared in Unicode NFC so a decomposed
 * `é` (e + U+0301) from another encoder still matches.
 */
function frenchField(row: ApizeeTicketStat, key: string): unknown {
  if (key in row) return row[key];
  const wanted = key.normalize('NFC');
  for (const [k, v] of Object.entries(row)) if (k.normalize('NFC') === wanted) return v;
  return undefined;
}

const PHONE = /^\+?[0-9][0-9 ().-]{3,}$/;

/** Ticket statistics row → ConnectionReport (docs/vendors/apizee.md "Ticket statistics", mode VIDEO_ASSISTANCE). */
export function toConnectionReport(row: ApizeeTicketStat, timezone: string): ConnectionReportRecord {
  const rawTimestamp = str(frenchField(row, 'Date de début de session'));
  const agentName = str(frenchField(row, 'Assigné à'));
  const agentLogin = str(frenchField(row, 'Identifiant'));
  const agent: EndpointRecord | null =
    agentName || agentLogin ? { ...emptyEndpoint(), name: agentName ?? agentLogin, vendorUserId: agentLogin } : null;

  const requester = str(frenchField(row, 'Demandeur'));
  const contact = str(frenchField(row, 'Contact'));
  const contactIsPhone = contact !== null && PHONE.test(contact);
  const device = str(frenchField(row, 'Appareil'));
  const os = str(frenchField(row, "Système d'exploitation"));
  const browser = str(frenchField(row, 'Navigateur'));
  const target: EndpointRecord | null =
    requester || contact || device || os || browser
      ? {
          ...emptyEndpoint(),
          name: requester ?? contact,
          // A non-phone contact (an email) is how Apizee identifies the customer.
          vendorUserId: contact && !contactIsPhone ? contact : null,
          phone: contactIsPhone ? contact : null,
          device,
          os,
          browser,
        }
      : null;

  return {
    nativeId: String(frenchField(row, 'ID') ?? ''),
    startedAt: rawTimestamp ? parseZonelessTime(rawTimestamp, timezone) : null,
    durationSeconds: num(frenchField(row, 'Durée totale des appels (secondes)')),
    mode: 'VIDEO_ASSISTANCE',
    note: str(frenchField(row, 'Description')),
    reference: str(frenchField(row, 'Ref')),
    agent,
    target,
    rawTimestamp,
    raw: row,
  };
}
