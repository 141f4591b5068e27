import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/**
 * Shared machinery for the vendor simulators: a real HTTP server on loopback, per-operation call counting,
 * injected faults, latency and an injectable clock. Each vendor's simulator.ts adds its contract on top.
 */
export interface SimulatorOptions {
  /** Added before every answer. */
  latencyMs?: number;
  /** The simulator's "now": token expiry, rate windows and seeded dates follow it. */
  clock?: () => Date;
  /** Seed for the deterministic demo data. */
  seed?: number;
  /** How much demo data to seed (vendor-specific meaning, e.g. number of meetings). */
  size?: number;
  port?: number;
}

export type FaultAction =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Holds the request this long before answering normally: for client timeouts. */
  | { kind: 'delay'; delayMs: number }
  /** Destroys the socket without an answer. */
  | { kind: 'reset' }
  /** Never answers: the request stays open until the client gives up (a hung vendor). */
  | { kind: 'hang' }
  /** Carries the call out (a create creates), then destroys the socket instead of answering: a lost answer. */
  | { kind: 'lose-answer' }
  /** Answers `status` (default 200) labelled JSON with a body cut off mid-way. */
  | { kind: 'malformed-json'; status?: number }
  /** Answers `status` (default 200) with an HTML error page, as a proxy or load balancer in front of a vendor does. */
  | { kind: 'html'; status?: number };

export interface FaultRule {
  /** The simulator's operation name (e.g. `list_sessions`, `roomService/status`), or '*' for every operation. */
  operation: string;
  action: FaultAction;
  /** How many calls it hits; unlimited when absent. */
  times?: number;
  /** Only calls whose recorded detail (the resource asked, see `route`) is this one. */
  detail?: string;
  /** Lets this many matching calls through first (a write's read-back fails, not the read before it). */
  skip?: number;
}

/** What an `html` fault answers: a typical gateway error page. */
export const FAULT_HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
/** What a `malformed-json` fault answers: JSON cut off mid-way. */
export const FAULT_BROKEN_JSON = '{"status": true, "data": [{"id": "1", "title": "cut of';

export class SimulatorControl {
  private readonly counts = new Map<string, number>();
  private faults: Array<FaultRule & { left: number; skipLeft: number }> = [];
  /** Every call in arrival order; `answeredAt` once its answer was handed to the socket (routed calls). */
  readonly log: Array<{ operation: string; at: Date; detail?: string; answeredAt?: Date }> = [];

  constructor(readonly options: SimulatorOptions) {}

  now(): Date {
    return this.options.clock ? this.options.clock() : new Date();
  }

  /** Calls received for one operation, or for all when no name is given. */
  calls(operation?: string): number {
    if (operation === undefined) return [...this.counts.values()].reduce((a, b) => a + b, 0);
    return this.counts.get(operation) ?? 0;
  }

  /** Calls received per operation detail (e.g. `list_sessions` per meeting_id), to prove nothing is asked twice. */
  details(operation: string): string[] {
    return this.log.filter((l) => l.operation === operation).map((l) => l.detail ?? '');
  }

  resetCalls(): void {
    this.counts.clear();
    this.log.length = 0;
  }

  inject(rule: FaultRule): void {
    this.faults.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY, skipLeft: rule.skip ?? 0 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  record(operation: string, detail?: string): (typeof this.log)[number] {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    const entry: (typeof this.log)[number] = { operation, at: this.now(), detail };
    this.log.push(entry);
    return entry;
  }

  takeFault(operation: string, detail?: string): FaultAction | null {
    const rule = this.faults.find(
      (f) => (f.operation === operation || f.operation === '*') && (f.detail === undefined || f.detail === detail) && f.left > 0,
    );
    if (!rule) return null;
    if (rule.skipLeft > 0) {
      rule.skipLeft -= 1;
      return null;
    }
    rule.left -= 1;
    return rule.action;
  }

  /**
   * Wraps a route handler: counts the call, waits the configured latency, applies an injected fault if one
   * matches, else runs the handler. `detail` names the resource asked (for "asked once" assertions).
   */
  route(
    operation: string | ((req: Request) => string),
    handler: (req: Request, res: Response) => void | Promise<void>,
    detail?: (req: Request) => string | undefined,
  ) {
    return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        const op = typeof operation === 'function' ? operation(req) : operation;
        const asked = detail?.(req);
        const entry = this.record(op, asked);
        // When the answer left, so a benchmark can tell the vendor's own time from its caller's.
        res.once('finish', () => {
          entry.answeredAt = this.now();
        });
        if (this.options.latencyMs) await sleep(this.options.latencyMs);
        const fault = this.takeFault(op, asked);
        if (fault?.kind === 'reset') {
          req.socket.destroy();
          return;
        }
        if (fault?.kind === 'hang') return;
        if (fault?.kind === 'malformed-json' || fault?.kind === 'html') {
          const html = fault.kind === 'html';
          res
            .status(fault.status ?? 200)
            .type(html ? 'text/html' : 'application/json')
            .send(html ? FAULT_HTML_PAGE : FAULT_BROKEN_JSON);
          return;
        }
        if (fault?.kind === 'lose-answer') {
          // The handler runs to the end (the vendor did the work); only its answer never arrives.
          res.end = ((..._args: unknown[]) => {
            req.socket.destroy();
            return res;
          }) as Response['end'];
        }
        if (fault?.kind === 'status') {
          res.status(fault.status).set(fault.headers ?? {});
          if (fault.body === undefined) res.end();
          else res.json(fault.body);
          return;
        }
        if (fault?.kind === 'delay') await sleep(fault.delayMs);
        await handler(req, res);
      } catch (error) {
        next(error);
      }
    };
  }
}

export interface RunningSimulator<State = unknown> {
  /** The base URL a connection's `baseUrl` points at. */
  url: string;
  control: SimulatorControl;
  state: State;
  close(): Promise<void>;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A JSON-and-form-body express app; parse failures answer 400 rather than crashing the simulator. */
export function simulatorApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false }));
  return app;
}

/** Starts `app` on 127.0.0.1 and returns its origin (`http://127.0.0.1:PORT`). */
export async function listenOnLoopback(app: Express, port = 0): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Deterministic pseudo-random numbers (mulberry32) for seeded demo data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic UUID-shaped id from a seeded generator. */
export function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
