import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { DateTime } from 'luxon';
import {
  listenOnLoopback,
  seededRandom,
  SimulatorControl,
  simulatorApp,
  type RunningSimulator,
  type SimulatorOptions,
} from '../simulator-kit.js';
import { formatAlpemixDate } from './mapper.js';
import type { AlpemixConnection, AlpemixDay } from './types.js';

/**
 * A real HTTP server speaking the Alpemix Web API (docs/vendors/alpemix.md, vendor page
 * https://www.alpemix.com/webapi/login.htm): one POST endpoint, the two-step token, token bound to the caller's IP and valid one
 * day on the simulator clock, the error numbers with HTTP 200, and the vendor's limits enforced exactly:
 * more than 5 token requests a minute → 204 and the IP blocked for a while; more than 3 report requests a
 * minute → 205. Data: seeded connections around the clock's "now", served for today and yesterday only.
 */
export const ALPEMIX_SANDBOX_CREDENTIALS = Object.freeze({ mainUsername: 'sandbox.support', secretKey: 'alpemix-sandbox-secret-7f3a9c' });

export interface AlpemixSimulatorOptions extends SimulatorOptions {
  /** Zone the vendor writes `dt` in and counts days in (default Europe/Istanbul). */
  timezone?: string;
  /** How long an IP stays blocked after exceeding the token limit (default 5 min; the doc says "a certain period"). */
  blockMs?: number;
}

/** One connection as the simulator stores it; rendered to the wire shape on each request. */
export interface AlpemixSimConnection {
  uid: string;
  startedAt: Date;
  durationSeconds: number;
  dir: 0 | 1;
  exp: string;
  supnum: string;
  uname: string;
  ip: string;
  lip: string;
  unum: string;
  aid: string;
  tuname: string;
  tip: string;
  tlip: string;
  tunum: string;
  taid: string;
}

interface IssuedToken {
  mainUsername: string;
  ip: string;
  issuedAt: number;
  /** Withdrawn by the vendor: still known, no longer valid (→ 203). */
  revoked: boolean;
}

const MINUTE_MS = 60_000;
const TOKEN_VALID_MS = 24 * 60 * 60 * 1000;
const TOKEN_LIMIT = 5;
const REPORT_LIMIT = 3;
/** Doc 104: "not in secure format" — the simulator's reading: printable, no spaces or quotes, sane length. */
const SECURE_FORMAT = /^[A-Za-z0-9._@+-]{3,128}$/;

export class AlpemixSimulatorState {
  readonly accounts = new Map<string, { secretKey: string; connections: AlpemixSimConnection[] }>();
  readonly tokens = new Map<string, IssuedToken>();
  /** Request times per caller IP within the last minute (the vendor limits per IP). */
  readonly tokenRequests = new Map<string, number[]>();
  readonly reportRequests = new Map<string, number[]>();
  readonly blockedUntil = new Map<string, number>();
  /** When set, every request appears to come from this IP: simulates the caller's IP changing (→ 201). */
  callerIp: string | null = null;
  /** Send `dt` exactly as the doc prints it (`22\08\2024` unescaped, i.e. invalid JSON escapes). */
  unescapedBackslashes = false;
  /** The duration key: the doc's sample really writes `"dur:"`; `dur` for the variant. */
  durationKey: 'dur:' | 'dur' = 'dur:';
  /** The sandbox account's generated connections; topped up to the clock before each report. */
  demo: AlpemixDemoData | null = null;

  constructor(
    readonly clock: () => Date,
    readonly timezone: string,
    public blockMs: number,
  ) {}

  /** Every issued token is now older than one day (→ 202). */
  expireTokens(): void {
    for (const token of this.tokens.values()) token.issuedAt = this.clock().getTime() - TOKEN_VALID_MS - 1000;
  }

  /** The vendor withdraws every token it issued: it still knows them but they are "not valid" (→ 203). */
  invalidateTokens(): void {
    for (const token of this.tokens.values()) token.revoked = true;
  }

  /**
   * The vendor forgets every token (a restart, a purge): a token it does not know is "entered incorrectly" (→ 106).
   * Guess: the page does not say whether an unknown token is 106 or 203; the simulator answers 106 so the client's
   * handling of both is exercised.
   */
  forgetTokens(): void {
    this.tokens.clear();
  }

  /** Forgets the rate windows and blocks (between tests). */
  resetLimits(): void {
    this.tokenRequests.clear();
    this.reportRequests.clear();
    this.blockedUntil.clear();
  }

  addConnection(connection: AlpemixSimConnection, mainUsername: string = ALPEMIX_SANDBOX_CREDENTIALS.mainUsername): void {
    this.accounts.get(mainUsername)?.connections.push(connection);
  }

  /** The day's connections of an account as the vendor sends them: newest first, `dt` in the vendor's zone. */
  report(mainUsername: string, day: AlpemixDay): AlpemixConnection[] {
    this.demo?.topUp(this.clock());
    const now = DateTime.fromJSDate(this.clock(), { zone: this.timezone });
    const startToday = now.startOf('day');
    const [from, to] = day === 'today' ? [startToday, now] : [startToday.minus({ days: 1 }), startToday.minus({ milliseconds: 1 })];
    const connections = this.accounts.get(mainUsername)?.connections ?? [];
    return connections
      .filter((c) => c.startedAt.getTime() >= from.toMillis() && c.startedAt.getTime() <= to.toMillis())
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.uid < b.uid ? 1 : -1))
      .map((c) => this.wire(c));
  }

  private wire(c: AlpemixSimConnection): AlpemixConnection {
    return {
      uid: c.uid,
      dt: formatAlpemixDate(c.startedAt, this.timezone),
      [this.durationKey]: c.durationSeconds,
      dir: c.dir,
      exp: c.exp,
      supnum: c.supnum,
      uname: c.uname,
      ip: c.ip,
      lip: c.lip,
      unum: c.unum,
      aid: c.aid,
      tuname: c.tuname,
      tip: c.tip,
      tlip: c.tlip,
      tunum: c.tunum,
      taid: c.taid,
    };
  }

  /** Counts a request in the caller's one-minute window and returns how many it now holds. */
  count(windows: Map<string, number[]>, ip: string): number {
    const now = this.clock().getTime();
    const recent = (windows.get(ip) ?? []).filter((t) => t > now - MINUTE_MS);
    recent.push(now);
    windows.set(ip, recent);
    return recent.length;
  }
}

const AGENTS = [
  { uname: 'ayse.demir', aid: '812345670', unum: 'SUP-PC-01', ip: '85.105.12.34', lip: '192.168.10.21' },
  { uname: 'mehmet.kaya', aid: '812345671', unum: 'SUP-PC-02', ip: '85.105.12.34', lip: '192.168.10.22' },
  { uname: 'elif.sahin', aid: '812345672', unum: 'SUP-LT-07', ip: '78.186.40.9', lip: '10.0.0.14' },
];
const TARGETS = [
  { tuname: 'muhasebe-pc', taid: '905512340', tunum: 'ACC-PC-3', tip: '88.247.101.5', tlip: '192.168.1.30' },
  { tuname: 'reception', taid: '905512341', tunum: 'FRONT-1', tip: '88.247.101.5', tlip: '192.168.1.12' },
  { tuname: 'depo-laptop', taid: '905512342', tunum: 'WH-LT-2', tip: '176.88.3.77', tlip: '172.16.0.8' },
  { tuname: 'CEO-MacBook', taid: '905512343', tunum: 'MAC-CEO', tip: '95.70.200.14', tlip: '192.168.0.101' },
  { tuname: 'kasa-2', taid: '905512344', tunum: 'POS-02', tip: '31.223.9.120', tlip: '192.168.5.2' },
];
const SUPPORT_NOTES = [
  'Printer driver reinstalled',
  'E-posta hesabı yeniden kuruldu',
  'VPN client configured',
  'ERP update applied',
  'Outlook profile repaired',
  'Yazıcı kuyruğu temizlendi',
  'Antivirus license renewed',
  '',
];
const PRESENTATION_NOTES = ['Sunum: aylık satış raporu', 'Training: new invoicing screen', 'Demo of the ticket portal'];

/** Minutes until the next connection: office hours are busy, nights quiet. */
function gapMinutes(random: () => number, at: number, timezone: string): number {
  const hour = DateTime.fromMillis(at, { zone: timezone }).hour;
  return hour >= 8 && hour < 20 ? 20 + random() * 70 : 90 + random() * 180;
}

/**
 * Deterministic demo connections: seeded from three days back up to the clock's now (the vendor serves only the
 * last two days), then topped up as the clock moves on, so a long-running sandbox keeps getting new connections.
 */
export class AlpemixDemoData {
  private readonly random: () => number;
  private lastUid: number;
  /** When the next generated connection starts. */
  private nextAt: number;

  constructor(
    private readonly timezone: string,
    seed: number,
    now: Date,
    size: number,
    readonly connections: AlpemixSimConnection[],
  ) {
    this.random = seededRandom(seed);
    const stopAt = DateTime.fromJSDate(now, { zone: timezone }).startOf('day').minus({ days: 2 }).toMillis();
    this.lastUid = 48_120_000 + size;
    let uid = this.lastUid;
    let at = now.getTime() - Math.round((10 + this.random() * 30) * MINUTE_MS);
    this.nextAt = at + Math.round(gapMinutes(this.random, at, timezone) * MINUTE_MS);
    for (let n = 0; n < size && at > stopAt; n++) {
      connections.push(this.connection(at, String(uid--)));
      at -= Math.round(gapMinutes(this.random, at, timezone) * MINUTE_MS);
    }
  }

  /** Adds the connections that "happened" between the last top-up and `now` (idempotent for one clock value). */
  topUp(now: Date): void {
    // a clock jumped far ahead only needs the last three days
    if (this.nextAt < now.getTime() - 3 * 24 * 60 * MINUTE_MS) this.nextAt = now.getTime() - 3 * 24 * 60 * MINUTE_MS;
    while (this.nextAt <= now.getTime()) {
      const at = this.nextAt;
      this.connections.push(this.connection(at, String(++this.lastUid)));
      this.nextAt = at + Math.round(gapMinutes(this.random, at, this.timezone) * MINUTE_MS);
    }
  }

  private connection(at: number, uid: string): AlpemixSimConnection {
    const random = this.random;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const dir: 0 | 1 = random() < 0.2 ? 1 : 0;
    return {
      uid,
      startedAt: new Date(Math.floor(at / 1000) * 1000),
      durationSeconds: dir === 1 ? 600 + Math.floor(random() * 2400) : 45 + Math.floor(random() * 1800),
      dir,
      exp: dir === 1 ? pick(PRESENTATION_NOTES) : pick(SUPPORT_NOTES),
      supnum: random() < 0.7 ? `SUP-${10_000 + Math.floor(random() * 90_000)}` : '',
      ...pick(AGENTS),
      ...pick(TARGETS),
    };
  }
}

function intOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number.NaN;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  if (value === undefined || value === null || value === '') return null;
  return Number.NaN;
}

function callerIp(req: Request, state: AlpemixSimulatorState): string {
  const raw = state.callerIp ?? req.socket.remoteAddress ?? 'unknown';
  return raw.startsWith('::ffff:') ? raw.slice(7) : raw;
}

function body(req: Request): Record<string, unknown> {
  return req.body !== null && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
}

function operationOf(req: Request): string {
  const step = intOf(body(req).stepnumber);
  return step === 1 ? 'token' : step === 2 ? 'report' : 'invalid';
}

function detailOf(req: Request): string | undefined {
  const b = body(req);
  if (intOf(b.stepnumber) !== 2) return undefined;
  const n = intOf(b.requestnumber);
  if (n === 2) return 'yesterday';
  if (n === 1) {
    const last = intOf(b.lastxconnection) ?? 0;
    return last > 0 ? `today:last${last}` : 'today';
  }
  return `requestnumber:${String(b.requestnumber)}`;
}

export async function startAlpemixSimulator(options: AlpemixSimulatorOptions = {}): Promise<RunningSimulator<AlpemixSimulatorState>> {
  const control = new SimulatorControl(options);
  const clock = (): Date => control.now();
  const timezone = options.timezone ?? 'Europe/Istanbul';
  const state = new AlpemixSimulatorState(clock, timezone, options.blockMs ?? 5 * MINUTE_MS);
  const connections: AlpemixSimConnection[] = [];
  state.demo = new AlpemixDemoData(timezone, options.seed ?? 7, clock(), options.size ?? 60, connections);
  state.accounts.set(ALPEMIX_SANDBOX_CREDENTIALS.mainUsername, { secretKey: ALPEMIX_SANDBOX_CREDENTIALS.secretKey, connections });

  const send = (res: Response, payload: Record<string, unknown>): void => {
    // Errors, like successes, come back with HTTP 200 (doc: "errornumber will be a non-zero value").
    const text = JSON.stringify(payload);
    res
      .status(200)
      .type('application/json')
      .send(state.unescapedBackslashes ? text.replace(/\\\\/g, '\\') : text);
  };

  const handle = (req: Request, res: Response): void => {
    const now = clock().getTime();
    const ip = callerIp(req, state);
    if ((state.blockedUntil.get(ip) ?? 0) > now) return send(res, { errornumber: 204 });
    const b = body(req);
    const step = intOf(b.stepnumber);
    if (step === null) return send(res, { errornumber: 100 });
    if (step !== 1 && step !== 2) return send(res, { errornumber: 101 });

    if (step === 1) {
      // "a maximum of 5 requests can be sent within 1 minute ... the IP address ... is blocked"
      if (state.count(state.tokenRequests, ip) > TOKEN_LIMIT) {
        state.blockedUntil.set(ip, now + state.blockMs);
        return send(res, { errornumber: 204 });
      }
      const { secretkey, mainusername } = b;
      if (
        typeof secretkey !== 'string' ||
        typeof mainusername !== 'string' ||
        !SECURE_FORMAT.test(secretkey) ||
        !SECURE_FORMAT.test(mainusername)
      ) {
        return send(res, { errornumber: 104 });
      }
      const account = state.accounts.get(mainusername);
      if (!account) return send(res, { errornumber: 200 });
      if (account.secretKey !== secretkey) return send(res, { errornumber: 102 });
      const accesstoken = randomBytes(24).toString('hex');
      state.tokens.set(accesstoken, { mainUsername: mainusername, ip, issuedAt: now, revoked: false });
      return send(res, { errornumber: 0, accesstoken });
    }

    // step 2: "To get a connection report, a maximum of 3 requests can be sent within 1 minute."
    if (state.count(state.reportRequests, ip) > REPORT_LIMIT) return send(res, { errornumber: 205 });
    const { accesstoken } = b;
    if (typeof accesstoken !== 'string' || accesstoken === '') return send(res, { errornumber: 106 });
    const token = state.tokens.get(accesstoken);
    if (!token) return send(res, { errornumber: 106 });
    if (token.revoked) return send(res, { errornumber: 203 });
    if (now - token.issuedAt >= TOKEN_VALID_MS) return send(res, { errornumber: 202 });
    if (token.ip !== ip) return send(res, { errornumber: 201 });
    const requestnumber = intOf(b.requestnumber);
    if (requestnumber === null) return send(res, { errornumber: 107 });
    if (requestnumber !== 1 && requestnumber !== 2) return send(res, { errornumber: 106 });
    let results = state.report(token.mainUsername, requestnumber === 1 ? 'today' : 'yesterday');
    if (requestnumber === 1) {
      const last = intOf(b.lastxconnection) ?? 0;
      if (!Number.isInteger(last) || last < 0) return send(res, { errornumber: 106 });
      if (last > 0) results = results.slice(0, last);
    }
    return send(res, { errornumber: 0, results });
  };

  const app = simulatorApp();
  app.post('/api', control.route(operationOf, handle, detailOf));
  // A body that is not JSON never reaches a step: the vendor cannot read a stepnumber from it.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const parseFailed = (error as { type?: string } | null)?.type === 'entity.parse.failed';
    res.status(200).json({ errornumber: parseFailed ? 100 : 103 });
  });
  const server = await listenOnLoopback(app, options.port);
  return { url: `${server.origin}/api`, control, state, close: server.close };
}
