import { MeetgraphError, type ErrorCode } from '../core/errors.js';
import { scrubSecrets } from '../core/secrets.js';
import type { VendorName } from './records.js';

/** Which vendor account an error came from; every VendorError names it. */
export interface VendorErrorSource {
  vendor: VendorName;
  connectionId: string;
}

export interface VendorErrorOptions {
  retryable?: boolean;
  retryAfterSeconds?: number | null;
  /** HTTP status or vendor error number, for logs and metrics only; never a body. */
  upstreamStatus?: number | string | null;
  /**
   * `UNKNOWN`: a write may or may not have been carried out by the vendor (timeout or reset after the
   * request was sent, or the vendor's own "deadline exceeded"). Such an error is never retryable.
   */
  outcome?: 'UNKNOWN';
}

/**
 * Thrown by datasources and clients. The message is written by meetgraph (a vendor's own short error text
 * may be quoted), never the raw vendor body and never anything from the request's credentials.
 */
export class VendorError extends MeetgraphError {
  readonly vendor: VendorName;
  readonly connectionId: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | null;
  readonly upstreamStatus: number | string | null;
  readonly outcome: 'UNKNOWN' | null;

  /** The message is scrubbed here, so no vendor text that echoes a credential or live token survives in it. */
  constructor(code: ErrorCode, source: VendorErrorSource, message: string, options: VendorErrorOptions = {}) {
    super(code, scrubSecrets(message));
    this.vendor = source.vendor;
    this.connectionId = source.connectionId;
    this.outcome = options.outcome ?? null;
    this.retryable = this.outcome === 'UNKNOWN' ? false : (options.retryable ?? false);
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.upstreamStatus = options.upstreamStatus ?? null;
  }

  override extensions(): Record<string, unknown> {
    const ext: Record<string, unknown> = {
      code: this.code,
      vendor: this.vendor.toUpperCase(),
      connectionId: this.connectionId,
      retryable: this.retryable,
    };
    if (this.retryAfterSeconds !== null) ext.retryAfterSeconds = this.retryAfterSeconds;
    if (this.outcome) ext.outcome = this.outcome;
    return ext;
  }
}

export class VendorAuthFailedError extends VendorError {
  constructor(source: VendorErrorSource, message = 'The vendor rejected the configured credentials.', options: VendorErrorOptions = {}) {
    super('VENDOR_AUTH_FAILED', source, message, options);
  }
}

export class VendorRateLimitedError extends VendorError {
  constructor(source: VendorErrorSource, message = 'The vendor rate limit was reached.', options: VendorErrorOptions = {}) {
    super('VENDOR_RATE_LIMITED', source, message, { retryable: true, ...options });
  }
}

export class VendorQuotaExceededError extends VendorError {
  constructor(source: VendorErrorSource, message = 'The vendor account quota is exhausted.', options: VendorErrorOptions = {}) {
    super('VENDOR_QUOTA_EXCEEDED', source, message, options);
  }
}

export class VendorRejectedError extends VendorError {
  constructor(source: VendorErrorSource, message = 'The vendor refused the input.', options: VendorErrorOptions = {}) {
    super('VENDOR_REJECTED', source, message, options);
  }
}

export class VendorUnavailableError extends VendorError {
  constructor(source: VendorErrorSource, message = 'The vendor is unavailable.', options: VendorErrorOptions = {}) {
    super('VENDOR_UNAVAILABLE', source, message, { retryable: true, ...options });
  }
}

export class VendorTimeoutError extends VendorError {
  constructor(source: VendorErrorSource, message = 'The vendor did not answer in time.', options: VendorErrorOptions = {}) {
    super('VENDOR_TIMEOUT', source, message, { retryable: true, ...options });
  }
}

/** The vendor says the object does not exist (maps to NOT_FOUND). */
export class VendorNotFoundError extends VendorError {
  constructor(source: VendorErrorSource, message = 'The vendor does not know this object.', options: VendorErrorOptions = {}) {
    super('NOT_FOUND', source, message, options);
  }
}

/** The credentials are valid but lack the permission (maps to FORBIDDEN). */
export class VendorForbiddenError extends VendorError {
  constructor(
    source: VendorErrorSource,
    message = 'The vendor account lacks the permission for this call.',
    options: VendorErrorOptions = {},
  ) {
    super('FORBIDDEN', source, message, options);
  }
}

export class UnsupportedByVendorError extends VendorError {
  /**
   * Built on every read that names a connection without the capability, and reported as data (`sources`,
   * `gaps`), never thrown to a client: no stack trace is captured, which is most of an Error's cost.
   */
  constructor(source: VendorErrorSource, what: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super('UNSUPPORTED_BY_VENDOR', source, `${source.vendor} cannot ${what}.`);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/** A vendor answered in a way its contract does not allow: a meetgraph or vendor bug, not the caller's. */
export class VendorProtocolError extends VendorError {
  constructor(source: VendorErrorSource, message: string, options: VendorErrorOptions = {}) {
    super('INTERNAL_SERVER_ERROR', source, message, options);
  }
}

/**
 * The request's cap on distinct vendor calls was reached: this call never went out. It is the caller's query
 * that asks for too much, hence BAD_USER_INPUT, reported on the source that needed the call.
 */
export class VendorCallLimitError extends VendorError {
  constructor(
    source: VendorErrorSource,
    readonly limit: number,
  ) {
    const message = `The request reached its limit of ${limit} vendor calls (limits.vendorCallsPerRequest); ask for less per request.`;
    super('BAD_USER_INPUT', source, message);
  }

  override extensions(): Record<string, unknown> {
    return { ...super.extensions(), limit: 'vendorCallsPerRequest' };
  }
}

/** The longest vendor text quoted in a message, after scrubbing. */
export const MAX_VENDOR_TEXT = 200;

/**
 * The one way vendor text enters a message: scrubbed of every known credential and live token FIRST, then
 * flattened to one line and cut to `max` characters (cutting first would leave most of a secret in place).
 */
export function quoteVendorText(text: unknown, max: number = MAX_VENDOR_TEXT): string {
  if (typeof text !== 'string') return '';
  const oneLine = scrubSecrets(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, Math.max(0, max - 3))}...` : oneLine;
}

/**
 * A 2xx whose body is not what the vendor's contract promises at all (an HTML error page from a proxy, JSON
 * cut off mid-way): the vendor is unwell, not the caller wrong, so it is VENDOR_UNAVAILABLE and retryable.
 */
export function vendorGarbageError(source: VendorErrorSource, operation: string, status: number | string): VendorUnavailableError {
  const message = `${source.vendor} answered ${operation} with a body that is not its API's JSON (an error page?).`;
  return new VendorUnavailableError(source, message, { upstreamStatus: status });
}

/**
 * Maps a generic HTTP status to the unified family, for vendors whose error bodies say nothing more.
 * Vendor-specific codes are mapped in each client before falling back here.
 */
export function errorForHttpStatus(
  source: VendorErrorSource,
  status: number,
  message: string,
  retryAfterSeconds: number | null = null,
): VendorError {
  if (status === 401) return new VendorAuthFailedError(source, message, { upstreamStatus: status });
  if (status === 403) return new VendorForbiddenError(source, message, { upstreamStatus: status });
  if (status === 404) return new VendorNotFoundError(source, message, { upstreamStatus: status });
  if (status === 429) return new VendorRateLimitedError(source, message, { upstreamStatus: status, retryAfterSeconds });
  if (status === 408 || status === 504) return new VendorTimeoutError(source, message, { upstreamStatus: status });
  if (status >= 500) return new VendorUnavailableError(source, message, { upstreamStatus: status, retryAfterSeconds });
  return new VendorRejectedError(source, message, { upstreamStatus: status });
}
