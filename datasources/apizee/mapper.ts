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
 * Pure Apizee JSON → unified records (contract: /work/shared/vendors/apizee.md). No I/O, no clock: the
 * connection's timezone is passed in where the vendor writes zoneless dates.
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
 * Apizee writes UTC as `…Z` or `…+00:00` (contract: "parse both"); an offset-less value is read as UTC too,
 * and a space instead of `T` is tolerated. Unparseable → null, never an Invalid Date.
 */
export function parseApizeeTime(value: string | null | undefined): Date | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  let parsed = DateTime.fromISO(text, { zone: 'utc', setZone: true });
  if (!parsed.isValid) parsed = DateTime.fromSQL(text, { zone: 'utc', setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** Quirk: tickets-stats dates have no zone; they are wall-clock times of the enterprise (`timezone` option). */
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

/** Conference `status` (contract "Conference"): only `scheduled` and `ongoing` are documented by name. */
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
    settings.push({ name: 'moderation', value: conference.moderation === true || conference.moderation === 'true' || conference.moderation === '1' });
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
  for (const [field, person] of [['organizer', conference.organizer], ['moderator', conference.moderator]] as const) {
    if (!person || (person.id === null || person.id === undefined) && !person.name) continue;
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

/** Ticket `state` (contract "Ticket"). */
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
 * The agent side (doc "Retrieving the link to a video assistance room"): `agent_url` is the portal domain and
 * "should be completed to land directly on the related assistance ticket: agentURL/entrypoint/button_id/tickets/id".
 * Without `button_id` (list replies omit it) the portal URL is all there is.
 */
export function ticketAgentUrl(ticket: ApizeeTicket): string | null {
  const base = str(ticket.agent_url);
  if (!base) return null;
  if (ticket.button_id === null || ticket.button_id === undefined) return base;
  return `${base.replace(/\/+$/, '')}/entrypoint/${ticket.button_id}/tickets/${ticket.id}`;
}

export function toTicketMeeting(ticket: ApizeeTicket): MeetingRecord {
  const startsAt = parseApizeeTime(ticket.start_time);
  const endsAt = parseApizeeTime(ticket.end_time);
  const reference = str(ticket.reference);
  return {
    nativeId: ticketNativeId(ticket.id),
    kind: 'ASSISTANCE',
    // createMeeting sends the title as `reference`, so the reference reads back as the title.
    title: str(ticket.name) ?? str(ticket.subject) ?? reference ?? `Video assistance ${ticket.id}`,
    description: str(ticket.description),
    status: ticketStatus(ticketState(ticket)),
    startsAt,
    endsAt,
    durationMinutes: minutesBetween(startsAt, endsAt),
    timezone: null,
    // The link a meeting's guest follows is the customer's; the agent's comes from startSession.
    joinUrl: str(ticket.requestor_url),
    createdAt: parseApizeeTime(ticket.created),
    settings: reference ? [{ name: 'reference', value: reference }] : [],
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

export function toSession(stat: ApizeeSessionStat, meetingNativeId: string | null, title: string | null): SessionRecord {
  return {
    nativeId: String(stat.id),
    meetingNativeId,
    title: title ?? str(stat.service?.name),
    startedAt: parseApizeeTime(stat.start_time),
    endedAt: parseApizeeTime(stat.end_time),
    durationSeconds: num(stat.billing_duration),
    // Statistics appear five minutes after a session ends: a listed stat is never live.
    live: false,
    participantCount: num(stat.total_participant_count),
    raw: stat,
  };
}

/**
 * A stat names no conference (contract choice): it belongs to the conference of its service key whose
 * [start_time, end_time] contains the stat's start_time. When several candidates overlap, the one that
 * started last (closest before the stat) wins, then the higher id — one owner per stat, deterministically.
 */
export function owningConference(stat: ApizeeSessionStat, serviceKey: string, candidates: readonly ApizeeConference[]): ApizeeConference | null {
  const at = parseApizeeTime(stat.start_time)?.getTime();
  if (at === undefined) return null;
  let best: { conference: ApizeeConference; start: number } | null = null;
  for (const conference of candidates) {
    if (conference.service_key !== serviceKey) continue;
    const start = parseApizeeTime(conference.start_time)?.getTime();
    const end = parseApizeeTime(conference.end_time)?.getTime();
    if (start === undefined || end === undefined || at < start || at > end) continue;
    if (!best || start > best.start || (start === best.start && conference.id > best.conference.id)) best = { conference, start };
  }
  return best?.conference ?? null;
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

/** Ticket statistics row → ConnectionReport (contract table "Ticket statistics", mode VIDEO_ASSISTANCE). */
export function toConnectionReport(row: ApizeeTicketStat, timezone: string): ConnectionReportRecord {
  const rawTimestamp = str(frenchField(row, 'Date de début de session'));
  const agentName = str(frenchField(row, 'Assigné à'));
  const agentLogin = str(frenchField(row, 'Identifiant'));
  const agent: EndpointRecord | null = agentName || agentLogin ? { ...emptyEndpoint(), name: agentName ?? agentLogin, vendorUserId: agentLogin } : null;

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
