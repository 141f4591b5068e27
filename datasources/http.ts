import http from 'node:http';
import https from 'node:https';
import { got, RequestError, TimeoutError, type Got } from 'got';
import type { Logger } from '../src/logger.js';
import type { ConnectionHealth } from './health.js';
import { VendorError, VendorTimeoutError, VendorUnavailableError, type VendorErrorSource } from './vendor-errors.js';

/** One upstream call as observed by the shared client: what metrics and tests count. */
export interface UpstreamCall {
  vendor: string;
  connectionId: string;
  operation: string;
  status: number | 'error';
  durationMs: number;
}

export type UpstreamObserver = (call: UpstreamCall) => void;

export interface HttpClientOptions {
  source: VendorErrorSource;
  baseUrl: string;
  logger: Logger;
  health: ConnectionHealth;
  timeoutMs?: number;
  headers?: Record<string, string>;
  observer?: UpstreamObserver;
}

/** Keep-alive sockets shared by every vendor client: fan-out to five vendors should not pay five handshakes per call. */
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 32 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 32 }),
};

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The got instance every vendor client builds on. HTTP errors do not throw (each client reads its vendor's
 * error envelope itself); retries are off here because re-sending a write is a vendor-specific decision.
 * Each request names its `context.operation`, which logs and metrics use instead of the URL (query strings
 * may carry ids a log should not collect). Headers and bodies are never logged.
 */
export function createHttpClient(options: HttpClientOptions): Got {
  const { source, logger, health, observer } = options;
  const prefixUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  return got.extend({
    prefixUrl,
    headers: { 'user-agent': 'meetgraph', ...options.headers },
    timeout: { request: options.timeoutMs ?? DEFAULT_TIMEOUT_MS },
    retry: { limit: 0 },
    throwHttpErrors: false,
    agent: agents,
    hooks: {
      beforeRequest: [
        (req) => {
          req.context.startedAt = performance.now();
        },
      ],
      afterResponse: [
        (response) => {
          const ctx = response.request.options.context;
          const durationMs = Math.round(performance.now() - Number(ctx.startedAt ?? performance.now()));
          const operation = String(ctx.operation ?? 'unknown');
          if (response.statusCode >= 500 || response.statusCode === 429) health.recordFailure(response.statusCode === 429 ? 'VENDOR_RATE_LIMITED' : 'VENDOR_UNAVAILABLE', durationMs);
          else health.recordSuccess(durationMs);
          observer?.({ ...source, operation, status: response.statusCode, durationMs });
          logger.debug({ vendor: source.vendor, connectionId: source.connectionId, operation, status: response.statusCode, durationMs, requestId: ctx.requestId }, 'upstream call');
          return response;
        },
      ],
      beforeError: [
        (error) => {
          const ctx = error.options?.context ?? {};
          const durationMs = Math.round(performance.now() - Number(ctx.startedAt ?? performance.now()));
          const operation = String(ctx.operation ?? 'unknown');
          health.recordFailure(error instanceof TimeoutError ? 'VENDOR_TIMEOUT' : 'VENDOR_UNAVAILABLE', durationMs);
          observer?.({ ...source, operation, status: 'error', durationMs });
          logger.warn({ vendor: source.vendor, connectionId: source.connectionId, operation, error: error.code, durationMs, requestId: ctx.requestId }, 'upstream call failed');
          return error;
        },
      ],
    },
  });
}

/**
 * Turns a transport failure (timeout, refused connection, reset) into the unified family. The message names
 * the failure class only: got's own messages include the URL, which may carry query parameters.
 */
export function transportError(source: VendorErrorSource, error: unknown): VendorError {
  if (error instanceof VendorError) return error;
  if (error instanceof TimeoutError) return new VendorTimeoutError(source, `${source.vendor} did not answer in time.`);
  if (error instanceof RequestError) return new VendorUnavailableError(source, `${source.vendor} could not be reached (${error.code}).`, { upstreamStatus: error.code });
  return new VendorUnavailableError(source, `${source.vendor} call failed.`);
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), or null. */
export function retryAfterSeconds(header: string | string[] | undefined, now: Date = new Date()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
