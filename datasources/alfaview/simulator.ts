import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  listenOnLoopback,
  seededRandom,
  simulatorApp,
  SimulatorControl,
  type RunningSimulator,
  type SimulatorOptions,
} from '../simulator-kit.js';
import type {
  AlfaviewAuthorizationCodeCredentials,
  AlfaviewGroupLink,
  AlfaviewPermissionGroup,
  AlfaviewRoom,
  AlfaviewRoomUser,
  AlfaviewUsernamePasswordCredentials,
} from './types.js';

/**
 * A real HTTP server speaking alfaview JSON API v1 as docs/vendors/alfaview.md describes it:
 * `POST /json/v1/{service}/{method}`, accessInfo in the body, replyInfo echoing the requestId, gRPC-gateway error
 * bodies with the documented HTTP mapping, tokens that expire by the injected clock, maps keyed by int64-as-string
 * ids, limit/offset, a room quota and a rate limit. Group links persist per room and are listed by
 * `guestService.v2/listGroupLinks`, so a client that mints a new link on every call is visible in `groupLinks`.
 */

export const ALFAVIEW_SANDBOX_COMPANY_ID = '4711';

/** API key (authorizationCodeCredentials) the simulator accepts by default. */
export const ALFAVIEW_SANDBOX_CREDENTIALS = {
  clientId: 'meetgraph-sandbox',
  code: 'av-sandbox-key-5f2c81e9b7d4',
  companyId: ALFAVIEW_SANDBOX_COMPANY_ID,
} as const;

/** A company admin (usernamePasswordCredentials): may manage rooms. */
export const ALFAVIEW_SANDBOX_USER = {
  username: 'admin@sandbox.alfaview.test',
  password: 'sandbox-admin-pass-7731',
  companyId: ALFAVIEW_SANDBOX_COMPANY_ID,
} as const;

/** A plain member: may read rooms but not create, update or destroy them (INSUFFICIENT_PERMISSIONS). */
export const ALFAVIEW_SANDBOX_VIEWER = {
  username: 'viewer@sandbox.alfaview.test',
  password: 'sandbox-viewer-pass-4420',
  companyId: ALFAVIEW_SANDBOX_COMPANY_ID,
} as const;

/** Error codes the simulator can answer, with their gRPC code, HTTP status and message (docs/vendors/alfaview.md "Replies and errors"). */
export const ALFAVIEW_SIM_ERRORS = {
  TOKEN_OUTDATED: { grpc: 16, http: 401, message: 'token expired' },
  AUTHENTICATION_ERROR: { grpc: 16, http: 401, message: 'authentication failed' },
  INSUFFICIENT_PERMISSIONS: { grpc: 7, http: 403, message: 'insufficient permissions' },
  PERMISSION_DENIED: { grpc: 7, http: 403, message: 'permission denied' },
  NOT_FOUND: { grpc: 5, http: 404, message: 'not found' },
  ROOM_NOT_FOUND: { grpc: 5, http: 404, message: 'room not found' },
  QUOTA_EXCEEDED: { grpc: 8, http: 429, message: 'quota exceeded' },
  OUT_OF_SLOTS_ROOMS: { grpc: 8, http: 429, message: 'out of room slots' },
  RESOURCE_EXHAUSTED: { grpc: 8, http: 429, message: 'resource exhausted' },
  RATE_LIMIT_EXCEEDED: { grpc: 8, http: 429, message: 'rate limit exceeded' },
  INVALID_ARGUMENT: { grpc: 3, http: 400, message: 'invalid argument' },
  ROOM_INVALID: { grpc: 3, http: 400, message: 'room invalid' },
  UNAVAILABLE: { grpc: 14, http: 503, message: 'service unavailable' },
  DEADLINE_EXCEEDED: { grpc: 4, http: 504, message: 'context deadline exceeded' },
  INTERNAL: { grpc: 13, http: 500, message: 'internal error' },
} as const;

export type AlfaviewSimErrorCode = keyof typeof ALFAVIEW_SIM_ERRORS;

export interface AlfaviewSimUser extends AlfaviewUsernamePasswordCredentials {
  /** May create, update and destroy rooms. */
  canManageRooms: boolean;
}

export interface AlfaviewSimulatorOptions extends SimulatorOptions {
  /** Accepted API keys; default [ALFAVIEW_SANDBOX_CREDENTIALS]. */
  apiKeys?: AlfaviewAuthorizationCodeCredentials[];
  /** Accepted users; default the sandbox admin and viewer. */
  users?: AlfaviewSimUser[];
  /** Access token lifetime; default 3600 s. */
  tokenTtlSeconds?: number;
  /** Origin of join links; default https://app.alfaview.com. */
  joinLinkHost?: string;
  /** Rooms (type ROOM) the company may have; default 25. Beyond: OUT_OF_SLOTS_ROOMS. */
  roomQuota?: number;
  /** Largest quotas.activeParticipants a room may ask; default 100. Beyond: QUOTA_EXCEEDED. */
  maxActiveParticipants?: number;
  /** Requests allowed per window (all operations); null disables. Default 600 per 60 s. */
  rateLimit?: { requests: number; windowSeconds: number } | null;
}

export interface AlfaviewSimToken {
  accessToken: string;
  companyId: string;
  userId: string;
  expiresAt: Date;
  canManageRooms: boolean;
}

export interface AlfaviewSimRoom {
  id: string;
  room: AlfaviewRoom;
  /** The vendor's own (unspecified) order: not by id, not by name. */
  order: number;
}

export interface AlfaviewSimulatorState {
  companyId: string;
  apiKeys: AlfaviewAuthorizationCodeCredentials[];
  users: AlfaviewSimUser[];
  tokenTtlSeconds: number;
  joinLinkHost: string;
  roomQuota: number;
  maxActiveParticipants: number;
  rateLimit: { requests: number; windowSeconds: number } | null;
  tokens: Map<string, AlfaviewSimToken>;
  rooms: Map<string, AlfaviewSimRoom>;
  /** Users present per room id, keyed by user id (offline users may be listed with online: false). */
  presence: Map<string, Record<string, AlfaviewRoomUser>>;
  permissionGroups: Record<string, AlfaviewPermissionGroup>;
  groupLinks: AlfaviewGroupLink[];
  /** Every request's operation and requestId, in arrival order (requests rejected by an injected transport fault are absent). */
  requestLog: Array<{ operation: string; requestId: string | null; at: Date }>;
  /** Answer the next `times` calls of `operation` ('*' for any) with this vendor error. */
  failNext(operation: string, statusCode: AlfaviewSimErrorCode, times?: number): void;
  /** Drops errors queued by failNext that have not been answered yet. */
  clearFailures(): void;
  /** Makes every issued token expired (the next authenticated call answers TOKEN_OUTDATED). */
  expireTokens(): void;
  /** Adds a room and returns its id. */
  addRoom(displayName: string, extra?: Partial<AlfaviewRoom>): string;
  /** Replaces who is in a room. */
  setPresence(roomId: string, users: Record<string, AlfaviewRoomUser>): void;
}

const ROOM_TYPES = ['ROOM_TYPE_ROOM', 'ROOM_TYPE_DEPARTMENT'];
const MAX_LIST_LIMIT = 1_000;
const DEFAULT_LIST_LIMIT = 50;
const MAX_STATUS_IDS = 500;

/** Starting above 2^53 on purpose: ids only survive as strings (the int64-as-string quirk). */
const ID_BASE = 9_007_199_254_740_993n;

const ROOM_NAMES = [
  'Daily Stand-up',
  'Sales Pipeline Review',
  'Customer Onboarding',
  'Engineering All-Hands',
  'Design Critique',
  'Support Hotline',
  'Training: alfaview Basics',
  'Board Room',
  'Partner Briefing',
  'Recruiting Interviews',
  'Product Demo',
  'Quarterly Planning',
];

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseTime(value: unknown): Date | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    const n = Number(value);
    return new Date(n < 1e11 ? n * 1000 : n);
  }
  if (typeof value !== 'string') return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at);
}

class SimError extends Error {
  constructor(
    readonly statusCode: AlfaviewSimErrorCode,
    message?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? ALFAVIEW_SIM_ERRORS[statusCode].message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function startAlfaviewSimulator(options: AlfaviewSimulatorOptions = {}): Promise<RunningSimulator<AlfaviewSimulatorState>> {
  const control = new SimulatorControl(options);
  const now = (): Date => control.now();
  const random = seededRandom(options.seed ?? 4711);
  let nextId = ID_BASE;
  const newId = (): string => {
    const id = nextId.toString();
    nextId += 1n;
    return id;
  };
  const pendingErrors: Array<{ operation: string; statusCode: AlfaviewSimErrorCode; left: number }> = [];

  const state: AlfaviewSimulatorState = {
    companyId: ALFAVIEW_SANDBOX_COMPANY_ID,
    apiKeys: options.apiKeys ?? [{ ...ALFAVIEW_SANDBOX_CREDENTIALS }],
    users: options.users ?? [
      { ...ALFAVIEW_SANDBOX_USER, canManageRooms: true },
      { ...ALFAVIEW_SANDBOX_VIEWER, canManageRooms: false },
    ],
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    joinLinkHost: (options.joinLinkHost ?? 'https://app.alfaview.com').replace(/\/+$/, ''),
    roomQuota: options.roomQuota ?? 25,
    maxActiveParticipants: options.maxActiveParticipants ?? 100,
    rateLimit: options.rateLimit === undefined ? { requests: 600, windowSeconds: 60 } : options.rateLimit,
    tokens: new Map(),
    rooms: new Map(),
    presence: new Map(),
    permissionGroups: {},
    groupLinks: [],
    requestLog: [],
    failNext(operation, statusCode, times = 1) {
      pendingErrors.push({ operation, statusCode, left: times });
    },
    clearFailures() {
      pendingErrors.length = 0;
    },
    expireTokens() {
      const past = new Date(now().getTime() - 1000);
      for (const token of state.tokens.values()) token.expiresAt = past;
    },
    addRoom(displayName, extra = {}) {
      const id = newId();
      state.rooms.set(id, {
        id,
        order: random(),
        room: {
          displayName,
          type: 'ROOM_TYPE_ROOM',
          mode: 'ROOM_MODE_DEFAULT',
          createdAt: iso(now()),
          createdBy: ADMIN_USER_ID,
          quotas: { activeParticipants: 50, passiveParticipants: 0, subRooms: 10 },
          allowSpectators: true,
          ...extra,
        },
      });
      return id;
    },
    setPresence(roomId, users) {
      state.presence.set(roomId, users);
    },
  };

  /* ---------- seeded demo data, relative to the clock ---------- */
  const ADMIN_USER_ID = newId();
  const groupIds = { Moderator: newId(), Participant: newId(), Spectator: newId(), Presenter: newId() };
  state.permissionGroups = {
    [groupIds.Moderator]: {
      name: 'Moderator',
      permissions: { voice: true, video: true, promote: true, join: true, screen: true, chat: true, chatBroadcast: true },
    },
    [groupIds.Participant]: { name: 'Participant', permissions: { voice: true, video: true, join: true, screen: true, chat: true } },
    [groupIds.Spectator]: { name: 'Spectator', permissions: { join: true, chat: true } },
    [groupIds.Presenter]: {
      name: 'Presenter',
      permissions: { voice: true, video: true, join: true, screen: true, chat: true, chatBroadcast: true },
    },
  };
  const start = now().getTime();
  const day = 86_400_000;
  const departments = [
    { name: 'Sales', id: newId() },
    { name: 'Engineering', id: newId() },
  ];
  for (const [i, d] of departments.entries()) {
    state.rooms.set(d.id, {
      id: d.id,
      order: random(),
      room: {
        displayName: d.name,
        type: 'ROOM_TYPE_DEPARTMENT',
        createdAt: iso(new Date(start - (200 + i) * day)),
        createdBy: ADMIN_USER_ID,
      },
    });
  }
  const size = options.size ?? 8;
  const seededRooms: string[] = [];
  for (let i = 0; i < size; i += 1) {
    const base = ROOM_NAMES[i % ROOM_NAMES.length] as string;
    const name = i < ROOM_NAMES.length ? base : `${base} ${Math.floor(i / ROOM_NAMES.length) + 1}`;
    const id = newId();
    seededRooms.push(id);
    state.rooms.set(id, {
      id,
      order: random(),
      room: {
        displayName: name,
        type: 'ROOM_TYPE_ROOM',
        mode: 'ROOM_MODE_DEFAULT',
        parentId: (departments[i % 2] as { id: string }).id,
        // Created over the last weeks, the newest this week.
        createdAt: iso(new Date(start - (1 + i * 3) * day - Math.floor(random() * 8) * 3_600_000)),
        createdBy: ADMIN_USER_ID,
        quotas: { activeParticipants: 25 + 5 * (i % 4), passiveParticipants: i % 3 === 0 ? 100 : 0, subRooms: 5 + (i % 3) * 5 },
        allowSpectators: i % 2 === 0,
      },
    });
  }
  // Three rooms with people in them right now (a guest and a spectator among them; one user has left).
  const live: Array<Array<[string, AlfaviewRoomUser]>> = [
    [
      ['Anna Becker', {}],
      ['Jonas Weber', {}],
      ['Priya Nair', { isGuest: true }],
      ['Tom Schulz', { online: false }],
    ],
    [
      ['Lena Hoffmann', {}],
      ['Observer (guest)', { isGuest: true, isSpectator: true }],
    ],
    [['Max Müller', {}]],
  ];
  [0, 2, 5].forEach((roomIndex, n) => {
    const roomId = seededRooms[roomIndex];
    if (!roomId) return;
    const users: Record<string, AlfaviewRoomUser> = {};
    for (const [displayName, extra] of live[n] as Array<[string, AlfaviewRoomUser]>) {
      users[newId()] = { online: true, displayName, isGuest: false, isSpectator: false, state: 'USER_STATE_ACTIVE', ...extra };
    }
    state.presence.set(roomId, users);
  });

  /* ---------- protocol helpers ---------- */
  let window = { startedAt: start, count: 0 };

  const reply = (res: Response, requestId: string, payload: Record<string, unknown> = {}): void => {
    res.status(200).json({ replyInfo: { requestId, statusMessage: 'OK' }, ...payload });
  };

  /** gRPC-gateway error body exactly as published: { code, message, details: [ReplyInfo] }. */
  const sendError = (res: Response, requestId: string | null, error: SimError): void => {
    const spec = ALFAVIEW_SIM_ERRORS[error.statusCode];
    res
      .status(spec.http)
      .set(error.headers)
      .json({
        code: spec.grpc,
        message: error.message,
        details: [
          {
            '@type': 'type.googleapis.com/common.ReplyInfo',
            requestId: requestId ?? '',
            statusCode: error.statusCode,
            statusMessage: error.message,
          },
        ],
      });
  };

  const checkRateLimit = (): void => {
    const limit = state.rateLimit;
    if (!limit) return;
    const at = now().getTime();
    const windowMs = limit.windowSeconds * 1000;
    if (at - window.startedAt >= windowMs || at < window.startedAt) window = { startedAt: at, count: 0 };
    window.count += 1;
    if (window.count > limit.requests) {
      const retryAfter = Math.max(1, Math.ceil((window.startedAt + windowMs - at) / 1000));
      throw new SimError('RATE_LIMIT_EXCEEDED', 'rate limit exceeded', { 'Retry-After': String(retryAfter) });
    }
  };

  const authorize = (body: Record<string, unknown>): AlfaviewSimToken => {
    const accessInfo = isRecord(body.accessInfo) ? body.accessInfo : null;
    const accessToken = typeof accessInfo?.accessToken === 'string' ? accessInfo.accessToken : '';
    const token = state.tokens.get(accessToken);
    if (!token) throw new SimError('AUTHENTICATION_ERROR', 'invalid access token');
    if (now().getTime() >= token.expiresAt.getTime()) throw new SimError('TOKEN_OUTDATED', 'token expired');
    return token;
  };

  const requireManage = (token: AlfaviewSimToken): void => {
    if (!token.canManageRooms) throw new SimError('INSUFFICIENT_PERMISSIONS', 'insufficient permissions: room management');
  };

  const ids = (value: unknown, field: string): string[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v)))) {
      throw new SimError('INVALID_ARGUMENT', `${field} must be a list of ids`);
    }
    return value.map(String);
  };

  const int = (value: unknown, field: string, fallback: number): number => {
    if (value === undefined || value === null || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new SimError('INVALID_ARGUMENT', `${field} must be a non-negative integer`);
    return n;
  };

  /** Validates a room for create/update; returns the normalized room. */
  const validRoom = (value: unknown, current: AlfaviewRoom | null): AlfaviewRoom => {
    if (!isRecord(value)) throw new SimError('ROOM_INVALID', 'room missing');
    const merged = { ...(current ?? {}), ...(value as AlfaviewRoom) };
    const name = typeof merged.displayName === 'string' ? merged.displayName.trim() : '';
    if (name === '' || name.length > 100) throw new SimError('ROOM_INVALID', 'room invalid: displayName must be 1-100 characters');
    const type = merged.type ?? 'ROOM_TYPE_ROOM';
    if (!ROOM_TYPES.includes(type)) throw new SimError('ROOM_INVALID', 'room invalid: unknown type');
    if (merged.parentId !== undefined && merged.parentId !== null && merged.parentId !== '') {
      const parent = state.rooms.get(String(merged.parentId));
      if (!parent || parent.room.type !== 'ROOM_TYPE_DEPARTMENT')
        throw new SimError('ROOM_INVALID', 'room invalid: parent is not a department');
    }
    const quotas = isRecord(merged.quotas) ? merged.quotas : {};
    for (const key of ['activeParticipants', 'passiveParticipants', 'subRooms'] as const) {
      if (quotas[key] !== undefined) int(quotas[key], `room.quotas.${key}`, 0);
    }
    if (Number(quotas.activeParticipants ?? 0) > state.maxActiveParticipants)
      throw new SimError('QUOTA_EXCEEDED', 'quota exceeded: active participants');
    const { createdAt: _c, createdBy: _b, ...writable } = merged;
    return { ...writable, displayName: name, type };
  };

  const roomJson = (room: AlfaviewRoom): AlfaviewRoom => JSON.parse(JSON.stringify(room)) as AlfaviewRoom;

  type Handler = (ctx: { body: Record<string, unknown>; requestId: string; token: AlfaviewSimToken | null; res: Response }) => void;

  const app = simulatorApp();
  const router = express.Router();

  const operation = (
    name: string,
    authenticated: boolean,
    handler: Handler,
    detail?: (body: Record<string, unknown>) => string | undefined,
  ): void => {
    router.post(
      `/${name}`,
      control.route(
        name,
        (req: Request, res: Response) => {
          const body: Record<string, unknown> = isRecord(req.body) ? req.body : {};
          const accessInfo = isRecord(body.accessInfo) ? body.accessInfo : null;
          const raw = authenticated ? accessInfo?.requestId : body.requestId;
          const requestId = typeof raw === 'string' && raw !== '' ? raw : null;
          state.requestLog.push({ operation: name, requestId, at: now() });
          try {
            if (!requestId) throw new SimError('INVALID_ARGUMENT', 'requestId missing');
            const injected = pendingErrors.find((p) => (p.operation === name || p.operation === '*') && p.left > 0);
            if (injected) {
              injected.left -= 1;
              throw new SimError(injected.statusCode);
            }
            checkRateLimit();
            const token = authenticated ? authorize(body) : null;
            handler({ body, requestId, token, res });
          } catch (error) {
            if (error instanceof SimError) sendError(res, requestId, error);
            else throw error;
          }
        },
        (req) => (detail && isRecord(req.body) ? detail(req.body) : undefined),
      ),
    );
  };

  /* ---------- authenticationService ---------- */
  operation('authenticationService/authenticate', false, ({ body, requestId, res }) => {
    const apiKey = isRecord(body.authorizationCodeCredentials) ? body.authorizationCodeCredentials : null;
    const userPass = isRecord(body.usernamePasswordCredentials) ? body.usernamePasswordCredentials : null;
    if (!apiKey === !userPass) throw new SimError('INVALID_ARGUMENT', 'exactly one kind of credentials is required');
    let canManageRooms = true;
    let userId = ADMIN_USER_ID;
    if (apiKey) {
      const ok = state.apiKeys.some(
        (k) => k.clientId === apiKey.clientId && k.code === apiKey.code && String(k.companyId) === String(apiKey.companyId),
      );
      if (!ok) throw new SimError('AUTHENTICATION_ERROR');
    } else {
      const user = state.users.find(
        (u) =>
          u.username === userPass?.username && u.password === userPass?.password && String(u.companyId) === String(userPass?.companyId),
      );
      if (!user) throw new SimError('AUTHENTICATION_ERROR');
      canManageRooms = user.canManageRooms;
      userId = `${ID_BASE + 100_000n + BigInt(state.users.indexOf(user))}`;
    }
    const accessToken = randomBytes(24).toString('hex');
    const expiresAt = new Date(now().getTime() + state.tokenTtlSeconds * 1000);
    state.tokens.set(accessToken, { accessToken, companyId: state.companyId, userId, expiresAt, canManageRooms });
    reply(res, requestId, {
      accessToken,
      // int64 epoch seconds, as a string
      expiresAt: String(Math.floor(expiresAt.getTime() / 1000)),
      refreshToken: randomBytes(24).toString('hex'),
      userId,
      companyId: state.companyId,
      permissions: { roomsRead: true, roomsManage: canManageRooms, guestsManage: true },
    });
  });

  /* ---------- roomService ---------- */
  operation(
    'roomService/list',
    true,
    ({ body, requestId, res }) => {
      const limit = int(body.limit, 'limit', 0) || DEFAULT_LIST_LIMIT;
      if (limit > MAX_LIST_LIMIT) throw new SimError('INVALID_ARGUMENT', `limit must be at most ${MAX_LIST_LIMIT}`);
      const offset = int(body.offset, 'offset', 0);
      const filterIds = new Set(ids(body.filterRoomIds, 'filterRoomIds'));
      const types = body.filterRoomTypes === undefined || body.filterRoomTypes === null ? [] : body.filterRoomTypes;
      if (!Array.isArray(types) || !types.every((t) => typeof t === 'string' && ROOM_TYPES.includes(t)))
        throw new SimError('INVALID_ARGUMENT', 'filterRoomTypes: unknown room type');
      const matching = [...state.rooms.values()]
        .filter((r) => filterIds.size === 0 || filterIds.has(r.id))
        .filter((r) => types.length === 0 || types.includes(r.room.type ?? 'ROOM_TYPE_ROOM'))
        .sort((a, b) => a.order - b.order);
      const rooms: Record<string, AlfaviewRoom> = {};
      for (const r of matching.slice(offset, offset + limit)) rooms[r.id] = roomJson(r.room);
      reply(res, requestId, { rooms });
    },
    (body) =>
      Array.isArray(body.filterRoomIds) ? `ids=${body.filterRoomIds.map(String).sort().join(',')}` : `offset=${String(body.offset ?? 0)}`,
  );

  operation(
    'roomService/create',
    true,
    ({ body, requestId, token, res }) => {
      requireManage(token as AlfaviewSimToken);
      const room = validRoom(body.room, null);
      const count = [...state.rooms.values()].filter((r) => r.room.type === 'ROOM_TYPE_ROOM').length;
      if (room.type === 'ROOM_TYPE_ROOM' && count >= state.roomQuota) throw new SimError('OUT_OF_SLOTS_ROOMS', 'out of room slots');
      const id = newId();
      const stored: AlfaviewRoom = { ...room, createdAt: iso(now()), createdBy: (token as AlfaviewSimToken).userId };
      state.rooms.set(id, { id, room: stored, order: random() });
      reply(res, requestId, { roomId: id, room: roomJson(stored) });
    },
    (body) => (isRecord(body.room) ? String(body.room.displayName ?? '') : undefined),
  );

  operation(
    'roomService/update',
    true,
    ({ body, requestId, token, res }) => {
      requireManage(token as AlfaviewSimToken);
      const existing = state.rooms.get(String(body.roomId ?? ''));
      if (!existing) throw new SimError('ROOM_NOT_FOUND');
      const room = validRoom(body.room, existing.room);
      existing.room = { ...room, createdAt: existing.room.createdAt, createdBy: existing.room.createdBy };
      reply(res, requestId);
    },
    (body) => String(body.roomId ?? ''),
  );

  operation(
    'roomService/destroy',
    true,
    ({ body, requestId, token, res }) => {
      requireManage(token as AlfaviewSimToken);
      const id = String(body.roomId ?? '');
      if (!state.rooms.has(id)) throw new SimError('ROOM_NOT_FOUND');
      // Destroying a room also removes everyone in it, and its links stop working.
      state.rooms.delete(id);
      state.presence.delete(id);
      state.groupLinks = state.groupLinks.filter((l) => l.roomId !== id);
      reply(res, requestId);
    },
    (body) => String(body.roomId ?? ''),
  );

  operation(
    'roomService/status',
    true,
    ({ body, requestId, res }) => {
      const roomIds = ids(body.roomIds, 'roomIds');
      if (roomIds.length === 0) throw new SimError('INVALID_ARGUMENT', 'roomIds required');
      if (roomIds.length > MAX_STATUS_IDS) throw new SimError('INVALID_ARGUMENT', `at most ${MAX_STATUS_IDS} roomIds`);
      const rooms: Record<string, { users?: Record<string, AlfaviewRoomUser> }> = {};
      for (const id of roomIds) {
        if (!state.rooms.has(id)) continue; // unknown rooms are simply absent from the batch answer
        const users = state.presence.get(id);
        // protobuf-JSON: an empty map is omitted, as is a false boolean
        rooms[id] =
          users && Object.keys(users).length > 0 ? { users: JSON.parse(JSON.stringify(users)) as Record<string, AlfaviewRoomUser> } : {};
      }
      reply(res, requestId, { rooms });
    },
    (body) => (Array.isArray(body.roomIds) ? body.roomIds.map(String).sort().join(',') : undefined),
  );

  /* ---------- businessLogicService ---------- */
  operation('businessLogicService/permissionGroups/list', true, ({ requestId, res }) => {
    reply(res, requestId, {
      permissionGroups: JSON.parse(JSON.stringify(state.permissionGroups)) as Record<string, AlfaviewPermissionGroup>,
    });
  });

  /* ---------- guestService.v2 ---------- */
  operation(
    'guestService.v2/createGroupLinks',
    true,
    ({ body, requestId, token, res }) => {
      const roomId = String(body.roomId ?? '');
      const room = state.rooms.get(roomId);
      if (!room) throw new SimError('ROOM_NOT_FOUND');
      if (room.room.type !== 'ROOM_TYPE_ROOM') throw new SimError('ROOM_INVALID', 'room invalid: departments cannot be joined');
      const creations = body.groupLinkCreations;
      if (!Array.isArray(creations) || creations.length === 0) throw new SimError('INVALID_ARGUMENT', 'groupLinkCreations required');
      const created: AlfaviewGroupLink[] = [];
      for (const c of creations) {
        if (!isRecord(c)) throw new SimError('INVALID_ARGUMENT', 'groupLinkCreation must be an object');
        const groupId = String(c.permissionGroupId ?? '');
        if (!state.permissionGroups[groupId]) throw new SimError('INVALID_ARGUMENT', 'unknown permissionGroupId');
        const description = typeof c.description === 'string' ? c.description : '';
        const validFrom = c.validFrom === undefined ? now() : parseTime(c.validFrom);
        const validUntil = c.validUntil === undefined ? null : parseTime(c.validUntil);
        if (!validFrom || (c.validUntil !== undefined && !validUntil))
          throw new SimError('INVALID_ARGUMENT', 'validFrom/validUntil must be timestamps');
        if (validUntil && validUntil.getTime() <= Math.max(validFrom.getTime(), now().getTime()))
          throw new SimError('INVALID_ARGUMENT', 'validUntil must be in the future');
        const accessKey = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
        const link: AlfaviewGroupLink = {
          id: newId(),
          roomId,
          accessKey,
          joinLink: `${state.joinLinkHost}/#/join/${state.companyId}/${roomId}/${accessKey}/v2`,
          permissionGroupId: groupId,
          description,
          validFrom: iso(validFrom),
          ...(validUntil ? { validUntil: iso(validUntil) } : {}),
          createdAt: iso(now()),
          createdBy: (token as AlfaviewSimToken).userId,
        };
        created.push(link);
      }
      state.groupLinks.push(...created);
      reply(res, requestId, { groupLinks: created });
    },
    (body) => String(body.roomId ?? ''),
  );

  // The room's group links, every one created and not deleted (expired ones included: the caller filters).
  operation(
    'guestService.v2/listGroupLinks',
    true,
    ({ body, requestId, res }) => {
      const roomId = String(body.roomId ?? '');
      if (!state.rooms.has(roomId)) throw new SimError('ROOM_NOT_FOUND');
      const links = state.groupLinks.filter((l) => l.roomId === roomId);
      reply(res, requestId, { groupLinks: JSON.parse(JSON.stringify(links)) as AlfaviewGroupLink[] });
    },
    (body) => String(body.roomId ?? ''),
  );

  app.use('/json/v1', router);
  // Unknown service/method: what grpc-gateway answers.
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ code: 5, message: 'Not Found', details: [] });
  });
  // Unparseable JSON and handler bugs: a gRPC-style error instead of express's HTML page.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const parseFailure = isRecord(error) && (error.type === 'entity.parse.failed' || error.status === 400);
    res
      .status(parseFailure ? 400 : 500)
      .json({ code: parseFailure ? 3 : 13, message: parseFailure ? 'invalid JSON body' : 'internal error', details: [] });
  });

  const server = await listenOnLoopback(app, options.port);
  return { url: `${server.origin}/json/v1`, control, state, close: server.close };
}
