import { randomBytes } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import {
  listenOnLoopback,
  seededRandom,
  seededUuid,
  SimulatorControl,
  simulatorApp,
  type RunningSimulator,
  type SimulatorOptions,
} from '../simulator-kit.js';
import type { ApizeeConference, ApizeeMedia, ApizeeSessionStat, ApizeeTicket, ApizeeTicketStat } from './types.js';

/**
 * A real HTTP server speaking Apizee's documented REST API (docs/vendors/apizee.md,
 * published "Apizee REST APIs" page): password-grant tokens that expire on the simulator's clock, Bearer auth,
 * `{ code, message, details }` error bodies, conferences created from QUERY parameters, `{ total, data }` paging,
 * conference media, per-service-key session statistics (published five minutes after a session ends),
 * video-assistance tickets and their medias, French-keyed ticket statistics in the enterprise's zone, and a
 * per-user rate limit answering 429 with Retry-After. Demo data is seeded relative to the clock.
 */

export const APIZEE_SANDBOX_CREDENTIALS: Readonly<{ username: string; password: string }> = Object.freeze({
  username: 'api@sandbox.apizee.example',
  password: 'apizee-sandbox-Pa55word',
});
export const APIZEE_SANDBOX_ENTERPRISE_ID = 1;
/** The enterprise zone the simulator writes ticket statistics in; sandbox connections set it as `timezone`. */
export const APIZEE_SANDBOX_TIMEZONE = 'Europe/Paris';

export interface ApizeeSimulatorOptions extends SimulatorOptions {
  /** `expires_in` of issued tokens; default 86400 as in the public examples. */
  tokenTtlSeconds?: number;
  enterpriseId?: number;
  /** Zone of the zoneless dates in tickets-stats. */
  timezone?: string;
  /** Requests per user per window before 429; null = unlimited (the default). */
  rateLimit?: ApizeeRateLimit | null;
}

export interface ApizeeRateLimit {
  maxRequests: number;
  windowSeconds: number;
}

export interface ApizeeSimUser {
  id: number;
  name: string;
  login: string;
  /** null: the user exists (agent, moderator) but cannot sign in through the API. */
  password: string | null;
}

export interface ApizeeSimToken {
  userId: number;
  expiresAt: Date;
  revoked: boolean;
}

/** A stored conference: the vendor object (its `status` derived from the clock on output) plus what the API hides. */
export interface ApizeeSimConference {
  conference: Omit<ApizeeConference, 'status'>;
  participants: string[];
  cancelled: boolean;
}

export interface ApizeeSimulatorState {
  enterpriseId: number;
  timezone: string;
  tokenTtlSeconds: number;
  rateLimit: ApizeeRateLimit | null;
  users: ApizeeSimUser[];
  tokens: Map<string, ApizeeSimToken>;
  /** The enterprise's entry points: two conference services and the video-assistance one. */
  serviceKeys: { meeting: string; meetingRoom2: string; assistance: string };
  conferences: ApizeeSimConference[];
  conferenceMedia: Map<number, ApizeeMedia[]>;
  sessions: ApizeeSessionStat[];
  tickets: ApizeeTicket[];
  ticketMedias: Map<number, ApizeeMedia[]>;
  ticketStats: ApizeeTicketStat[];
  /**
   * What `since` on GET /conferences filters on. The published page shows it once, without saying; the simulator
   * defaults to creation time, the reading that hides conferences created before the range they start in.
   */
  conferenceSinceField: 'created' | 'start_time';
  /** Answer every GET /conferences page as if `offset` were 0 (an undocumented parameter the vendor may ignore). */
  ignoreConferenceOffset: boolean;
  /** `GET /conferences/{id}` is a REST-convention guess; false makes the route absent (404 "No route"). */
  conferenceByIdRoute: boolean;
  /** Every issued token now answers 401 (as after expiry). */
  expireTokens(): void;
  /** Every issued token is revoked (as after a password change). */
  revokeTokens(): void;
  nextId(): number;
}

// ---------------------------------------------------------------------------------------------- helpers

/** Apizee writes UTC instants as `…+00:00`. */
function fmt(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace(/\.000Z$/, '+00:00');
}

function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

function parseInstant(value: string): Date | null {
  const parsed = DateTime.fromISO(value, { zone: 'utc', setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

function hex(random: () => number, length: number): string {
  return Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { code: number; message: string; details: string },
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

function invalid(field: string, message: string): ApiError {
  return new ApiError(400, { code: 10, message, details: `Parameter ${field}` });
}

function queryString(req: Request, name: string): string | null {
  const value = req.query[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

function intParam(req: Request, name: string, fallback: number, min: number, max: number): number {
  const raw = queryString(req, name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw invalid(name, `The ${name} field must be an integer.`);
  if (n < min) throw invalid(name, `The ${name} field must be at least ${min}.`);
  if (n > max) throw invalid(name, `The ${name} field must not be greater than ${max}.`);
  return n;
}

function orderParam(req: Request): 1 | -1 {
  const order = (queryString(req, 'order') ?? 'desc').toLowerCase();
  if (order !== 'asc' && order !== 'desc') throw invalid('order', 'The selected order is invalid.');
  return order === 'asc' ? 1 : -1;
}

function instantParam(req: Request, name: string): Date | null {
  const raw = queryString(req, name);
  if (raw === null || raw === '') return null;
  const at = parseInstant(raw);
  if (!at) throw invalid(name, `The ${name} field must be a valid date.`);
  return at;
}

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
const PHONE = /^\+?[0-9][0-9 .-]{5,}$/;

// ---------------------------------------------------------------------------------------------- seed

const CONFERENCE_NAMES = [
  'Weekly team sync',
  'Customer onboarding',
  'Claim review — water damage',
  'Site inspection debrief',
  'Product demo',
  'Quarterly business review',
  'Support escalation',
  'Installer training',
  'Partner check-in',
  'Board preparation',
];

const CUSTOMERS = [
  'Claire Martin',
  'Hugo Bernard',
  'Léa Dubois',
  'Lucas Moreau',
  'Emma Laurent',
  'Nathan Simon',
  'Chloé Michel',
  'Louis Garcia',
];
const DEVICES: ReadonlyArray<[string, string, string]> = [
  ['K', 'Android 10', 'Chrome 114.0.0.0'],
  ['iPhone', 'iOS 17.4', 'Safari 17.4'],
  ['SM-G991B', 'Android 14', 'Samsung Internet 24.0'],
  ['Pixel 7', 'Android 14', 'Chrome 124.0.0.0'],
];
const STATE_LABELS: Record<string, string> = {
  new: 'Nouveau',
  open: 'Ouvert',
  invited: 'Invité',
  inprogress: 'En cours',
  done: 'Terminé',
  closed: 'Fermé',
  rejected: 'Rejeté',
  declined: 'Refusé',
  expired: 'Expiré',
  cancelled: 'Annulé',
};

interface SeedContext {
  random: () => number;
  now: Date;
  state: ApizeeSimulatorState;
  organizer: ApizeeSimUser;
  moderator: ApizeeSimUser;
  agents: ApizeeSimUser[];
}

function seedConferences(ctx: SeedContext, size: number): void {
  const { random, now, state } = ctx;
  // Hours from now and minutes of length: one running now, three ahead, the rest behind (one cancelled).
  const plan: Array<{ startH: number; minutes: number; cancelled?: boolean }> = [
    { startH: -0.4, minutes: 60 },
    { startH: 2, minutes: 30 },
    { startH: 26, minutes: 45 },
    { startH: 74, minutes: 60 },
    { startH: -22, minutes: 60 },
    { startH: -46, minutes: 45 },
    { startH: -70, minutes: 90 },
    { startH: -100, minutes: 30, cancelled: true },
    { startH: -124, minutes: 60 },
    { startH: -170, minutes: 60 },
  ];
  for (let i = 0; i < size; i += 1) {
    const slot = plan[i] ?? { startH: -(180 + Math.floor(random() * 500)), minutes: 30 + 15 * Math.floor(random() * 4) };
    const id = 842100 + i * 7;
    const start = addMinutes(now, Math.round(slot.startH * 60));
    start.setUTCSeconds(0, 0);
    const end = addMinutes(start, slot.minutes);
    const serviceKey = i % 2 === 0 ? state.serviceKeys.meeting : state.serviceKeys.meetingRoom2;
    const room = `${hex(random, 32)}`;
    const created = addMinutes(start, -(60 * 24 + Math.floor(random() * 600)));
    state.conferences.push({
      conference: {
        id,
        name: CONFERENCE_NAMES[i % CONFERENCE_NAMES.length] as string,
        created: fmt(created),
        modified: fmt(created),
        start_time: fmt(start),
        end_time: fmt(end),
        room_name: `${state.serviceKeys.meeting.slice(0, 32)}:${room}`,
        url: `https://meet.apizee.com/private/${state.serviceKeys.meeting.slice(0, 32)}/${room}`,
        short_url: `https://apz.fr/${hex(random, 10)}`,
        sip_phone_number: '+33 2 57 57 97 61',
        sip_dtmf_code: String(100000 + Math.floor(random() * 899999)),
        organizer: { id: ctx.organizer.id, name: ctx.organizer.name },
        created_by: { id: 1234, name: 'API' },
        service_key: serviceKey,
        moderator: i % 3 === 0 ? { id: ctx.organizer.id, name: ctx.organizer.name } : { id: ctx.moderator.id, name: ctx.moderator.name },
        moderation: i % 2 === 0,
      },
      participants: [`guest${i}@customer.example`, `+3361234${String(5600 + i)}`],
      cancelled: slot.cancelled === true,
    });

    if (slot.cancelled || end.getTime() + 5 * 60_000 > now.getTime()) continue;
    // Past conferences: one or two runs, each with a composite recording, sometimes a snapshot and a shared file.
    const runs = 1 + Math.floor(random() * 2);
    const media: ApizeeMedia[] = [];
    for (let run = 0; run < runs; run += 1) {
      const runStart = addMinutes(start, 2 + run * Math.floor(slot.minutes / 2));
      runStart.setUTCSeconds(Math.floor(random() * 60));
      const runEnd = addMinutes(runStart, Math.max(5, Math.floor(slot.minutes / 2) - 5 - Math.floor(random() * 5)));
      state.sessions.push({
        id: seededUuid(random),
        start_time: fmt(runStart),
        end_time: fmt(runEnd),
        // Not the session's length: the published example bills 5 for a 68 s session, unit and rule unpublished.
        billing_duration: 1 + Math.floor(random() * 9),
        total_participant_count: 2 + Math.floor(random() * 4),
        organizer: { id: ctx.organizer.id, name: ctx.organizer.name },
        enterprise: { id: state.enterpriseId, name: 'Apizee Sandbox' },
        service: {
          id: serviceKey === state.serviceKeys.meeting ? 5633 : 5634,
          key: serviceKey,
          name: serviceKey === state.serviceKeys.meeting ? 'Conference' : 'Meeting room 2',
        },
        type: 'conference',
      });
      const tag = hex(random, 8).toUpperCase();
      media.push({
        id: state.nextId(),
        hash: seededUuid(random),
        created: fmt(addMinutes(runEnd, 1)),
        owner: { id: ctx.moderator.id, name: ctx.moderator.name },
        title: `${tag}-${id % 10000}-composite`,
        description: null,
        filename: `${tag}-${id % 10000}-composite.mp4`,
        status: 'completed',
        media_type: 'video',
        url: `https://cloud.apizee.com/media/showVideo/1/hash/${seededUuid(random)}`,
        filesize: 1_000_000 + Math.floor(random() * 40_000_000),
        source_type: 'conf_record',
      });
    }
    if (i % 3 === 1) {
      media.push({
        id: state.nextId(),
        hash: seededUuid(random),
        created: fmt(addMinutes(start, 10)),
        owner: { id: ctx.moderator.id, name: ctx.moderator.name },
        title: `snapshot_${start.getTime()}`,
        description: null,
        filename: `snapshot_${start.getTime()}.jpg`,
        status: 'completed',
        media_type: 'image',
        url: `https://cloud.apizee.com/media/showImage/1/hash/${seededUuid(random)}`,
        filesize: 150_000 + Math.floor(random() * 400_000),
        source_type: 'snapshot',
      });
    }
    if (i % 4 === 0) {
      media.push({
        id: state.nextId(),
        hash: seededUuid(random),
        created: fmt(addMinutes(start, 5)),
        owner: { id: ctx.organizer.id, name: ctx.organizer.name },
        title: 'Agenda',
        description: 'Shared during the meeting',
        filename: 'agenda.pdf',
        status: 'completed',
        media_type: 'document',
        url: `https://cloud.apizee.com/media/download/1/hash/${seededUuid(random)}`,
        filesize: 80_000 + Math.floor(random() * 200_000),
        source_type: 'shared_file',
      });
    }
    state.conferenceMedia.set(id, media);
  }
  // Somebody used the main room without a scheduled conference: a stat that belongs to no conference.
  const adHoc = addMinutes(now, -58 * 60);
  state.sessions.push({
    id: seededUuid(random),
    start_time: fmt(adHoc),
    end_time: fmt(addMinutes(adHoc, 12)),
    billing_duration: 3,
    total_participant_count: 2,
    organizer: { id: ctx.organizer.id, name: ctx.organizer.name },
    enterprise: { id: state.enterpriseId, name: 'Apizee Sandbox' },
    service: { id: 5633, key: state.serviceKeys.meeting, name: 'Conference' },
    type: 'conference',
  });
}

function seedTickets(ctx: SeedContext): void {
  const { random, now, state } = ctx;
  const plan: Array<{ state: string; startMin: number }> = [
    { state: 'inprogress', startMin: -12 },
    { state: 'invited', startMin: -5 },
    { state: 'new', startMin: -180 },
    { state: 'done', startMin: -26 * 60 },
    { state: 'expired', startMin: -50 * 60 },
    { state: 'done', startMin: -75 * 60 },
    { state: 'declined', startMin: -98 * 60 },
    { state: 'closed', startMin: -120 * 60 },
    { state: 'done', startMin: -150 * 60 },
  ];
  plan.forEach((slot, i) => {
    const id = 663600 + i * 3;
    const start = addMinutes(now, slot.startMin);
    start.setUTCSeconds(Math.floor(random() * 60), 0);
    const end = addMinutes(start, 30);
    const agent = ctx.agents[i % ctx.agents.length] as ApizeeSimUser;
    const customer = CUSTOMERS[i % CUSTOMERS.length] as string;
    const byPhone = i % 2 === 0;
    const contact = byPhone
      ? `+3361234${String(5700 + i)}`
      : `${customer
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z ]/g, '')
          .replace(' ', '.')}@customer.example`;
    state.tickets.push({
      id,
      state: slot.state,
      reference: `CASE-${1040 + i}`,
      created: fmt(addMinutes(start, -1)),
      modified: fmt(['done', 'closed', 'expired', 'declined'].includes(slot.state) ? end : start),
      start_time: fmt(start),
      end_time: fmt(end),
      subject: null,
      type: '',
      description: i % 3 === 0 ? 'Customer needs help with the installation' : null,
      agent: agent.login,
      requestor_url: `https://diag.apizee.com?convId=${seededUuid(random).slice(0, 32)}&pwd=${100000 + Math.floor(random() * 899999)}`,
      requestor: byPhone ? { phone: contact } : { email: contact },
      information_page_url: `https://apz.fr/${hex(random, 10)}`,
      geoloc: { lat: 48.7 + random() / 10, lng: -3.5 + random() / 10 },
      service_key: state.serviceKeys.assistance,
      agent_url: 'https://cloud.apizee.com',
      button_id: 223,
    });

    const hadCall = ['inprogress', 'done', 'closed'].includes(slot.state);
    const medias: ApizeeMedia[] = [];
    if (['done', 'closed'].includes(slot.state)) {
      medias.push({
        id: 1973400 + i * 10,
        title: `${hex(random, 8)}-${id % 10000}`,
        type: 'video/mp4',
        hash: seededUuid(random),
        description: null,
        source_type: 'unknown',
        url: `https://cloud.apizee.com/media/showVideo/1/hash/${seededUuid(random)}`,
      });
      const snapshots = 1 + (i % 2);
      for (let s = 0; s < snapshots; s += 1) {
        medias.push({
          id: 1973401 + i * 10 + s,
          title: `diag_snapshot_${start.getTime() + s * 60_000}`,
          type: 'image/jpeg',
          hash: seededUuid(random),
          description: null,
          source_type: 'unknown',
          location: { lat: 48.77, lon: -3.51 },
          url: `https://cloud.apizee.com/media/showVideo/1/hash/${seededUuid(random)}`,
        });
      }
    }
    state.ticketMedias.set(id, medias);

    if (['new', 'invited'].includes(slot.state)) return;
    const [device, os, browser] = pick(random, DEVICES);
    const local = (d: Date): string => DateTime.fromJSDate(d, { zone: state.timezone }).toFormat('yyyy-MM-dd HH:mm:ss');
    state.ticketStats.push({
      ID: id,
      Ref: 1040 + i,
      Description: i % 3 === 0 ? 'Customer needs help with the installation' : '',
      Priorité: 'Immédiat',
      Demandeur: customer,
      Contact: contact,
      Etat: STATE_LABELS[slot.state] ?? slot.state,
      'Assigné à': agent.name,
      Groupe: 'Support',
      Type: null,
      'Date de début de session': local(start),
      'Date de fin': local(end),
      Répondues: hadCall ? 'oui' : 'non',
      "Nombre d'invitations": 1,
      "Nombre d'invitations email": byPhone ? 0 : 1,
      "Nombre d'invitations SMS": byPhone ? 1 : 0,
      'Nombre Appels': hadCall ? 1 : 0,
      'Durée totale des appels (secondes)': hadCall ? 180 + Math.floor(random() * 900) : 0,
      Photos: medias.filter((m) => m.type?.startsWith('image/')).length,
      Vidéos: medias.filter((m) => m.type?.startsWith('video/')).length,
      Identifiant: agent.login,
      Service: 'Tickets',
      Scans: 0,
      Appareil: hadCall ? device : null,
      "Système d'exploitation": hadCall ? os : null,
      Navigateur: hadCall ? browser : null,
    });
  });
}

function createState(options: ApizeeSimulatorOptions, now: () => Date): ApizeeSimulatorState {
  const random = seededRandom(options.seed ?? 2023);
  let lastId = 2343900;
  const state: ApizeeSimulatorState = {
    enterpriseId: options.enterpriseId ?? APIZEE_SANDBOX_ENTERPRISE_ID,
    timezone: options.timezone ?? APIZEE_SANDBOX_TIMEZONE,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 86_400,
    rateLimit: options.rateLimit ?? null,
    users: [
      { id: 1234, name: 'API', login: APIZEE_SANDBOX_CREDENTIALS.username, password: APIZEE_SANDBOX_CREDENTIALS.password },
      { id: 2888, name: 'Agent 1', login: 'agent1@sandbox.apizee.example', password: null },
      { id: 2890, name: 'Agent 2', login: 'agent2@sandbox.apizee.example', password: null },
      { id: 2899, name: 'Dr Doe', login: 'dr.doe@sandbox.apizee.example', password: null },
    ],
    tokens: new Map(),
    serviceKeys: {
      meeting: 'f7a0300abf044e86bfcc7d9ae906381e',
      meetingRoom2: `${hex(random, 32)}`,
      assistance: '115f89503138416a242f40fb7d7f338e',
    },
    conferences: [],
    conferenceSinceField: 'created',
    ignoreConferenceOffset: false,
    conferenceByIdRoute: true,
    conferenceMedia: new Map(),
    sessions: [],
    tickets: [],
    ticketMedias: new Map(),
    ticketStats: [],
    expireTokens() {
      for (const token of state.tokens.values()) token.expiresAt = new Date(now().getTime() - 1000);
    },
    revokeTokens() {
      for (const token of state.tokens.values()) token.revoked = true;
    },
    nextId() {
      lastId += 1;
      return lastId;
    },
  };
  const seedNow = new Date(Math.floor(now().getTime() / 60_000) * 60_000);
  const [organizer, agent2, moderator] = [state.users[1], state.users[2], state.users[3]] as [ApizeeSimUser, ApizeeSimUser, ApizeeSimUser];
  const seed: SeedContext = { random, now: seedNow, state, organizer, moderator, agents: [organizer, agent2] };
  seedConferences(seed, options.size ?? 10);
  seedTickets(seed);
  return state;
}

// ---------------------------------------------------------------------------------------------- server

export async function startApizeeSimulator(options: ApizeeSimulatorOptions = {}): Promise<RunningSimulator<ApizeeSimulatorState>> {
  const control = new SimulatorControl(options);
  const now = (): Date => control.now();
  const state = createState(options, now);
  const windows = new Map<number, { startedAt: number; count: number }>();

  const conferenceOut = (c: ApizeeSimConference): ApizeeConference => {
    const at = now().getTime();
    const start = parseInstant(c.conference.start_time ?? '')?.getTime() ?? at;
    const end = parseInstant(c.conference.end_time ?? '')?.getTime() ?? start + 3_600_000;
    const status = c.cancelled ? 'cancelled' : at < start ? 'scheduled' : at <= end ? 'ongoing' : 'ended';
    return { ...c.conference, status };
  };

  /** Bearer check and rate limit; returns the signed-in user. */
  const authenticate = (req: Request): ApizeeSimUser => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, { code: 401, message: 'Unauthorized', details: 'Missing bearer token' });
    const token = state.tokens.get(match[1] as string);
    if (!token || token.revoked || token.expiresAt.getTime() <= now().getTime()) {
      throw new ApiError(401, { code: 401, message: 'Unauthorized', details: 'Invalid or expired token' });
    }
    const user = state.users.find((u) => u.id === token.userId);
    if (!user) throw new ApiError(401, { code: 401, message: 'Unauthorized', details: 'Unknown user' });
    if (state.rateLimit) {
      const windowMs = state.rateLimit.windowSeconds * 1000;
      const at = now().getTime();
      let window = windows.get(user.id);
      if (!window || at - window.startedAt >= windowMs) {
        window = { startedAt: at, count: 0 };
        windows.set(user.id, window);
      }
      window.count += 1;
      if (window.count > state.rateLimit.maxRequests) {
        const retryAfter = Math.max(1, Math.ceil((window.startedAt + windowMs - at) / 1000));
        throw new ApiError(
          429,
          { code: 429, message: 'Too Many Requests', details: 'Rate limit exceeded, retry later' },
          { 'Retry-After': String(retryAfter) },
        );
      }
    }
    return user;
  };

  const enterprise = (req: Request): void => {
    if (Number(req.params.enterpriseId) !== state.enterpriseId) {
      throw new ApiError(403, { code: 403, message: 'Forbidden', details: 'You do not belong to this enterprise' });
    }
  };

  /** Wraps a handler: ApiError → its status and `{ code, message, details }` body. */
  const handle =
    (handler: (req: Request, res: Response) => void) =>
    (req: Request, res: Response): void => {
      try {
        handler(req, res);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        res.status(error.status).set(error.headers).json(error.body);
      }
    };

  const api = Router();

  // docs/vendors/apizee.md "Transport and auth": POST /token, form body grant_type=password&username&password
  api.post(
    '/token',
    control.route(
      'token',
      handle((req, res) => {
        if (!req.is('application/x-www-form-urlencoded')) throw invalid('grant_type', 'The grant_type field is required.');
        const body = req.body as Record<string, unknown>;
        if (body.grant_type !== 'password') throw invalid('grant_type', 'The selected grant_type is invalid.');
        const user = state.users.find((u) => u.password !== null && u.login === body.username && u.password === body.password);
        if (!user) throw new ApiError(401, { code: 401, message: 'Invalid credentials', details: 'Bad username or password' });
        const issuedAt = now();
        const payload = Buffer.from(
          JSON.stringify({
            iss: 'cloud.apizee.com',
            iat: Math.floor(issuedAt.getTime() / 1000),
            sub: `user:${user.id}`,
            exp: Math.floor(issuedAt.getTime() / 1000) + state.tokenTtlSeconds,
          }),
        ).toString('base64url');
        const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.${payload}.${randomBytes(24).toString('base64url')}`;
        state.tokens.set(token, {
          userId: user.id,
          expiresAt: new Date(issuedAt.getTime() + state.tokenTtlSeconds * 1000),
          revoked: false,
        });
        res.json({ access_token: token, created_at: fmt(issuedAt), expires_in: state.tokenTtlSeconds });
      }),
    ),
  );

  // Apizee REST APIs, "Get a Conference ID by name": GET /conferences limit, offset, since, search, orderby, order → { total, data }
  api.get(
    '/conferences',
    control.route(
      'conferences.list',
      handle((req, res) => {
        authenticate(req);
        const limit = intParam(req, 'limit', 10, 1, 100);
        const offset = intParam(req, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
        const since = instantParam(req, 'since');
        const search = queryString(req, 'search')?.toLowerCase() ?? null;
        const orderby = queryString(req, 'orderby') ?? 'date';
        if (!['date', 'id', 'name'].includes(orderby)) throw invalid('orderby', 'The selected orderby is invalid.');
        const direction = orderParam(req);
        const rows = state.conferences
          .map(conferenceOut)
          .filter((c) => !since || (parseInstant(c[state.conferenceSinceField] ?? '')?.getTime() ?? 0) >= since.getTime())
          .filter((c) => !search || (c.name ?? '').toLowerCase().includes(search))
          .sort((a, b) => {
            const key =
              orderby === 'name'
                ? (a.name ?? '').localeCompare(b.name ?? '')
                : orderby === 'id'
                  ? a.id - b.id
                  : (parseInstant(a.start_time ?? '')?.getTime() ?? 0) - (parseInstant(b.start_time ?? '')?.getTime() ?? 0);
            return (key || a.id - b.id) * direction;
          });
        const from = state.ignoreConferenceOffset ? 0 : offset;
        res.json({ total: rows.length, data: rows.slice(from, from + limit) });
      }),
      (req) => `offset=${queryString(req, 'offset') ?? 0};since=${queryString(req, 'since') ?? ''}`,
    ),
  );

  // Apizee REST APIs, "Retrieving the link" (video meeting): POST /conferences with QUERY parameters, empty body
  api.post(
    '/conferences',
    control.route(
      'conferences.create',
      handle((req, res) => {
        const user = authenticate(req);
        const participants = (queryString(req, 'participants') ?? '')
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '');
        if (participants.length === 0) throw invalid('participants', 'The participants field is required.');
        const wrong = participants.find((p) => !EMAIL.test(p) && !PHONE.test(p));
        if (wrong) throw invalid('participants', 'The selected participants field is invalid.');
        const moderatorLogin = queryString(req, 'moderator');
        const moderator = moderatorLogin ? state.users.find((u) => u.login === moderatorLogin) : user;
        if (!moderator) throw invalid('moderator', 'The selected moderator is invalid.');
        const startParam = instantParam(req, 'startTime');
        const duration = intParam(req, 'duration', 60, 1, 24 * 60);
        const moderation = queryString(req, 'moderation');
        const created = now();
        const start = startParam ?? created;
        const id = Math.max(842000, ...state.conferences.map((c) => c.conference.id)) + 1;
        const room = randomBytes(16).toString('hex');
        const stored: ApizeeSimConference = {
          conference: {
            id,
            name: queryString(req, 'name') ?? 'Conference',
            created: fmt(created),
            modified: fmt(created),
            start_time: fmt(start),
            end_time: fmt(addMinutes(start, duration)),
            room_name: `${state.serviceKeys.meeting}:${room}`,
            url: `https://meet.apizee.com/private/${state.serviceKeys.meeting}/${room}`,
            short_url: `https://apz.fr/${randomBytes(5).toString('hex')}`,
            sip_phone_number: '+33 2 57 57 97 61',
            sip_dtmf_code: String(100000 + (id % 899999)),
            organizer: { id: user.id, name: user.name },
            created_by: { id: 1234, name: 'API' },
            service_key: state.serviceKeys.meeting,
            moderator: { id: moderator.id, name: moderator.name },
            moderation: moderation === 'true' || moderation === '1',
          },
          participants,
          cancelled: false,
        };
        state.conferences.push(stored);
        state.conferenceMedia.set(stored.conference.id, []);
        res.status(201).json(conferenceOut(stored));
      }),
    ),
  );

  // docs/vendors/apizee.md "Calls used": GET /conferences/{id} (REST convention)
  api.get(
    '/conferences/:id',
    control.route(
      'conferences.get',
      handle((req, res) => {
        if (!state.conferenceByIdRoute) {
          throw new ApiError(404, { code: 404, message: 'Not Found', details: `No route ${req.method} ${req.path}` });
        }
        authenticate(req);
        const found = state.conferences.find((c) => String(c.conference.id) === req.params.id);
        if (!found) throw new ApiError(404, { code: 404, message: 'Conference not found', details: 'Parameter id' });
        res.json(conferenceOut(found));
      }),
      (req) => String(req.params.id),
    ),
  );

  // Apizee REST APIs, "Get the recorded or shared files": GET /conferences/{id}/media limit, offset, orderby, order → { total, data }
  api.get(
    '/conferences/:id/media',
    control.route(
      'conferences.media',
      handle((req, res) => {
        authenticate(req);
        const found = state.conferences.find((c) => String(c.conference.id) === req.params.id);
        if (!found) throw new ApiError(404, { code: 404, message: 'Conference not found', details: 'Parameter id' });
        const limit = intParam(req, 'limit', 10, 1, 100);
        const offset = intParam(req, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
        const direction = orderParam(req);
        const rows = [...(state.conferenceMedia.get(found.conference.id) ?? [])].sort(
          (a, b) =>
            ((parseInstant(a.created ?? '')?.getTime() ?? 0) - (parseInstant(b.created ?? '')?.getTime() ?? 0) || a.id - b.id) * direction,
        );
        res.json({ total: rows.length, data: rows.slice(offset, offset + limit) });
      }),
      (req) => String(req.params.id),
    ),
  );

  // Apizee REST APIs, "Get statistics": GET /session service_key, since, until → { total, since, until, data }
  api.get(
    '/session',
    control.route(
      'session.list',
      handle((req, res) => {
        authenticate(req);
        const serviceKey = queryString(req, 'service_key');
        if (!serviceKey) throw invalid('service_key', 'The service_key field is required.');
        if (!Object.values(state.serviceKeys).includes(serviceKey)) throw invalid('service_key', 'The selected service_key is invalid.');
        // Without a range the vendor answers the current UTC day.
        const today = DateTime.fromJSDate(now(), { zone: 'utc' }).startOf('day');
        const since = instantParam(req, 'since') ?? today.toJSDate();
        const until = instantParam(req, 'until') ?? today.endOf('day').toJSDate();
        // Statistics are published five minutes after a session ends.
        const publishedBy = now().getTime() - 5 * 60_000;
        const rows = state.sessions
          .filter((s) => s.service?.key === serviceKey)
          .filter((s) => (parseInstant(s.end_time ?? '')?.getTime() ?? Infinity) <= publishedBy)
          .filter((s) => {
            const at = parseInstant(s.start_time ?? '')?.getTime() ?? NaN;
            return at >= since.getTime() && at <= until.getTime();
          })
          .sort((a, b) => (parseInstant(a.start_time ?? '')?.getTime() ?? 0) - (parseInstant(b.start_time ?? '')?.getTime() ?? 0));
        res.json({ total: rows.length, since: fmt(since), until: fmt(until), data: rows });
      }),
      (req) => queryString(req, 'service_key') ?? '',
    ),
  );

  // Apizee REST APIs, "Retrieving the link to a video assistance room": POST /tickets, query parameters
  api.post(
    '/tickets',
    control.route(
      'tickets.create',
      handle((req, res) => {
        authenticate(req);
        const agentLogin = queryString(req, 'agent');
        if (!agentLogin) throw invalid('agent', 'The agent field is required.');
        const agent = state.users.find((u) => u.login === agentLogin);
        if (!agent) throw invalid('agent', 'The selected agent is invalid.');
        const email = queryString(req, 'email');
        const phone = queryString(req, 'phone');
        if (!email && !phone) throw invalid('email', 'The email field is required when phone is not present.');
        if (email && !EMAIL.test(email)) throw invalid('email', 'The email must be a valid email address.');
        if (phone && !PHONE.test(phone)) throw invalid('phone', 'The phone format is invalid.');
        const invite = queryString(req, 'invite') === '1' || queryString(req, 'invite') === 'true';
        const created = now();
        const id = Math.max(663000, ...state.tickets.map((t) => t.id)) + 1;
        const ticket: ApizeeTicket = {
          id,
          state: invite ? 'invited' : 'new',
          reference: queryString(req, 'reference'),
          created: fmt(created),
          modified: fmt(created),
          start_time: fmt(created),
          end_time: fmt(addMinutes(created, 30)),
          subject: null,
          type: '',
          description: null,
          agent: agent.login,
          requestor_url: `https://diag.apizee.com?convId=${randomBytes(16).toString('hex')}&pwd=${100000 + (id % 899999)}`,
          requestor: email ? { email } : { phone },
          information_page_url: `https://apz.fr/${randomBytes(5).toString('hex')}`,
          service_key: state.serviceKeys.assistance,
          agent_url: 'https://cloud.apizee.com',
          button_id: 223,
        };
        state.tickets.push(ticket);
        state.ticketMedias.set(id, []);
        const { agent_url: agentUrl, button_id: buttonId, ...plain } = ticket;
        const reply: ApizeeTicket = { ...plain, status: ticket.state, name: null };
        // "scope: to retrieve the agent's URL, use the value sso": only then does the reply name the agent side,
        // with the single-sign-on URL that carries an access token.
        if (queryString(req, 'scope') === 'sso') {
          Object.assign(reply, { agent_url: agentUrl, button_id: buttonId });
          const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}`;
          reply.sso_url = `https://cloud.apizee.com?access_token=${token}`;
        }
        res.status(201).json(reply);
      }),
      (req) => `scope=${queryString(req, 'scope') ?? ''};reference=${queryString(req, 'reference') ?? ''}`,
    ),
  );

  // Apizee REST APIs, "Get a ticket ID from a reference": GET /tickets orderby, order, limit, offset, reference → { total, data }
  api.get(
    '/tickets',
    control.route(
      'tickets.list',
      handle((req, res) => {
        authenticate(req);
        const limit = intParam(req, 'limit', 10, 1, 100);
        const offset = intParam(req, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
        const orderby = queryString(req, 'orderby') ?? 'date';
        if (!['date', 'id'].includes(orderby)) throw invalid('orderby', 'The selected orderby is invalid.');
        const direction = orderParam(req);
        const reference = queryString(req, 'reference');
        const rows = state.tickets
          .filter((t) => reference === null || String(t.reference) === reference)
          .sort((a, b) => {
            const created = (t: ApizeeTicket): number => parseInstant(t.created ?? '')?.getTime() ?? 0;
            const byDate = orderby === 'id' ? 0 : created(a) - created(b);
            return (byDate || a.id - b.id) * direction;
          })
          // The documented rows name no agent side: agent_url and button_id come only with a creation reply.
          .map(({ agent_url: _agentUrl, button_id: _buttonId, sso_url: _sso, ...row }) => row);
        res.json({ total: rows.length, data: rows.slice(offset, offset + limit) });
      }),
      (req) => `offset=${queryString(req, 'offset') ?? 0}`,
    ),
  );

  // Apizee REST APIs, "Get the recorded media for a given ticket": GET /enterprises/{eid}/tickets/{id}/medias
  // → { limit, offset, medias, count }
  api.get(
    '/enterprises/:enterpriseId/tickets/:id/medias',
    control.route(
      'tickets.medias',
      handle((req, res) => {
        authenticate(req);
        enterprise(req);
        const ticket = state.tickets.find((t) => String(t.id) === req.params.id);
        if (!ticket) throw new ApiError(404, { code: 404, message: 'Ticket not found', details: 'Parameter id' });
        const limit = intParam(req, 'limit', 10, 1, 100);
        const offset = intParam(req, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
        const medias = state.ticketMedias.get(ticket.id) ?? [];
        res.json({ limit, offset, medias: medias.slice(offset, offset + limit), count: medias.length });
      }),
      (req) => String(req.params.id),
    ),
  );

  // Apizee REST APIs, "Get detailed ticket statistics for a given day": GET /enterprises/{eid}/tickets-stats?format=JSON&since&until
  api.get(
    '/enterprises/:enterpriseId/tickets-stats',
    control.route(
      'tickets.stats',
      handle((req, res) => {
        authenticate(req);
        enterprise(req);
        const format = (queryString(req, 'format') ?? 'JSON').toUpperCase();
        if (format !== 'JSON' && format !== 'CSV') throw invalid('format', 'The selected format is invalid.');
        const day = (name: string): DateTime => {
          const raw = queryString(req, name);
          if (!raw) throw invalid(name, `The ${name} field is required.`);
          const parsed = DateTime.fromISO(raw, { zone: state.timezone });
          if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw invalid(name, `The ${name} does not match the format Y-m-d.`);
          return parsed.startOf('day');
        };
        // Enterprise-local days; `until` is exclusive (since=2023-07-13&until=2023-07-14 is "a given day").
        const since = day('since');
        const until = day('until');
        const rows = state.ticketStats.filter((row) => {
          const at = DateTime.fromSQL(String(row['Date de début de session'] ?? ''), { zone: state.timezone });
          return at.isValid && at >= since && at < until;
        });
        if (format === 'CSV') {
          const keys = Object.keys(rows[0] ?? {});
          const cell = (v: unknown): string => `"${String(v ?? '').replace(/"/g, '""')}"`;
          res.type('text/csv').send([keys.map(cell).join(';'), ...rows.map((r) => keys.map((k) => cell(r[k])).join(';'))].join('\n'));
          return;
        }
        res.json(rows);
      }),
      (req) => `${queryString(req, 'since') ?? ''}..${queryString(req, 'until') ?? ''}`,
    ),
  );

  api.use((req: Request, res: Response) => {
    res.status(404).json({ code: 404, message: 'Not Found', details: `No route ${req.method} ${req.path}` });
  });

  const app = simulatorApp();
  app.use('/api', api);
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ code: 404, message: 'Not Found', details: 'Unknown path' });
  });
  // Body parse failures and handler bugs answer like the vendor would, never with a stack trace.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    res.status(status).json({ code: status, message: status === 500 ? 'Internal Server Error' : 'Bad Request', details: '' });
  });

  const server = await listenOnLoopback(app, options.port);
  return { url: `${server.origin}/api`, control, state, close: server.close };
}
