import ICAL from 'ical.js';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import {
  SimulatorControl,
  listenOnLoopback,
  seededRandom,
  seededUuid,
  simulatorApp,
  type RunningSimulator,
  type SimulatorOptions,
} from '../simulator-kit.js';
import type { AllocloudAccount, AllocloudInvitedParticipant, AllocloudMeeting, AllocloudOrganizer } from './types.js';

/**
 * ALLOcloud Web Meeting API v6 simulator (docs/vendors/allocloud.md, after the vendor's published API tutorial):
 * API-key auth (+ X-USER-ID), the `{ responseCode, responseMessage, data }` envelope with localized messages,
 * accounts, organizers with real iCalendar feeds (CRLF, folded lines, UTC and TZID times, invitation boilerplate in
 * DESCRIPTION), meeting create, read (`GET /meeting/{id}`, the swagger's read of the resource) and update with
 * validation (-4) and duplicates (-10), a per-key rate limit. The update is a PUT: it replaces the meeting, so a
 * field left out of the body is reset, as a replace would do. `isActive` means somebody is in the meeting, not
 * that its slot has begun.
 */

/** Instance-level key with "Account" and "Meeting" permissions (needs X-USER-ID for meeting writes). */
export const ALLOCLOUD_SANDBOX_API_KEY = 'allo-sbx-instance-6f1d2c9e8b7a4f30a5d1';
/** Account-level key of the sandbox account with the "Meeting" permission only. */
export const ALLOCLOUD_SANDBOX_ACCOUNT_API_KEY = 'allo-sbx-account-3b8e7d6c5a4f4e21b9c0';
export const ALLOCLOUD_SANDBOX_ACCOUNT_ID = '65f1a2b3c4d5e6f708192a3b';
/** The sandbox account's admin organizer. */
export const ALLOCLOUD_SANDBOX_USER_ID = '65f1a2b3c4d5e6f708192a3c';
/** Another customer's account on the same instance (for "not allowed" answers). */
export const ALLOCLOUD_OTHER_ACCOUNT_ID = '65f1a2b3c4d5e6f708192b00';

const API_PREFIX = '/api/v6';

export type AllocloudPermission = 'account' | 'meeting';

export interface AllocloudSimApiKey {
  /** Instance keys act on any account (X-USER-ID required for meeting writes); account keys on their own. */
  scope: 'instance' | 'account';
  accountId: string | null;
  permissions: AllocloudPermission[];
}

export interface AllocloudSimOrganizer extends AllocloudOrganizer {
  accountId: string;
  /** Feed writes this organizer's times as TZID local times (with a VTIMEZONE) instead of UTC `Z`. */
  feedUsesTzid: boolean;
}

export interface AllocloudSimulatorState {
  apiKeys: Map<string, AllocloudSimApiKey>;
  accounts: Map<string, AllocloudAccount>;
  organizers: Map<string, AllocloudSimOrganizer>;
  meetings: Map<string, AllocloudMeeting>;
  /** Per API key, per window; null disables it. */
  rateLimit: { limit: number; windowMs: number } | null;
  /** RFC 5545 wants a VTIMEZONE for every TZID; false serves non-compliant feeds (clients must still cope). */
  feedTimezoneDefinitions: boolean;
  /** The feed asks for X-API-KEY like every other call. */
  requireApiKeyOnFeeds: boolean;
  /** The `{notify}` path segment of every PUT /meeting/{id}/{notify}, in order. */
  updateNotifyFlags: string[];
  /** `METHOD path` of every request that carried an X-USER-ID header, in order. */
  userIdHeaderRequests: string[];
  /**
   * `GET /account/admin/{id}` answers the account admin alone, as the tutorial's title ("retrieve the account admin")
   * reads; false answers every organizer of the account.
   */
  accountAdminOnly: boolean;
  /** A new 24-hex id (Mongo ObjectId shape: creation seconds + random). */
  newId(): string;
}

export interface AllocloudSimulatorOptions extends SimulatorOptions {
  rateLimit?: { limit: number; windowMs: number } | null;
}

type Lang = 'en' | 'de' | 'fr';

/** Localized `responseMessage` texts of the legacy Veeting scheme. */
const MESSAGES: Record<string, Record<Lang, string>> = {
  auth: { en: 'Session or API key not valid', de: 'Sitzung oder API-Schlüssel ungültig', fr: 'Session ou clé API non valide' },
  forbidden: { en: 'Not allowed', de: 'Nicht erlaubt', fr: 'Non autorisé' },
  invalid: { en: 'Data not valid', de: 'Daten ungültig', fr: 'Données non valides' },
  exists: { en: 'Already exists', de: 'Existiert bereits', fr: 'Existe déjà' },
  notFound: { en: 'Not found', de: 'Nicht gefunden', fr: 'Introuvable' },
  rate: { en: 'Too many requests', de: 'Zu viele Anfragen', fr: 'Trop de requêtes' },
  unknown: { en: 'Unknown error', de: 'Unbekannter Fehler', fr: 'Erreur inconnue' },
};

function lang(req: Request): Lang {
  const header = String(req.headers['accept-language'] ?? '').toLowerCase();
  if (header.startsWith('de')) return 'de';
  if (header.startsWith('fr')) return 'fr';
  return 'en';
}

function fail(req: Request, res: Response, http: number, responseCode: number, key: keyof typeof MESSAGES, detail?: string): void {
  const text = MESSAGES[key]![lang(req)];
  res.status(http).json({ responseCode, responseMessage: detail ? `${text}: ${detail}` : text, data: null });
}

function ok(res: Response, data: unknown): void {
  res.status(200).json({ responseCode: 0, data });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

function isDuration(value: unknown): boolean {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n > 0 && n <= 24 * 60;
}

function inviteeEmail(p: unknown): string | null {
  if (typeof p === 'string') return p;
  if (typeof p === 'object' && p !== null && typeof (p as { email?: unknown }).email === 'string') return (p as { email: string }).email;
  return null;
}

/** -4 validation shared by create and update (tutorial "Creating meetings" minimal data set). */
function meetingProblem(body: Record<string, unknown>): string | null {
  if (typeof body.topic !== 'string' || body.topic.trim() === '') return 'topic';
  if (!isIsoTime(body.startTime)) return 'startTime';
  if (!isIsoTime(body.endTime)) return 'endTime';
  if (Date.parse(body.endTime) <= Date.parse(body.startTime)) return 'endTime';
  if (!isDuration(body.duration)) return 'duration';
  if (typeof body.type !== 'string' || body.type === '') return 'type';
  for (const flag of ['isRecurring', 'isRecorded', 'isDialin'] as const) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean') return flag;
  }
  if (body.agenda !== undefined && body.agenda !== null && typeof body.agenda !== 'string') return 'agenda';
  if (body.invitedParticipants !== undefined) {
    if (!Array.isArray(body.invitedParticipants)) return 'invitedParticipants';
    for (const p of body.invitedParticipants) {
      const email = inviteeEmail(p);
      if (!email || !EMAIL.test(email)) return 'invitedParticipants';
    }
  }
  return null;
}

/** A VTIMEZONE for the EU and US rules the seeded organizers use (RFC 5545 §3.6.5 shape). */
function vtimezone(tzid: string): string | null {
  const eu = ['Europe/Zurich', 'Europe/Paris', 'Europe/Berlin', 'Europe/Brussels'];
  const lines = (std: [string, string, string], dst: [string, string, string], dstRule: string, stdRule: string): string =>
    [
      'BEGIN:VCALENDAR',
      'BEGIN:VTIMEZONE',
      `TZID:${tzid}`,
      'BEGIN:DAYLIGHT',
      `TZOFFSETFROM:${std[0]}`,
      `TZOFFSETTO:${dst[0]}`,
      `TZNAME:${dst[1]}`,
      `DTSTART:${dst[2]}`,
      `RRULE:${dstRule}`,
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      `TZOFFSETFROM:${dst[0]}`,
      `TZOFFSETTO:${std[0]}`,
      `TZNAME:${std[1]}`,
      `DTSTART:${std[2]}`,
      `RRULE:${stdRule}`,
      'END:STANDARD',
      'END:VTIMEZONE',
      'END:VCALENDAR',
    ].join('\r\n');
  if (eu.includes(tzid)) {
    return lines(
      ['+0100', 'CET', '19961027T030000'],
      ['+0200', 'CEST', '19810329T020000'],
      'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    );
  }
  if (tzid === 'America/New_York') {
    return lines(
      ['-0500', 'EST', '20071104T020000'],
      ['-0400', 'EDT', '20070311T020000'],
      'FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      'FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    );
  }
  return null;
}

function utcTime(at: Date): ICAL.Time {
  return ICAL.Time.fromJSDate(at, true);
}

/** A DATE-TIME property written as local time with TZID (floating value + TZID parameter). */
function zonedProperty(name: string, at: Date, tzid: string): ICAL.Property {
  const local = DateTime.fromJSDate(at).setZone(tzid);
  const prop = new ICAL.Property(name);
  prop.setParameter('tzid', tzid);
  prop.setValue(
    ICAL.Time.fromData({
      year: local.year,
      month: local.month,
      day: local.day,
      hour: local.hour,
      minute: local.minute,
      second: local.second,
      isDate: false,
    }),
  );
  return prop;
}

/** The organizer's feed, generated with ical.js: CRLF line endings and 75-octet folding come from its serializer. */
function feedText(state: AllocloudSimulatorState, organizer: AllocloudSimOrganizer, origin: string, now: Date): string {
  const host = new URL(origin).hostname;
  const calendar = new ICAL.Component(['vcalendar', [], []]);
  calendar.updatePropertyWithValue('prodid', '-//ALLOcloud//Web Meeting simulator//EN');
  calendar.updatePropertyWithValue('version', '2.0');
  calendar.updatePropertyWithValue('calscale', 'GREGORIAN');
  calendar.updatePropertyWithValue('method', 'PUBLISH');
  calendar.updatePropertyWithValue('x-wr-calname', `Web Meeting - ${organizer.firstName ?? ''} ${organizer.lastName ?? ''}`.trim());
  const zone = organizer.feedUsesTzid && organizer.timezone ? organizer.timezone : null;
  if (zone && state.feedTimezoneDefinitions) {
    const text = vtimezone(zone);
    if (text) calendar.addSubcomponent(new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent('vtimezone')!);
  }
  const mine = [...state.meetings.values()]
    .filter((m) => m.addedByUserId === organizer.id)
    .sort((a, b) => Date.parse(a.startTime ?? '') - Date.parse(b.startTime ?? '') || (a.id < b.id ? -1 : 1));
  for (const m of mine) {
    const event = new ICAL.Component('vevent');
    event.updatePropertyWithValue('uid', `${m.id}@${host}`);
    event.updatePropertyWithValue('dtstamp', utcTime(now));
    const start = new Date(m.startTime!);
    const end = new Date(m.endTime!);
    if (zone) {
      event.addProperty(zonedProperty('dtstart', start, zone));
      event.addProperty(zonedProperty('dtend', end, zone));
    } else {
      event.updatePropertyWithValue('dtstart', utcTime(start));
      event.updatePropertyWithValue('dtend', utcTime(end));
    }
    event.updatePropertyWithValue('summary', m.topic);
    // Like a calendar invitation: the agenda followed by how to join — text that is not part of the meeting's agenda.
    const joinText = `Join the web meeting: ${origin}/meeting/${m.meetingId}\nMeeting ID: ${m.meetingId}`;
    event.updatePropertyWithValue('description', m.agenda ? `${m.agenda}\n\n${joinText}` : joinText);
    event.updatePropertyWithValue('url', `${origin}/meeting/${m.meetingId}`);
    event.updatePropertyWithValue('sequence', Number(m.icalSequence ?? 0));
    event.updatePropertyWithValue('status', 'CONFIRMED');
    const organizerProp = event.updatePropertyWithValue('organizer', `mailto:${organizer.email}`);
    organizerProp.setParameter('cn', `${organizer.firstName ?? ''} ${organizer.lastName ?? ''}`.trim());
    for (const p of m.invitedParticipants ?? []) {
      const email = inviteeEmail(p);
      if (!email) continue;
      const attendee = event.addPropertyWithValue('attendee', `mailto:${email}`);
      const name = typeof p === 'object' && p !== null ? (p.name ?? p.displayName ?? null) : null;
      if (typeof name === 'string' && name !== '') attendee.setParameter('cn', name);
      attendee.setParameter('role', 'REQ-PARTICIPANT');
      attendee.setParameter('partstat', 'NEEDS-ACTION');
    }
    calendar.addSubcomponent(event);
  }
  return calendar.toString() + '\r\n';
}

const TOPICS = [
  'Weekly sales sync',
  'Onboarding: new reseller accounts',
  'Product roadmap review',
  'Customer success stand-up',
  'Quarterly board preparation',
  'Support escalation review',
  'Partner webinar dry run',
  'Design critique',
  'Hiring panel: backend engineer',
  'Marketing campaign kickoff',
  'Security awareness training',
  'Finance close check-in',
];

const PEOPLE: Array<{ name: string; email: string }> = [
  { name: 'Emma Laurent', email: 'emma.laurent@example.com' },
  { name: 'Noah Keller', email: 'noah.keller@example.com' },
  { name: 'Sofia Rossi', email: 'sofia.rossi@example.com' },
  { name: 'Liam Schneider', email: 'liam.schneider@example.com' },
  { name: 'Chloé Martin', email: 'chloe.martin@example.com' },
  { name: 'Jonas Weber', email: 'jonas.weber@example.com' },
];

function objectIdFactory(random: () => number, clock: () => Date): () => string {
  return () => {
    const seconds = Math.floor(clock().getTime() / 1000)
      .toString(16)
      .padStart(8, '0');
    const rest = Array.from({ length: 16 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${seconds}${rest}`;
  };
}

function dialCode(random: () => number): string {
  return Array.from({ length: 4 }, () => String(1000 + Math.floor(random() * 9000))).join('-');
}

function organizerRecord(base: Omit<AllocloudSimOrganizer, 'icsPath'>): AllocloudSimOrganizer {
  return { ...base, icsPath: `${API_PREFIX}/meeting/calender/user/${base.icsToken}` };
}

/** The Meeting JSON exactly as the tutorial shows it (duration a string, UTC ISO with milliseconds). */
function meetingJson(fields: {
  id: string;
  meetingId: string;
  topic: string;
  start: Date;
  end: Date;
  duration: number;
  organizer: AllocloudSimOrganizer;
  roomId: string;
  agenda: string;
  invited: AllocloudInvitedParticipant[];
  isRecorded: boolean;
  isDialin: boolean;
  icsToken: string;
  now: Date;
  /** Somebody is in the meeting right now. */
  active: boolean;
}): AllocloudMeeting {
  const { start, end, now } = fields;
  const ended = end.getTime() <= now.getTime();
  const live = fields.active && !ended;
  return {
    invitedParticipants: fields.invited,
    meetingId: fields.meetingId,
    id: fields.id,
    topic: fields.topic,
    startTime: start.toISOString(),
    endTime: end.toISOString(),
    duration: String(fields.duration),
    type: 'standard',
    roomId: fields.roomId,
    isRecurring: false,
    isDialin: fields.isDialin,
    recurring: { frequencyType: '', frequency: null, monthlyPattern: '', endsType: '', endsOn: end.toISOString(), endsAfter: 0 },
    isRecorded: fields.isRecorded,
    agenda: fields.agenda,
    documents: [],
    meetingPermissionId: null,
    videoResolution: 'standard',
    dtClosedAt: ended ? end.toISOString() : null,
    whitelabelId: '5c737902b377b0f7fbf81fce',
    addedByUserId: fields.organizer.id,
    addedByUserEmail: fields.organizer.email,
    accountId: fields.organizer.accountId,
    addedByUserName: `${fields.organizer.firstName ?? ''} ${fields.organizer.lastName ?? ''}`.trim(),
    timezone: fields.organizer.timezone,
    privateDataVisible: true,
    icalSequence: '0',
    icsToken: fields.icsToken,
    isActive: live,
    isClosed: ended,
    isOpen: live,
    dialInConferenceRoom: null,
    dialInNumbers: [],
    dialInPin: null,
    sipProxy: null,
    sipDomain: null,
    isDemo: false,
    isPromo: false,
  };
}

function seed(state: AllocloudSimulatorState, random: () => number, now: Date, size: number): void {
  state.apiKeys.set(ALLOCLOUD_SANDBOX_API_KEY, { scope: 'instance', accountId: null, permissions: ['account', 'meeting'] });
  state.apiKeys.set(ALLOCLOUD_SANDBOX_ACCOUNT_API_KEY, {
    scope: 'account',
    accountId: ALLOCLOUD_SANDBOX_ACCOUNT_ID,
    permissions: ['meeting'],
  });

  const account = (id: string, name: string, organizers: number): AllocloudAccount => ({
    name,
    accountType: 'paid',
    numberOfMeetings: 0,
    numberOfMeetingOrganizers: organizers - 1,
    numberOfMeetingRooms: organizers,
    paidUntil: DateTime.fromJSDate(now).plus({ years: 1 }).toUTC().toISO()!,
    defaultMeetingType: 'standard',
    id,
  });
  state.accounts.set(ALLOCLOUD_SANDBOX_ACCOUNT_ID, account(ALLOCLOUD_SANDBOX_ACCOUNT_ID, 'claire.dubois@example.com', 3));
  state.accounts.set(ALLOCLOUD_OTHER_ACCOUNT_ID, account(ALLOCLOUD_OTHER_ACCOUNT_ID, 'admin@other-customer.example', 1));

  const organizers = [
    // UTC `Z` times in the feed.
    {
      id: ALLOCLOUD_SANDBOX_USER_ID,
      email: 'claire.dubois@example.com',
      firstName: 'Claire',
      lastName: 'Dubois',
      timezone: 'Europe/Paris',
      feedUsesTzid: false,
      accountId: ALLOCLOUD_SANDBOX_ACCOUNT_ID,
    },
    // TZID=Europe/Zurich local times (with a VTIMEZONE) in the feed.
    {
      id: '65f1a2b3c4d5e6f708192a3d',
      email: 'lukas.meier@example.com',
      firstName: 'Lukas',
      lastName: 'Meier',
      timezone: 'Europe/Zurich',
      feedUsesTzid: true,
      accountId: ALLOCLOUD_SANDBOX_ACCOUNT_ID,
    },
    {
      id: '65f1a2b3c4d5e6f708192a3e',
      email: 'maya.johnson@example.com',
      firstName: 'Maya',
      lastName: 'Johnson',
      timezone: 'America/New_York',
      feedUsesTzid: false,
      accountId: ALLOCLOUD_SANDBOX_ACCOUNT_ID,
    },
    {
      id: '65f1a2b3c4d5e6f708192b01',
      email: 'admin@other-customer.example',
      firstName: 'Olga',
      lastName: 'Other',
      timezone: 'Europe/Berlin',
      feedUsesTzid: false,
      accountId: ALLOCLOUD_OTHER_ACCOUNT_ID,
    },
  ];
  for (const o of organizers) {
    state.organizers.set(
      o.id,
      organizerRecord({
        ...o,
        externalUserId: null,
        preferredLanguage: 'en',
        additionalTimezones: [],
        icsToken: `${seededUuid(random)}-${seededUuid(random)}`,
      }),
    );
  }
  const sandboxOrganizers = organizers.filter((o) => o.accountId === ALLOCLOUD_SANDBOX_ACCOUNT_ID).map((o) => state.organizers.get(o.id)!);
  const other = state.organizers.get('65f1a2b3c4d5e6f708192b01')!;

  const quarter = 15 * 60_000;
  const nowFloor = Math.floor(now.getTime() / quarter) * quarter;
  const today = DateTime.fromJSDate(now, { zone: 'UTC' }).startOf('day');
  const durations = [30, 45, 60, 90];
  const add = (organizer: AllocloudSimOrganizer, i: number, start: Date, minutes: number): void => {
    const invited = Array.from({ length: i % 4 }, (_, k) => PEOPLE[(i + k) % PEOPLE.length]!).map((p) => ({
      email: p.email,
      name: p.name,
    }));
    const meeting = meetingJson({
      id: state.newId(),
      meetingId: dialCode(random),
      topic: TOPICS[i % TOPICS.length]!,
      start,
      end: new Date(start.getTime() + minutes * 60_000),
      duration: minutes,
      organizer,
      roomId: state.newId(),
      agenda:
        i % 3 === 0
          ? `Agenda for "${TOPICS[i % TOPICS.length]}": review last week's action items, walk through the open points one by one, agree on owners and dates, and close with questions from the team.`
          : '',
      invited,
      isRecorded: i % 2 === 0,
      isDialin: i % 5 === 0,
      icsToken: seededUuid(random),
      now,
      // The meeting running now has people in it; the others are idle.
      active: i === 0,
    });
    state.meetings.set(meeting.id, meeting);
  };
  for (let i = 0; i < size; i++) {
    const organizer = sandboxOrganizers[i % sandboxOrganizers.length]!;
    if (i === 0) {
      // Live now: started a quarter of an hour ago, the documented 60 minutes long.
      add(organizer, i, new Date(nowFloor - quarter), 60);
    } else if (i === 1) {
      // Ended yesterday morning.
      add(organizer, i, today.minus({ days: 1 }).set({ hour: 8 }).toJSDate(), 45);
    } else {
      // Spread over this week: three days back to three days ahead, office hours (UTC).
      const day = (i % 7) - 3;
      const hour = 7 + ((i * 3) % 9);
      add(
        organizer,
        i,
        today
          .plus({ days: day })
          .set({ hour, minute: i % 2 === 0 ? 0 : 30 })
          .toJSDate(),
        durations[i % durations.length]!,
      );
    }
  }
  add(other, 100, today.plus({ days: 1 }).set({ hour: 10 }).toJSDate(), 60);
  for (const a of state.accounts.values()) {
    a.numberOfMeetings = [...state.meetings.values()].filter((m) => m.accountId === a.id).length;
  }
}

interface Caller {
  key: AllocloudSimApiKey;
  user: AllocloudSimOrganizer | null;
}

export async function startAllocloudSimulator(options: AllocloudSimulatorOptions = {}): Promise<RunningSimulator<AllocloudSimulatorState>> {
  const control = new SimulatorControl(options);
  const random = seededRandom(options.seed ?? 6);
  const state: AllocloudSimulatorState = {
    apiKeys: new Map(),
    accounts: new Map(),
    organizers: new Map(),
    meetings: new Map(),
    rateLimit: options.rateLimit === undefined ? { limit: 600, windowMs: 60_000 } : options.rateLimit,
    feedTimezoneDefinitions: true,
    requireApiKeyOnFeeds: true,
    updateNotifyFlags: [],
    userIdHeaderRequests: [],
    accountAdminOnly: false,
    newId: objectIdFactory(random, () => control.now()),
  };
  seed(state, random, control.now(), options.size ?? 12);

  const windows = new Map<string, { startedAt: number; count: number }>();

  /** Rate limit per key (fixed window on the simulator clock). Returns false when it answered 429. */
  const withinRate = (req: Request, res: Response): boolean => {
    if (!state.rateLimit) return true;
    const key = String(req.headers['x-api-key'] ?? '');
    const now = control.now().getTime();
    let window = windows.get(key);
    if (!window || now - window.startedAt >= state.rateLimit.windowMs) windows.set(key, (window = { startedAt: now, count: 0 }));
    window.count += 1;
    if (window.count <= state.rateLimit.limit) return true;
    res.set('Retry-After', String(Math.max(1, Math.ceil((window.startedAt + state.rateLimit.windowMs - now) / 1000))));
    fail(req, res, 429, -99, 'rate');
    return false;
  };

  /** X-API-KEY (401 when wrong or missing) and the optional X-USER-ID, which must be a known organizer. */
  const authenticate = (req: Request, res: Response, permission: AllocloudPermission | null): Caller | null => {
    if (!withinRate(req, res)) return null;
    const key = state.apiKeys.get(String(req.headers['x-api-key'] ?? ''));
    if (!key) {
      fail(req, res, 401, -2, 'auth');
      return null;
    }
    const userHeader = req.headers['x-user-id'];
    let user: AllocloudSimOrganizer | null = null;
    if (userHeader !== undefined) {
      user = state.organizers.get(String(userHeader)) ?? null;
      if (!user) {
        fail(req, res, 401, -2, 'auth', 'unknown user');
        return null;
      }
      if (key.scope === 'account' && user.accountId !== key.accountId) {
        fail(req, res, 200, -3, 'forbidden');
        return null;
      }
    }
    if (permission && !key.permissions.includes(permission)) {
      fail(req, res, 200, -3, 'forbidden', `the key lacks the "${permission}" permission`);
      return null;
    }
    return { key, user };
  };

  const mayUseAccount = (caller: Caller, accountId: string): boolean =>
    caller.key.scope === 'instance' || caller.key.accountId === accountId;

  const app = simulatorApp();
  app.use((req: Request, _res: Response, next: () => void) => {
    if (req.headers['x-user-id'] !== undefined) state.userIdHeaderRequests.push(`${req.method} ${req.path}`);
    next();
  });

  // tutorial "Create account": instance keys with the "Account" permission; admin emails are unique per instance.
  app.post(
    `${API_PREFIX}/account`,
    control.route(
      'account.create',
      (req, res) => {
        const caller = authenticate(req, res, 'account');
        if (!caller) return;
        if (caller.key.scope !== 'instance') return fail(req, res, 200, -3, 'forbidden', 'accounts are created with an instance key');
        const b = (req.body ?? {}) as Record<string, unknown>;
        for (const field of ['accountType', 'adminFirstname', 'adminLastname'] as const) {
          if (typeof b[field] !== 'string' || (b[field] as string).trim() === '') return fail(req, res, 200, -4, 'invalid', field);
        }
        if (typeof b.adminEmail !== 'string' || !EMAIL.test(b.adminEmail)) return fail(req, res, 200, -4, 'invalid', 'adminEmail');
        if (typeof b.adminPreferredLanguage !== 'string' || !/^[a-z]{2}$/.test(b.adminPreferredLanguage))
          return fail(req, res, 200, -4, 'invalid', 'adminPreferredLanguage');
        if (!isIsoTime(b.paidUntil)) return fail(req, res, 200, -4, 'invalid', 'paidUntil');
        if (typeof b.sendPassword !== 'boolean') return fail(req, res, 200, -4, 'invalid', 'sendPassword');
        const email = b.adminEmail.toLowerCase();
        if ([...state.organizers.values()].some((o) => o.email.toLowerCase() === email))
          return fail(req, res, 200, -10, 'exists', 'adminEmail');
        const accountId = state.newId();
        const account: AllocloudAccount = {
          name: b.adminEmail,
          accountType: b.accountType as string,
          numberOfMeetings: 0,
          numberOfMeetingOrganizers: 0,
          numberOfMeetingRooms: 1,
          paidUntil: new Date(b.paidUntil).toISOString(),
          iceCandidatesToFilter: [],
          customDialInNumbers: [],
          displayStandardDialInNumbersInInvite: true,
          defaultMeetingPermissions: null,
          defaultMeetingType: 'standard',
          defaultMeetingHasDialin: false,
          defaultMeetingHasRecording: false,
          autoExtendMeetings: false,
          autoDeleteMeetingsAfterXDays: 360,
          id: accountId,
          canAddMeetingOrganizer: true,
          accountRooms: [],
        };
        state.accounts.set(accountId, account);
        const admin = organizerRecord({
          id: state.newId(),
          accountId,
          email: b.adminEmail,
          firstName: b.adminFirstname as string,
          lastName: b.adminLastname as string,
          externalUserId: null,
          preferredLanguage: b.adminPreferredLanguage,
          timezone: 'Europe/Paris',
          additionalTimezones: [],
          icsToken: `${seededUuid(random)}-${seededUuid(random)}`,
          feedUsesTzid: false,
        });
        state.organizers.set(admin.id, admin);
        ok(res, account);
      },
      (req) => String((req.body as { adminEmail?: unknown } | undefined)?.adminEmail ?? ''),
    ),
  );

  // tutorial "Retrieve the account admin": every organizer of the account, with icsToken/icsPath.
  app.get(
    `${API_PREFIX}/account/admin/:accountId`,
    control.route(
      'account.admin',
      (req, res) => {
        const caller = authenticate(req, res, null);
        if (!caller) return;
        const accountId = String(req.params.accountId);
        if (!state.accounts.has(accountId)) return fail(req, res, 404, -4, 'notFound', 'account');
        if (!mayUseAccount(caller, accountId)) return fail(req, res, 200, -3, 'forbidden');
        const organizers = [...state.organizers.values()]
          .filter((o) => o.accountId === accountId)
          // The first organizer of an account is its admin (the one POST /account creates).
          .slice(0, state.accountAdminOnly ? 1 : undefined)
          .map(({ accountId: _a, feedUsesTzid: _f, ...o }) => o);
        ok(res, organizers);
      },
      (req) => String(req.params.accountId),
    ),
  );

  // docs/vendors/allocloud.md "Calls used", GET {icsPath} ("calender" sic): the organizer's meetings as text/calendar.
  app.get(
    `${API_PREFIX}/meeting/calender/user/:token`,
    control.route(
      'meeting.calender.user',
      (req, res) => {
        const organizer = [...state.organizers.values()].find((o) => o.icsToken === req.params.token);
        let caller: Caller | null = null;
        if (state.requireApiKeyOnFeeds) {
          caller = authenticate(req, res, null);
          if (!caller) return;
        } else if (!withinRate(req, res)) return;
        if (!organizer) return fail(req, res, 404, -4, 'notFound', 'calendar');
        if (caller && !mayUseAccount(caller, organizer.accountId)) return fail(req, res, 200, -3, 'forbidden');
        const origin = `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
        res
          .status(200)
          .type('text/calendar; charset=utf-8')
          .send(feedText(state, organizer, origin, control.now()));
      },
      (req) => [...state.organizers.values()].find((o) => o.icsToken === req.params.token)?.id ?? `unknown:${req.params.token}`,
    ),
  );

  /** The organizer a meeting write acts for: X-USER-ID, else an account key's admin; instance keys need X-USER-ID. */
  const actingOrganizer = (req: Request, res: Response, caller: Caller): AllocloudSimOrganizer | null => {
    if (caller.user) return caller.user;
    if (caller.key.scope === 'instance' || !caller.key.accountId) {
      fail(req, res, 200, -3, 'forbidden', 'X-USER-ID is required with an instance key');
      return null;
    }
    const admin = [...state.organizers.values()].find((o) => o.accountId === caller.key.accountId);
    if (!admin) fail(req, res, 200, -3, 'forbidden');
    return admin ?? null;
  };

  // tutorial "Creating meetings".
  app.post(
    `${API_PREFIX}/meeting`,
    control.route('meeting.create', (req, res) => {
      const caller = authenticate(req, res, 'meeting');
      if (!caller) return;
      const organizer = actingOrganizer(req, res, caller);
      if (!organizer) return;
      const b = (req.body ?? {}) as Record<string, unknown>;
      const problem = meetingProblem(b);
      if (problem) return fail(req, res, 200, -4, 'invalid', problem);
      const startTime = new Date(b.startTime as string).toISOString();
      const duplicate = [...state.meetings.values()].some(
        (m) => m.addedByUserId === organizer.id && m.topic === b.topic && m.startTime === startTime,
      );
      if (duplicate) return fail(req, res, 200, -10, 'exists', 'meeting');
      const meeting = meetingJson({
        id: state.newId(),
        meetingId: dialCode(random),
        topic: b.topic as string,
        start: new Date(startTime),
        end: new Date(b.endTime as string),
        duration: Number(b.duration),
        organizer,
        roomId: state.newId(),
        agenda: typeof b.agenda === 'string' ? b.agenda : '',
        invited: (b.invitedParticipants as AllocloudInvitedParticipant[] | undefined) ?? [],
        isRecorded: b.isRecorded === true,
        isDialin: b.isDialin === true,
        icsToken: seededUuid(random),
        now: control.now(),
        active: false,
      });
      state.meetings.set(meeting.id, meeting);
      const account = state.accounts.get(organizer.accountId);
      if (account) account.numberOfMeetings += 1;
      ok(res, meeting);
    }),
  );

  /** A meeting the caller may act on, or null after answering the failure. */
  const ownMeeting = (req: Request, res: Response, caller: Caller): AllocloudMeeting | null => {
    const meeting = state.meetings.get(String(req.params.id));
    if (!meeting) {
      fail(req, res, 404, -4, 'notFound', 'meeting');
      return null;
    }
    if (!mayUseAccount(caller, meeting.accountId ?? '') || (caller.user && caller.user.accountId !== meeting.accountId)) {
      fail(req, res, 200, -3, 'forbidden');
      return null;
    }
    return meeting;
  };

  // The read of the resource the tutorial's PUT writes (the instance swagger's GET /meeting/{id}).
  app.get(
    `${API_PREFIX}/meeting/:id`,
    control.route(
      'meeting.get',
      (req, res) => {
        const caller = authenticate(req, res, 'meeting');
        if (!caller) return;
        const meeting = ownMeeting(req, res, caller);
        if (meeting) ok(res, meeting);
      },
      (req) => String(req.params.id),
    ),
  );

  // tutorial "Updating meetings": PUT /meeting/{id}/false (the last segment is a notification flag). A PUT replaces
  // the meeting: what the body leaves out is reset to the create defaults.
  app.put(
    `${API_PREFIX}/meeting/:id/:notify`,
    control.route(
      'meeting.update',
      (req, res) => {
        const caller = authenticate(req, res, 'meeting');
        if (!caller) return;
        const notify = String(req.params.notify);
        if (notify !== 'true' && notify !== 'false') return fail(req, res, 404, -4, 'notFound');
        const meeting = ownMeeting(req, res, caller);
        if (!meeting) return;
        const b = (req.body ?? {}) as Record<string, unknown>;
        if (b.id !== meeting.id) return fail(req, res, 200, -4, 'invalid', 'id');
        const problem = meetingProblem(b);
        if (problem) return fail(req, res, 200, -4, 'invalid', problem);
        if (meeting.dtClosedAt) return fail(req, res, 200, -4, 'invalid', 'the meeting is closed');
        state.updateNotifyFlags.push(notify);
        const start = new Date(b.startTime as string);
        const end = new Date(b.endTime as string);
        const given = typeof b.recurring === 'object' && b.recurring !== null && Object.keys(b.recurring).length > 0;
        const recurring = given ? b.recurring : null;
        Object.assign(meeting, {
          topic: b.topic,
          startTime: start.toISOString(),
          endTime: end.toISOString(),
          duration: String(Number(b.duration)),
          type: b.type,
          isActive: meeting.isActive === true && end.getTime() > control.now().getTime(),
          icalSequence: String(Number(meeting.icalSequence ?? 0) + 1),
          agenda: typeof b.agenda === 'string' ? b.agenda : '',
          isRecorded: b.isRecorded === true,
          isDialin: b.isDialin === true,
          isRecurring: b.isRecurring === true,
          recurring: recurring ?? {
            frequencyType: '',
            frequency: null,
            monthlyPattern: '',
            endsType: '',
            endsOn: end.toISOString(),
            endsAfter: 0,
          },
          meetingPermissionId: typeof b.meetingPermissionId === 'string' ? b.meetingPermissionId : null,
          invitedParticipants: Array.isArray(b.invitedParticipants) ? b.invitedParticipants : [],
        });
        meeting.isOpen = meeting.isActive;
        ok(res, meeting);
      },
      (req) => String(req.params.id),
    ),
  );

  // Routes neither the tutorial nor the swagger's meeting resource names do not exist.
  app.use((req: Request, res: Response) => fail(req, res, 404, -4, 'notFound'));
  app.use((error: unknown, req: Request, res: Response, _next: unknown) => {
    if (typeof error === 'object' && error !== null && (error as { type?: string }).type === 'entity.parse.failed')
      return fail(req, res, 400, -4, 'invalid', 'body');
    fail(req, res, 500, -99, 'unknown');
  });

  const server = await listenOnLoopback(app, options.port);
  return { url: `${server.origin}${API_PREFIX}`, control, state, close: server.close };
}
