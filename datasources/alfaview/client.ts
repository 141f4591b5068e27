import type { Response } from 'got';
import type { Logger } from '../../core/logger.js';
import { registerSecret } from '../../core/secrets.js';
import type { ConnectionHealth } from '../health.js';
import { retryAfterSeconds, transportError, vendorRequest, type CallKind, type VendorHttp } from '../http.js';
import { responseJson } from '../response-json.js';
import type { CallContext } from '../request-memo.js';
import { SharedToken, type IssuedToken } from '../shared-token.js';
import {
  VendorAuthFailedError,
  VendorError,
  VendorForbiddenError,
  VendorNotFoundError,
  VendorProtocolError,
  VendorQuotaExceededError,
  VendorRateLimitedError,
  VendorRejectedError,
  VendorTimeoutError,
  VendorUnavailableError,
  errorForHttpStatus,
  quoteVendorText,
  vendorGarbageError,
  type VendorErrorSource,
} from '../vendor-errors.js';
import { alfaviewCredentialFlow, type AlfaviewCredentials } from './config.js';
import type {
  AlfaviewAuthenticateReply,
  AlfaviewAuthenticateRequest,
  AlfaviewErrorBody,
  AlfaviewReply,
  AlfaviewReplyInfo,
} from './types.js';
import { parseAlfaviewTime } from './mapper.js';

/**
 * What an alfaview failure means to meetgraph. TOKEN_OUTDATED and DEADLINE are handled inside the client
 * (re-authenticate / reissue once) and only reach the caller as AUTH_FAILED / TIMEOUT when they repeat.
 */
export type AlfaviewFailureKind =
  'TOKEN_OUTDATED' | 'DEADLINE' | 'AUTH_FAILED' | 'FORBIDDEN' | 'NOT_FOUND' | 'QUOTA' | 'RATE_LIMITED' | 'REJECTED' | 'UNAVAILABLE';

/**
 * THE mapping table: alfaview `statusCode` → meaning (docs/vendors/alfaview.md "Replies and errors").
 * `OUT_OF_SLOTS_*` is matched by prefix in `classifyAlfaviewFailure`. Correct the vendor's codes here only.
 */
export const ALFAVIEW_STATUS_CODES: Readonly<Record<string, AlfaviewFailureKind>> = {
  TOKEN_OUTDATED: 'TOKEN_OUTDATED',
  DEADLINE_EXCEEDED: 'DEADLINE',
  AUTHENTICATION_ERROR: 'AUTH_FAILED',
  UNAUTHENTICATED: 'AUTH_FAILED',
  INSUFFICIENT_PERMISSIONS: 'FORBIDDEN',
  PERMISSION_DENIED: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ROOM_NOT_FOUND: 'NOT_FOUND',
  QUOTA_EXCEEDED: 'QUOTA',
  RESOURCE_EXHAUSTED: 'QUOTA',
  RATE_LIMITED: 'RATE_LIMITED',
  RATE_LIMIT_EXCEEDED: 'RATE_LIMITED',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  INVALID_ARGUMENT: 'REJECTED',
  ROOM_INVALID: 'REJECTED',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'UNAVAILABLE',
};

/** Fallback by gRPC code when the details carry no known statusCode (docs/vendors/alfaview.md "Replies and errors"). */
export const ALFAVIEW_GRPC_CODES: Readonly<Record<number, AlfaviewFailureKind>> = {
  3: 'REJECTED',
  4: 'DEADLINE',
  5: 'NOT_FOUND',
  7: 'FORBIDDEN',
  // gRPC 8 / HTTP 429 without a quota statusCode is the rate limiter (transient, so retryable).
  8: 'RATE_LIMITED',
  13: 'UNAVAILABLE',
  14: 'UNAVAILABLE',
  16: 'AUTH_FAILED',
};

export interface AlfaviewFailure {
  kind: AlfaviewFailureKind | null;
  statusCode: string | null;
  message: string | null;
  grpcCode: number | null;
  httpStatus: number;
  retryAfterSeconds: number | null;
}

/**
 * Classifies one failure. Order matters: the three situations the published page names by their text
 * ("token expired", "context deadline exceeded") and the rate limiter win over the generic code table,
 * so `RESOURCE_EXHAUSTED` + "rate limit exceeded" is a rate limit while `RESOURCE_EXHAUSTED` alone is quota.
 */
export function classifyAlfaviewFailure(
  statusCode: string | null,
  message: string | null,
  grpcCode: number | null,
): AlfaviewFailureKind | null {
  const text = message ?? '';
  if (statusCode === 'TOKEN_OUTDATED' || /token (is )?expired/i.test(text)) return 'TOKEN_OUTDATED';
  if (statusCode === 'DEADLINE_EXCEEDED' || grpcCode === 4 || /context deadline exceeded/i.test(text)) return 'DEADLINE';
  if (/rate.?limit|too many requests/i.test(text)) return 'RATE_LIMITED';
  if (statusCode) {
    if (statusCode.startsWith('OUT_OF_SLOTS')) return 'QUOTA';
    const known = ALFAVIEW_STATUS_CODES[statusCode];
    if (known) return known;
  }
  if (grpcCode !== null) return ALFAVIEW_GRPC_CODES[grpcCode] ?? null;
  return null;
}

/** A vendor's short error text may be quoted, scrubbed then bounded; never a whole body. */
function quote(message: string | null): string {
  const text = quoteVendorText(message, 120);
  return text ? ` (${text})` : '';
}

/**
 * The alfaview operations that only read (contract "Calls used"): the only ones reissued on "context deadline
 * exceeded" and retried by the shared layer. Every other operation is a write and is sent at most once.
 */
export const ALFAVIEW_READ_OPERATIONS: ReadonlySet<string> = new Set([
  'authenticationService/authenticate',
  'roomService/list',
  'roomService/status',
  'businessLogicService/permissionGroups/list',
]);

function kindOf(operation: string): CallKind {
  return ALFAVIEW_READ_OPERATIONS.has(operation) ? 'read' : 'write';
}

/** Turns a classified failure into the unified error family. */
export function alfaviewVendorError(source: VendorErrorSource, failure: AlfaviewFailure): VendorError {
  const label = failure.statusCode ?? (failure.grpcCode !== null ? `gRPC code ${failure.grpcCode}` : `HTTP ${failure.httpStatus}`);
  const text = `alfaview answered ${label}${quote(failure.message)}.`;
  const options = { upstreamStatus: failure.statusCode ?? failure.httpStatus };
  switch (failure.kind) {
    case 'TOKEN_OUTDATED':
    case 'AUTH_FAILED':
      return new VendorAuthFailedError(source, text, options);
    case 'FORBIDDEN':
      return new VendorForbiddenError(source, text, options);
    case 'NOT_FOUND':
      return new VendorNotFoundError(source, text, options);
    case 'QUOTA':
      return new VendorQuotaExceededError(source, text, options);
    case 'RATE_LIMITED':
      return new VendorRateLimitedError(source, text, { ...options, retryAfterSeconds: failure.retryAfterSeconds });
    case 'REJECTED':
      return new VendorRejectedError(source, text, options);
    case 'UNAVAILABLE':
      return new VendorUnavailableError(source, text, { ...options, retryAfterSeconds: failure.retryAfterSeconds });
    case 'DEADLINE':
      return new VendorTimeoutError(source, text, options);
    default:
      return errorForHttpStatus(source, failure.httpStatus >= 400 ? failure.httpStatus : 502, text, failure.retryAfterSeconds);
  }
}

/**
 * Success needs a `replyInfo` whose statusCode is absent or "OK" and whose statusMessage is "OK"
 * (published page, "Error handling" notes). Protobuf-JSON omits default values, hence "absent" counts.
 */
export function replyInfoFailed(info: AlfaviewReplyInfo): boolean {
  if (info.statusCode !== undefined && info.statusCode !== null && info.statusCode !== '' && info.statusCode.toUpperCase() !== 'OK')
    return true;
  if (info.statusMessage !== undefined && info.statusMessage !== null && info.statusMessage.toUpperCase() !== 'OK') return true;
  return false;
}

/** Every request gets a fresh unique requestId (published page, "Constants"): the GraphQL request id plus a process-wide counter. */
let requestCounter = 0;
export function nextAlfaviewRequestId(graphqlRequestId: string): string {
  requestCounter += 1;
  return `${graphqlRequestId}-${requestCounter}`;
}

type SendResult<T> = { ok: true; body: T } | { ok: false; failure: AlfaviewFailure };

/** When an authenticate reply carries no usable expiresAt: a conservative lifetime, renewed on TOKEN_OUTDATED anyway. */
const FALLBACK_TOKEN_LIFETIME_MS = 5 * 60_000;
/** Re-authenticate this long before expiresAt (at most a tenth of the token's lifetime). */
const RENEWAL_MARGIN_MS = 60_000;

export interface AlfaviewClientOptions {
  http: VendorHttp;
  source: VendorErrorSource;
  credentials: AlfaviewCredentials;
  logger: Logger;
  health: ConnectionHealth;
  now: () => Date;
  /** The connection's token, shared by the replicas (datasources/shared-token.ts); per client when absent. */
  token?: SharedToken;
}

/**
 * HTTP + auth + envelope/error mapping for alfaview JSON API v1. Every call is `POST {baseUrl}/{service}/{method}`
 * with a JSON body carrying `accessInfo: { requestId, accessToken }` (docs/vendors/alfaview.md "Transport").
 */
export class AlfaviewClient {
  private readonly token: SharedToken;

  constructor(private readonly options: AlfaviewClientOptions) {
    this.token = options.token ?? new SharedToken({ key: 'token:alfaview', now: options.now });
  }

  private get source(): VendorErrorSource {
    return this.options.source;
  }

  /** Forgets the cached token (shutdown). */
  reset(): void {
    this.token.reset();
  }

  /**
   * An authenticated call. On TOKEN_OUTDATED / "token expired" the token is renewed and the call reissued
   * ONCE (published page: "you will have to reauthenticate"); on "context deadline exceeded" the call is
   * reissued ONCE (published page: "the request needs to be reissued"). Each reissue gets a fresh requestId.
   */
  async call<T extends AlfaviewReply>(operation: string, body: Record<string, unknown>, ctx: CallContext): Promise<T> {
    let renewed = false;
    let reissued = false;
    for (;;) {
      const accessToken = await this.accessToken(ctx);
      const requestId = nextAlfaviewRequestId(ctx.requestId);
      const result = await this.send<T>(operation, { ...body, accessInfo: { requestId, accessToken } }, requestId, ctx);
      if (result.ok) return result.body;
      const { failure } = result;
      if (failure.kind === 'TOKEN_OUTDATED' && !renewed) {
        renewed = true;
        // Only drop the token this call used: a concurrent call may already have renewed it.
        await this.token.forget(accessToken);
        this.options.logger.debug(
          { operation, requestId: ctx.requestId, alfaviewRequestId: requestId },
          'alfaview token outdated, re-authenticating',
        );
        continue;
      }
      if (failure.kind === 'DEADLINE' && kindOf(operation) === 'write') {
        // Never reissued: the vendor may have carried the write out before its deadline fired.
        throw this.fail(failure, 'UNKNOWN');
      }
      if (failure.kind === 'DEADLINE' && !reissued) {
        reissued = true;
        this.options.logger.debug(
          { operation, requestId: ctx.requestId, alfaviewRequestId: requestId },
          'alfaview deadline exceeded, reissuing',
        );
        continue;
      }
      throw this.fail(failure);
    }
  }

  private fail(failure: AlfaviewFailure, outcome?: 'UNKNOWN'): VendorError {
    const mapped = alfaviewVendorError(this.source, failure);
    const error = outcome
      ? new VendorTimeoutError(this.source, `${mapped.message} The write may or may not have been carried out.`, { outcome })
      : mapped;
    // The shared client records HTTP-level health; a 200 whose replyInfo says otherwise is recorded here.
    if (failure.httpStatus < 400) this.options.health.recordFailure(error.code);
    return error;
  }

  /** The shared token; one authenticate at a time across every replica of this connection. */
  private accessToken(ctx: CallContext): Promise<string> {
    return this.token.get(() => this.authenticate(ctx));
  }

  private async authenticate(ctx: CallContext): Promise<IssuedToken> {
    const { credentials } = this.options;
    const flow = alfaviewCredentialFlow(credentials);
    if (flow === null)
      throw new VendorAuthFailedError(this.source, 'The alfaview credentials must be an API key or a username/password pair.');
    let reissued = false;
    for (;;) {
      const requestId = nextAlfaviewRequestId(ctx.requestId);
      const body: AlfaviewAuthenticateRequest =
        flow === 'authorizationCode'
          ? {
              requestId,
              authorizationCodeCredentials: {
                clientId: credentials.clientId as string,
                code: credentials.code as string,
                companyId: credentials.companyId,
              },
            }
          : {
              requestId,
              usernamePasswordCredentials: {
                username: credentials.username as string,
                password: credentials.password as string,
                companyId: credentials.companyId,
              },
            };
      // docs/vendors/alfaview.md "Authentication": authenticationService/authenticate with
      // authorizationCodeCredentials or usernamePasswordCredentials
      const result = await this.send<AlfaviewAuthenticateReply>(
        'authenticationService/authenticate',
        body as unknown as Record<string, unknown>,
        requestId,
        ctx,
      );
      if (!result.ok) {
        const { failure } = result;
        if (failure.kind === 'DEADLINE' && !reissued) {
          reissued = true;
          continue;
        }
        // Any refusal of the credentials themselves is an auth failure, whatever code the vendor chose.
        if (failure.kind === null || ['AUTH_FAILED', 'TOKEN_OUTDATED', 'REJECTED', 'NOT_FOUND', 'FORBIDDEN'].includes(failure.kind)) {
          // An unexplained 5xx or 429 is the vendor's state, not a verdict on the credentials.
          const { httpStatus } = failure;
          const kind =
            failure.kind === null && httpStatus >= 500
              ? 'UNAVAILABLE'
              : failure.kind === null && httpStatus === 429
                ? 'RATE_LIMITED'
                : 'AUTH_FAILED';
          throw this.fail({ ...failure, kind });
        }
        throw this.fail(failure);
      }
      const reply = result.body;
      if (typeof reply.accessToken !== 'string' || reply.accessToken === '') {
        throw new VendorProtocolError(this.source, 'alfaview authenticate answered without an access token.');
      }
      registerSecret(reply.accessToken);
      registerSecret(reply.refreshToken);
      const now = this.options.now().getTime();
      const expiresAt = parseAlfaviewTime(reply.expiresAt)?.getTime() ?? now + FALLBACK_TOKEN_LIFETIME_MS;
      const margin = Math.min(RENEWAL_MARGIN_MS, Math.max(0, (expiresAt - now) / 10));
      return { value: reply.accessToken, renewAt: expiresAt - margin };
    }
  }

  /** One HTTP exchange: POST, parse, check replyInfo / the gRPC-gateway error body. */
  private async send<T extends AlfaviewReply>(
    operation: string,
    body: Record<string, unknown>,
    requestId: string,
    ctx: CallContext,
  ): Promise<SendResult<T>> {
    const { http, logger } = this.options;
    logger.debug({ operation, requestId: ctx.requestId, alfaviewRequestId: requestId }, 'alfaview request');
    let response: Response<string>;
    try {
      response = await http.post(operation, {
        json: body,
        responseType: 'text',
        context: vendorRequest(ctx, operation, kindOf(operation), { alfaviewRequestId: requestId }),
      });
    } catch (error) {
      throw transportError(this.source, error);
    }
    const { statusCode } = response;
    const text = response.body;
    const retryAfterHeader = response.headers['retry-after'];
    let parsed: unknown;
    try {
      parsed = text ? responseJson(response) : null;
    } catch {
      // A 2xx that is not JSON at all (an error page) is the vendor being unwell, not a refusal.
      if (statusCode >= 200 && statusCode < 300) throw vendorGarbageError(this.source, operation, statusCode);
      parsed = null;
    }
    const retryAfter = retryAfterSeconds(retryAfterHeader, this.options.now());
    const record = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    const replyInfo = record?.replyInfo as AlfaviewReplyInfo | undefined;

    if (statusCode >= 200 && statusCode < 300 && record && replyInfo && typeof replyInfo === 'object') {
      if (!replyInfoFailed(replyInfo)) return { ok: true, body: record as T };
      const code = replyInfo.statusCode && replyInfo.statusCode.toUpperCase() !== 'OK' ? replyInfo.statusCode : null;
      const message = replyInfo.statusMessage ?? null;
      return {
        ok: false,
        failure: {
          kind: classifyAlfaviewFailure(code, message, null) ?? 'REJECTED',
          statusCode: code,
          message,
          grpcCode: null,
          httpStatus: statusCode,
          retryAfterSeconds: retryAfter,
        },
      };
    }

    // gRPC-gateway error body: { code, message, details: [{ @type, requestId, statusCode, statusMessage }] }
    const errorBody = (record ?? {}) as AlfaviewErrorBody;
    const detail = Array.isArray(errorBody.details)
      ? errorBody.details.find((d) => d && typeof d === 'object' && typeof d.statusCode === 'string')
      : undefined;
    const grpcCode = typeof errorBody.code === 'number' ? errorBody.code : null;
    const bodyStatus = replyInfo && typeof replyInfo === 'object' && typeof replyInfo.statusCode === 'string' ? replyInfo.statusCode : null;
    const vendorStatus = detail?.statusCode ?? bodyStatus;
    const message = (typeof errorBody.message === 'string' ? errorBody.message : null) ?? detail?.statusMessage ?? null;
    if (statusCode >= 200 && statusCode < 300 && (grpcCode === null || grpcCode === 0) && !vendorStatus) {
      throw new VendorProtocolError(this.source, `alfaview ${operation} answered without replyInfo.`);
    }
    return {
      ok: false,
      failure: {
        kind: classifyAlfaviewFailure(vendorStatus, message, grpcCode),
        statusCode: vendorStatus,
        message,
        grpcCode,
        httpStatus: statusCode,
        retryAfterSeconds: retryAfter,
      },
    };
  }
}
