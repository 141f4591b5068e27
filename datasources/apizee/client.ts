import type { Response } from 'got';
import { registerSecret } from '../../core/secrets.js';
import { retryAfterSeconds, transportError, vendorRequest, type VendorHttp } from '../http.js';
import { responseJson } from '../response-json.js';
import type { CallContext } from '../request-memo.js';
import { SharedToken, type IssuedToken } from '../shared-token.js';
import {
  errorForHttpStatus,
  quoteVendorText,
  VendorAuthFailedError,
  VendorProtocolError,
  vendorGarbageError,
  type VendorError,
  type VendorErrorSource,
} from '../vendor-errors.js';
import type {
  ApizeeConference,
  ApizeeErrorBody,
  ApizeeList,
  ApizeeMedia,
  ApizeeSessionStatList,
  ApizeeTicket,
  ApizeeTicketMediaList,
  ApizeeTicketStat,
  ApizeeToken,
} from './types.js';

/**
 * Apizee HTTP + auth + error mapping (docs/vendors/apizee.md, "Transport and auth" and
 * "Calls used"). Memoization, paging and mapping live in the datasource; this class makes one call per method.
 */
export interface ApizeeCredentialValues {
  username: string;
  password: string;
}

export interface ApizeeClientOptions {
  source: VendorErrorSource;
  http: VendorHttp;
  credentials: ApizeeCredentialValues;
  now: () => Date;
  /** The connection's token, shared by the replicas (datasources/shared-token.ts); per client when absent. */
  token?: SharedToken;
}

export type ApizeeQuery = Record<string, string | number | boolean | null | undefined>;

/** Renew this long before the announced expiry (capped at a tenth of the lifetime for short tokens). */
const RENEW_MARGIN_MS = 60_000;
/** When the token reply omits `expires_in`: assume a short life rather than none. */
const DEFAULT_TOKEN_LIFETIME_S = 300;
const MAX_QUOTED_TEXT = 200;

function toSearchParams(query: ApizeeQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== null && value !== undefined) params.set(key, String(value));
  return params;
}

export class ApizeeClient {
  /** One token request at a time across every replica of this connection. */
  private readonly token: SharedToken;

  constructor(private readonly options: ApizeeClientOptions) {
    this.token = options.token ?? new SharedToken({ key: 'token:apizee', now: options.now });
  }

  private get source(): VendorErrorSource {
    return this.options.source;
  }

  // ------------------------------------------------------------------------------------------ auth

  private accessToken(ctx: CallContext): Promise<string> {
    return this.token.get(() => this.requestToken(ctx));
  }

  /** Drops the token if it is the one the vendor just refused (a newer one may already be stored). */
  private forgetToken(value: string): Promise<void> {
    return this.token.forget(value);
  }

  private async requestToken(ctx: CallContext): Promise<IssuedToken> {
    // docs/vendors/apizee.md "Transport and auth" (pub): POST {baseUrl}/token, form body grant_type=password&username&password
    let response: Response<string>;
    try {
      response = await this.options.http('token', {
        method: 'POST',
        form: { grant_type: 'password', username: this.options.credentials.username, password: this.options.credentials.password },
        responseType: 'text',
        // Asking for a token changes nothing at the vendor: a read, safe to repeat.
        context: vendorRequest(ctx, 'token', 'read'),
      });
    } catch (error) {
      throw transportError(this.source, error);
    }
    if (response.statusCode === 400 || response.statusCode === 401) {
      // The token endpoint's own text is not quoted: it may echo the username.
      throw new VendorAuthFailedError(this.source, 'Apizee rejected the configured username or password.', {
        upstreamStatus: response.statusCode,
      });
    }
    if (response.statusCode < 200 || response.statusCode >= 300) throw this.errorFor(response, 'token');
    const body = this.parseJson(response) as Partial<ApizeeToken> | null;
    if (!body || typeof body.access_token !== 'string' || body.access_token === '') {
      throw new VendorProtocolError(this.source, 'Apizee answered the token request without an access token.');
    }
    registerSecret(body.access_token);
    const lifetimeS = Number(body.expires_in ?? DEFAULT_TOKEN_LIFETIME_S);
    const lifetimeMs = (Number.isFinite(lifetimeS) && lifetimeS > 0 ? lifetimeS : DEFAULT_TOKEN_LIFETIME_S) * 1000;
    // Expiry is counted from receipt on meetgraph's clock, not from `created_at`, so a skewed vendor clock cannot
    // make a fresh token look stale.
    const margin = Math.min(RENEW_MARGIN_MS, lifetimeMs / 10);
    return { value: body.access_token, renewAt: this.options.now().getTime() + lifetimeMs - margin };
  }

  // ------------------------------------------------------------------------------------------ transport

  private async send(operation: string, method: 'GET' | 'POST', path: string, query: ApizeeQuery, ctx: CallContext): Promise<unknown> {
    const attempt = async (token: string): Promise<Response<string>> => {
      try {
        return await this.options.http(path, {
          method,
          searchParams: toSearchParams(query),
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          responseType: 'text',
          context: vendorRequest(ctx, operation, method === 'GET' ? 'read' : 'write'),
        });
      } catch (error) {
        throw transportError(this.source, error);
      }
    };
    let token = await this.accessToken(ctx);
    let response = await attempt(token);
    if (response.statusCode === 401) {
      // No refresh token (docs/vendors/apizee.md): a 401 means the token expired or was revoked; ask for a new one and reissue once.
      // A 401 means the call was not executed, so reissuing a POST cannot create twice.
      await this.forgetToken(token);
      token = await this.accessToken(ctx);
      response = await attempt(token);
      if (response.statusCode === 401) {
        await this.forgetToken(token);
        throw new VendorAuthFailedError(this.source, 'Apizee refused a freshly issued access token.', { upstreamStatus: 401 });
      }
    }
    if (response.statusCode < 200 || response.statusCode >= 300) throw this.errorFor(response, operation);
    return this.parseJson(response);
  }

  private parseJson(response: Response<string>): unknown {
    if (response.body === '') return null;
    try {
      return responseJson(response);
    } catch {
      // An HTML page or cut-off JSON: Apizee (or a proxy before it) is unwell.
      throw vendorGarbageError(this.source, 'its call', response.statusCode);
    }
  }

  /**
   * Error bodies are `{ code, message, details }` (docs/vendors/apizee.md "Transport and auth"); the short vendor text is quoted,
   * trimmed and scrubbed, never the body itself.
   */
  private errorFor(response: Response<string>, operation: string): VendorError {
    let body: ApizeeErrorBody | null = null;
    try {
      const parsed = JSON.parse(response.body) as unknown;
      if (parsed && typeof parsed === 'object') body = parsed as ApizeeErrorBody;
    } catch {
      body = null;
    }
    const status = response.statusCode;
    // Scrubbed before it is cut: a cut first would leave most of an echoed token in place.
    const vendorText = quoteVendorText(
      [body?.message, body?.details].filter((t): t is string => typeof t === 'string' && t.trim() !== '').join(' — '),
      MAX_QUOTED_TEXT,
    );
    const quoted = vendorText ? `: ${vendorText}` : '';
    const code = body?.code !== undefined && body?.code !== null ? ` (code ${String(body.code).slice(0, 20)})` : '';
    const what =
      status === 400
        ? `Apizee refused the ${operation} request${code}${quoted}`
        : status === 401
          ? `Apizee refused the access token for ${operation}${quoted}`
          : status === 403
            ? `Apizee denied ${operation} for this account${quoted}`
            : status === 404
              ? `Apizee does not know the object asked by ${operation}${quoted}`
              : status === 429
                ? `Apizee rate limit reached on ${operation}`
                : status >= 500
                  ? `Apizee failed on ${operation} (HTTP ${status})`
                  : `Apizee refused the ${operation} request (HTTP ${status})${quoted}`;
    return errorForHttpStatus(this.source, status, what, retryAfterSeconds(response.headers['retry-after'], this.options.now()));
  }

  // ------------------------------------------------------------------------------------------ conferences

  listConferences(
    query: { limit: number; offset: number; since: string | null; search: string | null },
    ctx: CallContext,
  ): Promise<ApizeeList<ApizeeConference>> {
    // docs/vendors/apizee.md "Calls used": GET /conferences limit, offset, since, search, orderby=date, order → { total, data }
    return this.send('conferences.list', 'GET', 'conferences', { ...query, orderby: 'date', order: 'desc' }, ctx) as Promise<
      ApizeeList<ApizeeConference>
    >;
  }

  getConference(id: number, ctx: CallContext): Promise<ApizeeConference> {
    // docs/vendors/apizee.md "Calls used": GET /conferences/{id} (a REST-convention guess, not on the published page) → Conference
    return this.send('conferences.get', 'GET', `conferences/${id}`, {}, ctx) as Promise<ApizeeConference>;
  }

  createConference(query: ApizeeQuery, ctx: CallContext): Promise<ApizeeConference> {
    // Apizee REST APIs, "Get a video meeting room": POST /conferences with QUERY parameters, empty body
    return this.send('conferences.create', 'POST', 'conferences', query, ctx) as Promise<ApizeeConference>;
  }

  listConferenceMedia(id: number, query: { limit: number; offset: number }, ctx: CallContext): Promise<ApizeeList<ApizeeMedia>> {
    // Apizee REST APIs, "Get the recorded or shared files": GET /conferences/{id}/media → { total, data }
    return this.send('conferences.media', 'GET', `conferences/${id}/media`, { ...query, orderby: 'date', order: 'desc' }, ctx) as Promise<
      ApizeeList<ApizeeMedia>
    >;
  }

  listSessionStats(query: { serviceKey: string; since: string; until: string }, ctx: CallContext): Promise<ApizeeSessionStatList> {
    // Apizee REST APIs, "Get statistics": GET /session service_key, since, until (ISO) → { total, since, until, data }
    return this.send(
      'session.list',
      'GET',
      'session',
      { service_key: query.serviceKey, since: query.since, until: query.until },
      ctx,
    ) as Promise<ApizeeSessionStatList>;
  }

  // ------------------------------------------------------------------------------------------ tickets

  createTicket(query: ApizeeQuery, ctx: CallContext): Promise<ApizeeTicket> {
    // Apizee REST APIs, "Retrieving the link to a video assistance room": POST /tickets, query parameters
    return this.send('tickets.create', 'POST', 'tickets', query, ctx) as Promise<ApizeeTicket>;
  }

  listTickets(query: { limit: number; offset: number }, ctx: CallContext): Promise<ApizeeList<ApizeeTicket>> {
    // Apizee REST APIs, "Get a ticket ID from a reference": GET /tickets orderby, order, limit, offset → { total, data }
    return this.send('tickets.list', 'GET', 'tickets', { orderby: 'date', order: 'desc', ...query }, ctx) as Promise<
      ApizeeList<ApizeeTicket>
    >;
  }

  listTicketMedias(
    enterpriseId: number,
    ticketId: number,
    query: { limit: number; offset: number },
    ctx: CallContext,
  ): Promise<ApizeeTicketMediaList> {
    // Apizee REST APIs, "Get the recorded media for a given ticket": GET /enterprises/{eid}/tickets/{id}/medias
    // → { limit, offset, medias, count } (its own envelope, not { total, data })
    return this.send(
      'tickets.medias',
      'GET',
      `enterprises/${enterpriseId}/tickets/${ticketId}/medias`,
      query,
      ctx,
    ) as Promise<ApizeeTicketMediaList>;
  }

  ticketStats(enterpriseId: number, query: { since: string; until: string }, ctx: CallContext): Promise<ApizeeTicketStat[]> {
    // Apizee REST APIs, "Get detailed ticket statistics for a given day":
    // GET /enterprises/{eid}/tickets-stats?format=JSON&since&until (dates) → array with French keys
    return this.send(
      'tickets.stats',
      'GET',
      `enterprises/${enterpriseId}/tickets-stats`,
      { format: 'JSON', since: query.since, until: query.until },
      ctx,
    ) as Promise<ApizeeTicketStat[]>;
  }
}
