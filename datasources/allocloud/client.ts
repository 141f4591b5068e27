import type { Method, Response } from 'got';
import type { ConnectionHealth } from '../health.js';
import { retryAfterSeconds, transportError, vendorRequest, type VendorHttp } from '../http.js';
import { responseJson } from '../response-json.js';
import type { CallContext } from '../request-memo.js';
import {
  VendorAuthFailedError,
  VendorError,
  VendorForbiddenError,
  VendorNotFoundError,
  VendorProtocolError,
  VendorRateLimitedError,
  VendorRejectedError,
  VendorUnavailableError,
  errorForHttpStatus,
  quoteVendorText,
  vendorGarbageError,
  type VendorErrorSource,
} from '../vendor-errors.js';
import type {
  AllocloudAccount,
  AllocloudCreateAccountBody,
  AllocloudEnvelope,
  AllocloudMeeting,
  AllocloudMeetingBody,
  AllocloudOrganizer,
} from './types.js';

/**
 * HTTP, auth and envelope handling for ALLOcloud Web Meeting API v6 (docs/vendors/allocloud.md). No token
 * lifecycle: the API key is static and goes in `X-API-KEY` on every call (docs/vendors/allocloud.md "Transport and auth").
 */
export interface AllocloudClientOptions {
  http: VendorHttp;
  source: VendorErrorSource;
  /** `https://<domain>/api/v6`; iCalendar paths are resolved against its ORIGIN. */
  baseUrl: string;
  apiKey: string;
  userId: string | null;
  /** The shared client records HTTP-level health; envelope-level outages (HTTP 200 + -2/-99) are recorded here. */
  health?: ConnectionHealth;
}

type ErrorFactory = (source: VendorErrorSource, message: string, status: number | string) => VendorError;

/**
 * THE mapping table (docs/vendors/allocloud.md "Replies and errors"). HTTP statuses that say more than the body come first
 * (a 401/404/429/5xx means the same whatever the envelope says); then the legacy `responseCode`; then any
 * other non-2xx status through the shared HTTP table. Any non-zero responseCode is a failure: an
 * undocumented one is treated as the vendor refusing the call.
 */
const HTTP_STATUS_ERRORS: Record<number, ErrorFactory> = {
  401: (s, m, u) => new VendorAuthFailedError(s, `ALLOcloud rejected the API key or user id${m}.`, { upstreamStatus: u }),
  404: (s, m, u) => new VendorNotFoundError(s, `ALLOcloud does not know this object${m}.`, { upstreamStatus: u }),
};

const RESPONSE_CODE_ERRORS: Record<number, ErrorFactory> = {
  [-2]: (s, m, u) => new VendorAuthFailedError(s, `ALLOcloud says the session or API key is not valid${m}.`, { upstreamStatus: u }),
  [-3]: (s, m, u) =>
    new VendorForbiddenError(s, `ALLOcloud does not allow this call for the configured key or user${m}.`, { upstreamStatus: u }),
  [-4]: (s, m, u) => new VendorRejectedError(s, `ALLOcloud says the data is not valid${m}.`, { upstreamStatus: u }),
  [-10]: (s, m, u) => new VendorRejectedError(s, `ALLOcloud says the object already exists${m}.`, { upstreamStatus: u }),
  [-99]: (s, m, u) => new VendorUnavailableError(s, `ALLOcloud reported an unknown error${m}.`, { upstreamStatus: u }),
};

/** The vendor's short localized text, quoted: scrubbed, then bounded (never the body itself). */
function quote(message: unknown): string {
  const text = quoteVendorText(message, 160);
  return text ? `: "${text}"` : '';
}

function isEnvelope(value: unknown): value is AllocloudEnvelope<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { responseCode?: unknown }).responseCode === 'number';
}

/** Maps one failed reply to the unified family; `envelope` is the parsed body when it was an envelope. */
export function allocloudError(
  source: VendorErrorSource,
  status: number,
  envelope: AllocloudEnvelope<unknown> | null,
  retryAfterHeader?: string | string[],
): VendorError {
  const said = quote(envelope?.responseMessage);
  if (status === 429) {
    return new VendorRateLimitedError(source, `ALLOcloud rate limit reached${said}.`, {
      upstreamStatus: status,
      retryAfterSeconds: retryAfterSeconds(retryAfterHeader),
    });
  }
  if (status >= 500) {
    return new VendorUnavailableError(source, `ALLOcloud answered HTTP ${status}${said}.`, {
      upstreamStatus: status,
      retryAfterSeconds: retryAfterSeconds(retryAfterHeader),
    });
  }
  const byStatus = HTTP_STATUS_ERRORS[status];
  if (byStatus) return byStatus(source, said, status);
  if (envelope && envelope.responseCode !== 0) {
    const byCode = RESPONSE_CODE_ERRORS[envelope.responseCode];
    if (byCode) return byCode(source, said, envelope.responseCode);
    return new VendorRejectedError(source, `ALLOcloud refused the call (code ${envelope.responseCode})${said}.`, {
      upstreamStatus: envelope.responseCode,
    });
  }
  return errorForHttpStatus(source, status, `ALLOcloud answered HTTP ${status}${said}.`);
}

export class AllocloudClient {
  private readonly source: VendorErrorSource;
  private readonly origin: string;

  constructor(private readonly options: AllocloudClientOptions) {
    this.source = options.source;
    this.origin = new URL(options.baseUrl).origin;
  }

  /**
   * docs/vendors/allocloud.md "Transport and auth": X-API-KEY always; X-USER-ID (when the connection has one) on the
   * meeting calls only, as the tutorial sends it — the account calls and the feeds carry the key alone.
   */
  private headers(scope: 'meeting' | 'account'): Record<string, string> {
    const headers: Record<string, string> = { 'x-api-key': this.options.apiKey };
    if (scope === 'meeting' && this.options.userId) headers['x-user-id'] = this.options.userId;
    return headers;
  }

  private async send(operation: string, method: Method, path: string, ctx: CallContext, body?: unknown): Promise<Response<string>> {
    try {
      return await this.options.http(path, {
        method,
        headers: this.headers(operation.startsWith('meeting.') ? 'meeting' : 'account'),
        json: body,
        responseType: 'text',
        context: vendorRequest(ctx, operation, method === 'GET' ? 'read' : 'write'),
      });
    } catch (error) {
      throw transportError(this.source, error);
    }
  }

  /** A legacy HTTP 200 failure is invisible to the shared client's health hook: record outages and auth failures. */
  private failed(error: VendorError, httpOk: boolean): VendorError {
    if (httpOk && (error.code === 'VENDOR_AUTH_FAILED' || error.code === 'VENDOR_UNAVAILABLE'))
      this.options.health?.recordFailure(error.code);
    return error;
  }

  /** One JSON call: checks the HTTP status AND the envelope's responseCode. */
  private async call<T>(operation: string, method: Method, path: string, ctx: CallContext, body?: unknown): Promise<T> {
    const response = await this.send(operation, method, path, ctx, body);
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    let parsed: unknown = null;
    try {
      parsed = response.body === '' ? null : responseJson(response);
    } catch {
      // HTML or cut-off JSON with a 2xx: ALLOcloud (or a proxy before it) is unwell, not the caller wrong.
      if (ok) throw this.failed(vendorGarbageError(this.source, operation, response.statusCode), false);
    }
    const envelope = isEnvelope(parsed) ? parsed : null;
    if (!ok || (envelope && envelope.responseCode !== 0)) {
      throw this.failed(allocloudError(this.source, response.statusCode, envelope, response.headers['retry-after']), ok);
    }
    if (!envelope) throw new VendorProtocolError(this.source, `ALLOcloud answered ${operation} without its response envelope.`);
    return envelope.data as T;
  }

  /** docs/vendors/allocloud.md "Calls used", `POST /account` (tutorial "Create account"). Reseller use; never retried. */
  createAccount(body: AllocloudCreateAccountBody, ctx: CallContext): Promise<AllocloudAccount> {
    return this.call<AllocloudAccount>('account.create', 'POST', 'account', ctx, body);
  }

  /**
   * docs/vendors/allocloud.md "Calls used", `GET /account/admin/{accountId}` (tutorial "Retrieve the account admin").
   * The tutorial calls the answer "the account admin": it may hold the admin alone. Memoized per request.
   */
  listOrganizers(accountId: string, ctx: CallContext): Promise<AllocloudOrganizer[]> {
    return ctx.memo.forConnection(this.source.connectionId).once(`account-admin:${accountId}`, async () => {
      const data = await this.call<unknown>('account.admin', 'GET', `account/admin/${encodeURIComponent(accountId)}`, ctx);
      if (!Array.isArray(data))
        throw new VendorProtocolError(this.source, 'ALLOcloud answered the account admin call without a list of organizers.');
      return data as AllocloudOrganizer[];
    });
  }

  /**
   * docs/vendors/allocloud.md "Calls used", `GET {icsPath}` (path from the organizer, "calender" sic). The path is
   * origin-relative (`/api/v6/meeting/calender/user/<token>`), so it is resolved against the ORIGIN of
   * baseUrl, never appended to it. The feed sends `X-API-KEY` too (choice: the key is the only credential
   * we have and the feed exposes meeting data; a token-only feed simply ignores the header).
   * One read per feed per request, whatever the batch (memo).
   */
  readFeed(icsPath: string, ctx: CallContext): Promise<string> {
    return ctx.memo.forConnection(this.source.connectionId).once(`ics:${icsPath}`, async () => {
      const url = new URL(icsPath, `${this.origin}/`);
      if (url.origin !== this.origin) {
        // An organizer record pointing elsewhere must not receive our API key.
        throw new VendorProtocolError(this.source, 'ALLOcloud gave an iCalendar path outside its own origin.');
      }
      let response: Response<string>;
      try {
        response = await this.options.http(url.toString(), {
          prefixUrl: '',
          method: 'GET',
          headers: { ...this.headers('account'), accept: 'text/calendar' },
          responseType: 'text',
          context: vendorRequest(ctx, 'meeting.calender.user', 'read'),
        });
      } catch (error) {
        throw transportError(this.source, error);
      }
      const contentType = String(response.headers['content-type'] ?? '');
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      // Failures (and a legacy 200 + negative responseCode) come back as the JSON envelope, not as a calendar.
      if (!ok || contentType.includes('json')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(response.body);
        } catch {
          parsed = null;
        }
        const envelope = isEnvelope(parsed) ? parsed : null;
        if (ok && (!envelope || envelope.responseCode === 0)) {
          throw new VendorProtocolError(this.source, 'ALLOcloud answered the iCalendar feed with JSON instead of a calendar.');
        }
        throw this.failed(allocloudError(this.source, response.statusCode, envelope, response.headers['retry-after']), ok);
      }
      return response.body;
    });
  }

  /** docs/vendors/allocloud.md "Calls used", `POST /meeting` (tutorial "Creating meetings"). */
  createMeeting(body: AllocloudMeetingBody, ctx: CallContext): Promise<AllocloudMeeting> {
    return this.call<AllocloudMeeting>('meeting.create', 'POST', 'meeting', ctx, body);
  }

  /**
   * docs/vendors/allocloud.md "Updating": `GET /meeting/{id}`, the full Meeting an update must write back. The
   * tutorial does not show it; it is the read of the resource the tutorial's PUT writes, listed in the instance's
   * swagger (https://meeting.allocloud.com/api/v6/documentation/swagger). Used only before an update.
   */
  getMeeting(id: string, ctx: CallContext): Promise<AllocloudMeeting> {
    return this.call<AllocloudMeeting>('meeting.get', 'GET', `meeting/${encodeURIComponent(id)}`, ctx);
  }

  /**
   * docs/vendors/allocloud.md "Calls used", `PUT /meeting/{id}/false` (tutorial "Updating meetings"). Quirk: the
   * trailing `/false` is kept exactly as documented; it most likely means "don't send notification mails".
   */
  updateMeeting(id: string, body: AllocloudMeetingBody, ctx: CallContext): Promise<AllocloudMeeting> {
    return this.call<AllocloudMeeting>('meeting.update', 'PUT', `meeting/${encodeURIComponent(id)}/false`, ctx, body);
  }
}
