import http from 'node:http';
import https from 'node:https';
import { got, RequestError, type Got, type Method, type Response } from 'got';
import type { Logger } from '../core/logger.js';
import type { ConnectionHealth } from './health.js';
import type { CallContext } from './request-memo.js';
import {
  ConnectionResilience,
  type BreakerSettings,
  type CallKind,
  type PendingAttempt,
  type UpstreamObserver,
  type VendorRequest,
} from './resilience.js';
import { VendorError, VendorUnavailableError, type VendorErrorSource } from './vendor-errors.js';

export { retryAfterSeconds, type CallKind, type UpstreamCall, type UpstreamObserver } from './resilience.js';

export interface HttpClientOptions {
  source: VendorErrorSource;
  baseUrl: string;
  logger: Logger;
  health: ConnectionHealth;
  timeoutMs?: number;
  breaker?: Partial<BreakerSettings>;
  headers?: Record<string, string>;
  observer?: UpstreamObserver;
  /** Awaited before every call (the connection's `rateLimit`); may throw a VendorError to refuse it unsent. */
  gate?: () => Promise<void>;
  /** Calls in flight to this connection's vendor at once (datasources/concurrency.ts); unbounded when absent. */
  maxConcurrency?: number;
}

/**
 * Keep-alive sockets shared by every vendor client: fan-out to five vendors should not pay five handshakes per
 * call. No socket cap per host here: each connection's own `maxConcurrency` bounds its calls in flight, and a
 * cap shared by every connection to one host would silently lower theirs.
 */
const agents = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true }),
};

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_BREAKER_SETTINGS: BreakerSettings = { failures: 5, cooldownMs: 30_000 };

/**
 * What a vendor client puts in got's `context` for every request: its operation name (logs and metrics use it
 * instead of the URL, whose query may carry ids), whether it is a read or a write (only reads are retried; a
 * write whose fate is unknown says so), and the GraphQL request's call context (deadline, vendor-call cap).
 */
export function vendorRequest(
  call: CallContext,
  operation: string,
  kind: CallKind,
  extra: Partial<VendorRequest> & Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...extra, operation, kind, call, requestId: call.requestId };
}

/** The declaration a request carries; undeclared requests count as writes unless their method is GET/HEAD. */
function describe(method: string, ctx: Record<string, unknown>): VendorRequest {
  const upper = method.toUpperCase();
  const kind: CallKind = ctx.kind === 'read' || ctx.kind === 'write' ? ctx.kind : upper === 'GET' || upper === 'HEAD' ? 'read' : 'write';
  return {
    operation: String(ctx.operation ?? 'unknown'),
    kind,
    call: isCallContext(ctx.call) ? ctx.call : undefined,
    noRetry: ctx.noRetry === true,
    lenientJson: ctx.lenientJson === true,
  };
}

function isCallContext(value: unknown): value is CallContext {
  return typeof value === 'object' && value !== null && 'vendorCalls' in value && 'deadline' in value;
}

/** What a vendor client passes for one call: the per-call parts only (the connection's defaults are set once). */
export interface VendorCallOptions {
  method?: Method;
  /** `''` when `url` is absolute (a feed URL, Alpemix's single endpoint). */
  prefixUrl?: string;
  searchParams?: Record<string, string> | URLSearchParams;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  body?: string;
  /** Every client reads the body as text and parses it itself. */
  responseType?: 'text';
  /** Built with `vendorRequest`: operation, read/write, the request's call context. */
  context: Record<string, unknown>;
}

/** The HTTP client a vendor client holds: one call in, one text response out, through the connection's resilience. */
export interface VendorHttp {
  (url: string, options: VendorCallOptions): Promise<Response<string>>;
  post(url: string, options: Omit<VendorCallOptions, 'method'>): Promise<Response<string>>;
}

/**
 * The HTTP client of one connection. HTTP errors do not throw (each client reads its vendor's error envelope
 * itself). Every request goes through the connection's resilience layer (datasources/resilience.ts): a slot
 * among the vendor's tolerated calls in flight (datasources/concurrency.ts), timeout, circuit breaker, retries
 * of reads only. Headers and bodies are never logged; the logger handed in is already bound to the
 * connection's `vendor` and `connectionId`.
 *
 * One got instance per connection, its defaults (base URL, agents, user agent, no got retries) built once: a
 * call hands got only its own method, URL, headers and body, with no per-call `extend` or handler chain.
 */
export function createHttpClient(options: HttpClientOptions): VendorHttp {
  const { source, logger, health, observer } = options;
  const prefixUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const resilience = new ConnectionResilience({
    source,
    logger,
    health,
    observer,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    breaker: { ...DEFAULT_BREAKER_SETTINGS, ...options.breaker },
    maxInFlight: options.maxConcurrency,
  });
  const instance: Got = got.extend({
    prefixUrl,
    headers: { 'user-agent': 'meetgraph', ...options.headers },
    retry: { limit: 0 },
    throwHttpErrors: false,
    agent: agents,
    responseType: 'text',
  });
  const call = (url: string, callOptions: VendorCallOptions): Promise<Response<string>> => {
    const method = callOptions.method ?? 'GET';
    const { context } = callOptions;
    // Each attempt is a new got request (got memoizes a request's promise), cancelled by the resilience
    // layer's timer if it runs too long.
    const attempt = (): PendingAttempt =>
      instance(url, {
        method,
        ...(callOptions.prefixUrl !== undefined ? { prefixUrl: callOptions.prefixUrl } : {}),
        ...(callOptions.searchParams !== undefined ? { searchParams: callOptions.searchParams } : {}),
        ...(callOptions.headers !== undefined ? { headers: callOptions.headers } : {}),
        ...(callOptions.json !== undefined ? { json: callOptions.json } : {}),
        ...(callOptions.form !== undefined ? { form: callOptions.form } : {}),
        ...(callOptions.body !== undefined ? { body: callOptions.body } : {}),
        responseType: 'text',
        context,
      }) as PendingAttempt;
    const run = (): Promise<Response<string>> => resilience.run(describe(method, context), attempt);
    // The connection's `rateLimit` is taken once per call, before its attempts.
    return options.gate ? options.gate().then(run) : run();
  };
  return Object.assign(call, {
    post: (url: string, callOptions: Omit<VendorCallOptions, 'method'>) => call(url, { ...callOptions, method: 'POST' }),
  });
}

/**
 * Turns a transport failure (timeout, refused connection, reset) into the unified family. The message names
 * the failure class only: got's own messages include the URL, which may carry query parameters.
 */
export function transportError(source: VendorErrorSource, error: unknown): VendorError {
  if (error instanceof VendorError) return error;
  if (error instanceof RequestError) {
    return new VendorUnavailableError(source, `${source.vendor} could not be reached (${error.code}).`, { upstreamStatus: error.code });
  }
  return new VendorUnavailableError(source, `${source.vendor} call failed.`);
}
