import http from 'node:http';
import https from 'node:https';
import { got, RequestError, type Got, type GotReturn, type Options, type Response } from 'got';
import type { Logger } from '../core/logger.js';
import type { ConnectionHealth } from './health.js';
import type { CallContext } from './request-memo.js';
import { ConnectionResilience, type BreakerSettings, type CallKind, type UpstreamObserver, type VendorRequest } from './resilience.js';
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
}

/** Keep-alive sockets shared by every vendor client: fan-out to five vendors should not pay five handshakes per call. */
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 32 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 32 }),
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
function describe(options: Options): VendorRequest {
  const ctx = options.context as Record<string, unknown>;
  const method = options.method.toUpperCase();
  const kind: CallKind = ctx.kind === 'read' || ctx.kind === 'write' ? ctx.kind : method === 'GET' || method === 'HEAD' ? 'read' : 'write';
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

/** The options of one attempt: the same request again, on its own abort signal (got memoizes a request's promise). */
function attemptOptions(options: Options, signal: AbortSignal) {
  const headers = { ...options.headers };
  delete headers['content-length'];
  return {
    prefixUrl: '',
    method: options.method,
    headers,
    ...(options.json !== undefined ? { json: options.json } : {}),
    ...(options.form !== undefined ? { form: options.form } : {}),
    ...(options.body !== undefined ? { body: options.body as string } : {}),
    responseType: 'text' as const,
    context: options.context,
    followRedirect: options.followRedirect,
    signal,
  };
}

/**
 * The got instance every vendor client builds on. HTTP errors do not throw (each client reads its vendor's
 * error envelope itself). Every request goes through the connection's resilience layer (datasources/resilience.ts):
 * timeout, circuit breaker, retries of reads only. Headers and bodies are never logged; the logger handed in
 * is already bound to the connection's `vendor` and `connectionId`.
 */
export function createHttpClient(options: HttpClientOptions): Got {
  const { source, logger, health, observer } = options;
  const prefixUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const resilience = new ConnectionResilience({
    source,
    logger,
    health,
    observer,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    breaker: { ...DEFAULT_BREAKER_SETTINGS, ...options.breaker },
  });
  const base = got.extend({
    prefixUrl,
    headers: { 'user-agent': 'meetgraph', ...options.headers },
    retry: { limit: 0 },
    throwHttpErrors: false,
    agent: agents,
  });
  return base.extend({
    handlers: [
      <T extends GotReturn>(request: Options, next: (options: Options) => T): T | Promise<T> => {
        const url = request.url;
        if (request.isStream || !url) return next(request);
        // Every client reads `responseType: 'text'` and awaits the response: a plain promise of it is what they use.
        const attempt = (signal: AbortSignal) => base(url, attemptOptions(request, signal)) as Promise<Response<string>>;
        const run = (): Promise<Response<string>> => resilience.run(describe(request), attempt);
        // The connection's `rateLimit` is taken once per call, before its attempts.
        return (options.gate ? options.gate().then(run) : run()) as unknown as Promise<T>;
      },
    ],
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
