import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  circuitBreaker,
  fullJitterGenerator,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { CancelError, RequestError, type Response } from 'got';
import type { Logger } from '../core/logger.js';
import type { ConnectionHealth } from './health.js';
import { Slots } from './concurrency.js';
import { timeLeft, type CallContext } from './request-memo.js';
import { responseJson } from './response-json.js';
import {
  VendorCallLimitError,
  VendorError,
  VendorTimeoutError,
  VendorUnavailableError,
  vendorGarbageError,
  type VendorErrorSource,
} from './vendor-errors.js';

/** Whether a vendor request may change something at the vendor. Only reads are ever retried. */
export type CallKind = 'read' | 'write';

/** What a vendor client declares about one request (got's `context`), built with `vendorRequest`. */
export interface VendorRequest {
  operation: string;
  kind: CallKind;
  call?: CallContext;
  /** The vendor contract says this read is safe to repeat, but it costs something scarce (Alpemix's budget): never retried. */
  noRetry?: boolean;
  /** The vendor's JSON needs the client's own lenient parsing (Alpemix's backslash dates): skip the strict garbage check. */
  lenientJson?: boolean;
}

/** One upstream call as observed by the shared client: what metrics and tests count. */
export interface UpstreamCall {
  vendor: string;
  connectionId: string;
  operation: string;
  status: number | 'error';
  durationMs: number;
}

export type UpstreamObserver = (call: UpstreamCall) => void;

export interface BreakerSettings {
  failures: number;
  cooldownMs: number;
}

export interface ResilienceOptions {
  source: VendorErrorSource;
  logger: Logger;
  health: ConnectionHealth;
  observer?: UpstreamObserver;
  timeoutMs: number;
  breaker: BreakerSettings;
  /** Attempts per read, the first included. */
  maxAttempts?: number;
  /** meetgraph's clock (epoch ms) for the retry budget. */
  now?: () => number;
  /** Calls in flight to the vendor at once, across requests (datasources/concurrency.ts); unbounded when absent. */
  maxInFlight?: number;
}

/** Attempts per safe read: the first and two retries. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/**
 * Statuses after which a read is worth repeating: the vendor or a proxy in front of it is briefly unwell. Not 504
 * and not a timeout: the vendor already had its time (and alfaview reissues its own "deadline exceeded" once).
 */
const RETRY_STATUSES = new Set([429, 502, 503]);
/** Transport failures that prove nothing reached the vendor: a write failing this way was not carried out. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/** A Retry-After longer than this is not waited for: the caller gets the rate-limit error and its retryAfterSeconds. */
const MAX_WAIT_MS = 5_000;
/** Never sleep into the last moments of a request: an attempt needs some time to be worth starting. */
const MIN_ATTEMPT_MS = 50;

/**
 * Retries allowed per connection: at least `floor` in any `windowMs`, or `ratio` of the calls made in it.
 * Keeps retries from multiplying the load on a vendor that is failing for everyone.
 */
export class RetryBudget {
  private calls: number[] = [];
  private retries: number[] = [];
  /** Size at which `calls` drops what has left the window; doubles with what it keeps (amortized O(1) a call). */
  private pruneAt = 64;

  constructor(
    private readonly now: () => number,
    private readonly ratio = 0.2,
    private readonly floor = 10,
    private readonly windowMs = 10_000,
  ) {}

  recordCall(): void {
    const now = this.now();
    this.calls.push(now);
    // Calls leave the window here too, not only when a retry is considered: a connection that never needs a
    // retry would otherwise keep one timestamp per call for as long as the process runs.
    if (this.calls.length >= this.pruneAt) {
      const since = now - this.windowMs;
      this.calls = this.calls.filter((t) => t > since);
      this.pruneAt = Math.max(64, this.calls.length * 2);
    }
  }

  /** Call timestamps held now (at most about twice the calls of one window). */
  get remembered(): number {
    return this.calls.length;
  }

  tryRetry(): boolean {
    const since = this.now() - this.windowMs;
    this.calls = this.calls.filter((t) => t > since);
    this.retries = this.retries.filter((t) => t > since);
    if (this.retries.length >= Math.max(this.floor, Math.floor(this.calls.length * this.ratio))) return false;
    this.retries.push(this.now());
    return true;
  }
}

/** A failed attempt, as the breaker and the retry loop see it. */
class AttemptFailure extends Error {
  constructor(
    readonly error: VendorError,
    /** Counts toward opening the circuit. */
    readonly outage: boolean,
    /** A read may be repeated after it. */
    readonly retryable: boolean,
    /** The vendor's answer, handed to the client when this was the last attempt (its body says more). */
    readonly response: Response<string> | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(error.message);
  }
}

/**
 * Upstream resilience of one connection: per-call timeout (the connection's `timeoutMs`, cut to what is left
 * of the request's deadline), a circuit breaker (cockatiel, consecutive failures, half-open probe after the
 * cooldown), retries with backoff and jitter for reads only, within a retry budget and honouring
 * `Retry-After`, the request's cap on vendor calls, and the write rules: a write is never repeated, and one
 * whose outcome cannot be known is reported `outcome: UNKNOWN`, not retryable.
 */
export class ConnectionResilience {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly budget: RetryBudget;
  private readonly maxAttempts: number;
  private readonly slots: Slots | null;
  private openedAt: number | null = null;

  constructor(private readonly options: ResilienceOptions) {
    const { failures, cooldownMs } = options.breaker;
    this.breaker = circuitBreaker(
      handleWhen((error) => error instanceof AttemptFailure && error.outage),
      { halfOpenAfter: cooldownMs, breaker: new ConsecutiveBreaker(failures) },
    );
    this.breaker.onStateChange((state) => {
      const open = state !== CircuitState.Closed;
      if (state === CircuitState.Open) this.openedAt = Date.now();
      options.health.setCircuitOpen(open);
      if (state === CircuitState.Open) {
        options.logger.warn({ failures, cooldownMs }, 'circuit opened: calls fail fast until a probe succeeds');
      }
      if (state === CircuitState.Closed) options.logger.info('circuit closed');
    });
    this.budget = new RetryBudget(options.now ?? Date.now);
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.slots = options.maxInFlight === undefined ? null : new Slots(options.maxInFlight);
  }

  private get source(): VendorErrorSource {
    return this.options.source;
  }

  /** Runs one vendor request: `send` starts one HTTP attempt. */
  async run(request: VendorRequest, send: () => PendingAttempt): Promise<Response<string>> {
    const { call } = request;
    if (call && timeLeft(call) <= 0) throw this.deadlineError(request, false);
    if (call && !call.vendorCalls.take()) throw new VendorCallLimitError(this.source, call.vendorCalls.limit);
    this.budget.recordCall();
    const backoff = new ExponentialBackoff({ generator: fullJitterGenerator, initialDelay: 100, maxDelay: 2_000 });
    let delays = backoff.next();
    for (let attempt = 1; ; attempt += 1) {
      // The slot is held for one attempt only (not across a retry's wait); the timeout starts once it is held.
      const release = this.slots ? await this.slots.acquire() : null;
      let failure: AttemptFailure;
      try {
        const allowed = call ? Math.min(this.options.timeoutMs, timeLeft(call)) : this.options.timeoutMs;
        if (allowed <= 0) throw this.deadlineError(request, attempt > 1 && request.kind === 'write');
        return await this.breaker.execute(() => this.attempt(request, send, allowed, allowed < this.options.timeoutMs));
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          if (attempt === 1) call?.vendorCalls.release();
          throw this.openCircuitError();
        }
        if (!(error instanceof AttemptFailure)) throw error;
        failure = error;
      } finally {
        release?.();
      }
      const last = request.kind !== 'read' || request.noRetry || !failure.retryable || attempt >= this.maxAttempts;
      let waitMs = failure.retryAfterMs ?? delays.duration;
      delays = delays.next(undefined);
      const left = call ? timeLeft(call) : Number.POSITIVE_INFINITY;
      if (last || waitMs > MAX_WAIT_MS || waitMs + MIN_ATTEMPT_MS > left || !this.budget.tryRetry()) {
        if (failure.response) return failure.response;
        throw failure.error;
      }
      waitMs = Math.max(0, Math.round(waitMs));
      this.options.logger.debug({ operation: request.operation, requestId: call?.requestId, attempt, waitMs }, 'retrying a read');
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  /** One HTTP attempt under the timeout; every outcome is recorded in health, metrics and the log. */
  private async attempt(
    request: VendorRequest,
    send: () => PendingAttempt,
    allowedMs: number,
    cutByDeadline: boolean,
  ): Promise<Response<string>> {
    const { health, observer, logger } = this.options;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const requestId = request.call?.requestId;
    let response: Response<string>;
    try {
      response = await withTimeout(allowedMs, send);
    } catch (error) {
      const durationMs = elapsed();
      observer?.({ ...this.source, operation: request.operation, status: 'error', durationMs });
      const timedOut = error instanceof TaskCancelledError || error instanceof CancelError;
      const code = error instanceof RequestError ? error.code : timedOut ? 'ETIMEDOUT' : 'ERROR';
      logger.warn({ operation: request.operation, requestId, error: code, durationMs }, 'upstream call failed');
      if (timedOut) {
        // A call cut short by the request's deadline says nothing about the vendor's health.
        if (!cutByDeadline) health.recordFailure('VENDOR_TIMEOUT', durationMs);
        throw new AttemptFailure(this.timeoutError(request, cutByDeadline), !cutByDeadline, false);
      }
      health.recordFailure('VENDOR_UNAVAILABLE', durationMs);
      const notSent = NOT_SENT_CODES.has(code);
      const unknown = request.kind === 'write' && !notSent;
      const { vendor } = this.source;
      const message = unknown
        ? `The connection to ${vendor} broke during ${request.operation} (${code}); the vendor may or may not have carried it out.`
        : `${vendor} could not be reached (${code}).`;
      const failure = new VendorUnavailableError(this.source, message, { upstreamStatus: code, outcome: unknown ? 'UNKNOWN' : undefined });
      throw new AttemptFailure(failure, true, true);
    }
    const durationMs = elapsed();
    const status = response.statusCode;
    observer?.({ ...this.source, operation: request.operation, status, durationMs });
    logger.debug({ operation: request.operation, requestId, status, durationMs }, 'upstream call');
    if (request.kind === 'write' && status === 504) {
      health.recordFailure('VENDOR_TIMEOUT', durationMs);
      const error = this.unknownWriteError(request, `${this.source.vendor} answered HTTP 504 to ${request.operation}`);
      throw new AttemptFailure(error, true, false);
    }
    if (status >= 200 && status < 300 && isGarbage(response, request)) {
      health.recordFailure('VENDOR_UNAVAILABLE', durationMs);
      throw new AttemptFailure(vendorGarbageError(this.source, request.operation, status), true, true);
    }
    if (status >= 500) {
      health.recordFailure('VENDOR_UNAVAILABLE', durationMs);
      const error = new VendorUnavailableError(this.source, `${this.source.vendor} ${request.operation} failed with HTTP ${status}.`);
      throw new AttemptFailure(error, true, RETRY_STATUSES.has(status), response, this.retryAfterMs(response));
    }
    if (status === 429) {
      // The vendor answers (it is up); its rate limiter is handled by waiting, not by the breaker.
      health.recordFailure('VENDOR_RATE_LIMITED', durationMs);
      const error = new VendorUnavailableError(this.source, `${this.source.vendor} rate limit reached.`);
      throw new AttemptFailure(error, false, true, response, this.retryAfterMs(response));
    }
    health.recordSuccess(durationMs);
    return response;
  }

  private retryAfterMs(response: Response<string>): number | null {
    const seconds = retryAfterSeconds(response.headers['retry-after']);
    return seconds === null ? null : seconds * 1000;
  }

  private timeoutError(request: VendorRequest, cutByDeadline: boolean): VendorError {
    const { vendor } = this.source;
    const what = cutByDeadline
      ? `the request's deadline came before ${vendor} answered ${request.operation}`
      : `${vendor} did not answer ${request.operation} in time`;
    if (request.kind === 'write') return this.unknownWriteError(request, what[0]?.toUpperCase() + what.slice(1));
    return new VendorTimeoutError(this.source, `${what[0]?.toUpperCase()}${what.slice(1)}.`);
  }

  private unknownWriteError(request: VendorRequest, what: string): VendorTimeoutError {
    const message = `${what}; the vendor may or may not have carried out ${request.operation}. Check before repeating it.`;
    return new VendorTimeoutError(this.source, message, { outcome: 'UNKNOWN' });
  }

  private deadlineError(request: VendorRequest, sent: boolean): VendorTimeoutError {
    if (sent) return this.unknownWriteError(request, `The request's deadline came during ${request.operation}`);
    const message = `The request's deadline passed before ${this.source.vendor} ${request.operation} could be called.`;
    return new VendorTimeoutError(this.source, message);
  }

  private openCircuitError(): VendorUnavailableError {
    const { failures, cooldownMs } = this.options.breaker;
    const left = this.openedAt === null ? cooldownMs : Math.max(0, this.openedAt + cooldownMs - Date.now());
    return new VendorUnavailableError(
      this.source,
      `${this.source.vendor} failed ${failures} calls in a row; meetgraph is not calling it until a probe succeeds (circuit open).`,
      { retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)), upstreamStatus: 'CIRCUIT_OPEN' },
    );
  }
}

/**
 * One HTTP attempt as got starts it: a promise that can be cancelled (got's `CancelableRequest`), which
 * destroys the request and its socket.
 */
export interface PendingAttempt extends Promise<Response<string>> {
  cancel?(): void;
}

/**
 * One attempt under a timer that cancels it. Cheaper than a timeout policy, or an AbortController, per call:
 * nothing is built for the common case of a call that ends in time but a timer to clear. A call still running
 * when the timer fires is abandoned at once, whether or not it can be cancelled, and rejects with
 * TaskCancelledError.
 */
async function withTimeout(ms: number, send: () => PendingAttempt): Promise<Response<string>> {
  let timer: NodeJS.Timeout | undefined;
  const sent = send();
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new TaskCancelledError(`timed out after ${ms} ms`));
      sent.cancel?.();
    }, ms);
  });
  try {
    return await Promise.race([sent, expired]);
  } finally {
    clearTimeout(timer);
    // The abandoned attempt's own rejection (got's CancelError) is expected; nobody else awaits it.
    sent.catch(() => undefined);
  }
}

/** A 2xx no vendor of ours would send: an HTML page, or a body labelled JSON that does not parse. */
function isGarbage(response: Response<string>, request: VendorRequest): boolean {
  const type = String(response.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('html')) return true;
  const body = typeof response.body === 'string' ? response.body : '';
  if (request.lenientJson || !type.includes('json') || body.trim() === '') return false;
  try {
    // Kept for the vendor client, which reads the same value (response-json.ts).
    responseJson(response);
    return false;
  } catch {
    return true;
  }
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
