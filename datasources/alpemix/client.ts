import { registerSecret } from '../../core/secrets.js';
import type { ConnectionHealth } from '../health.js';
import { retryAfterSeconds, transportError, vendorRequest, type VendorHttp } from '../http.js';
import type { CallContext } from '../request-memo.js';
import {
  VendorProtocolError,
  VendorRateLimitedError,
  vendorGarbageError,
  type VendorError,
  type VendorErrorSource,
} from '../vendor-errors.js';
import { ALPEMIX_REPORT_LIMIT, ALPEMIX_TOKEN_LIMIT, type AlpemixBudgetGroup } from './budget-group.js';
import type { BudgetTicket } from './call-budget.js';
import type { SharedBudget } from '../shared-budget.js';
import { SharedToken, type IssuedToken } from '../shared-token.js';
import { alpemixError, alpemixHttpError, needsNewToken } from './errors.js';
import type {
  AlpemixConnection,
  AlpemixDay,
  AlpemixEnvelope,
  AlpemixReportRequest,
  AlpemixReportResponse,
  AlpemixTokenRequest,
  AlpemixTokenResponse,
} from './types.js';

/**
 * HTTP + auth + envelope/error mapping for the Alpemix Web API (docs/vendors/alpemix.md).
 * One instance per connection, shared by every GraphQL request: the access token lives here (it belongs to
 * the account), the call budgets come from the connection's budget group (the vendor limits per IP).
 */
export interface AlpemixCredentialsInput {
  mainUsername: string;
  secretKey: string;
}

export interface AlpemixClientOptions {
  http: VendorHttp;
  baseUrl: string;
  source: VendorErrorSource;
  credentials: AlpemixCredentialsInput;
  health: ConnectionHealth;
  now: () => Date;
  /** The token and report budgets shared by every connection leaving through the same egress. */
  budgets: AlpemixBudgetGroup;
  /** A choice: 23 h, one hour inside the vendor's "valid for 1 day". */
  tokenTtlMs?: number;
  /** The account's token, shared by the replicas (datasources/shared-token.ts); per client when absent. */
  token?: SharedToken;
}

export const ALPEMIX_TOKEN_TTL_MS = 23 * 60 * 60 * 1000;

/** The request numbers of step 2: 1 = today, 2 = yesterday (docs/vendors/alpemix.md "Reports"). */
const REQUEST_NUMBER: Record<AlpemixDay, 1 | 2> = { today: 1, yesterday: 2 };

/** A non-zero errornumber travels as the mapped VendorError; the number itself is kept for the re-auth decision. */
function errorNumberOf(error: unknown): number | null {
  const status = (error as VendorError | null)?.upstreamStatus;
  return typeof status === 'number' ? status : null;
}

const JSON_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);

/**
 * Quirk: the doc writes `dt` as `"23:38:18 22\08\2024"`; a server that echoes that literally produces invalid
 * JSON (`\0`, `\2` are not JSON escapes). When strict parsing fails, lone backslashes are doubled and the body
 * is parsed once more, so such a reply still yields the backslash date the mapper expects.
 */
export function parseAlpemixJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    const repaired = body.replace(/\\([\s\S])/g, (pair: string, next: string) => (JSON_ESCAPES.has(next) ? pair : `\\\\${next}`));
    try {
      return JSON.parse(repaired);
    } catch {
      return undefined;
    }
  }
}

export class AlpemixClient {
  private readonly token: SharedToken;
  private readonly tokenTtlMs: number;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: AlpemixClientOptions) {
    this.tokenTtlMs = options.tokenTtlMs ?? ALPEMIX_TOKEN_TTL_MS;
    this.token = options.token ?? new SharedToken({ key: 'token:alpemix', now: options.now });
    this.unsubscribe = options.budgets.subscribe(() => this.showBudget());
    this.showBudget();
  }

  get source(): VendorErrorSource {
    return this.options.source;
  }

  get tokenBudget(): SharedBudget {
    return this.options.budgets.token;
  }

  get reportBudget(): SharedBudget {
    return this.options.budgets.report;
  }

  /**
   * The report calls meetgraph may still make in the current minute, shown as the rate budget of every
   * connection in the budget group (they all draw on it).
   */
  publishBudget(): void {
    this.options.budgets.changed();
  }

  private showBudget(): void {
    this.options.health.setRateBudget(this.reportBudget.remaining());
  }

  /**
   * Reserves `count` report calls at once, or throws VENDOR_RATE_LIMITED without calling: a caller needing
   * today and yesterday gets both slots or neither.
   */
  async reserveReports(count: number): Promise<BudgetTicket[]> {
    const grant = await this.reportBudget.take(count);
    this.publishBudget();
    if (!grant.granted) {
      const seconds = Math.ceil(grant.retryAfterMs / 1000);
      throw new VendorRateLimitedError(
        this.source,
        `meetgraph holds back Alpemix report requests: the vendor allows ${ALPEMIX_REPORT_LIMIT} a minute and blocks offenders; retry in ${seconds} s.`,
        { retryAfterSeconds: seconds },
      );
    }
    return grant.tickets;
  }

  /**
   * Step 2 for one day, on a report slot the caller reserved with `reserveReports` (released if the call never
   * goes out). On 201/202/203/106 the cached token is dropped, a new one fetched and the call reissued once, on a
   * fresh report slot and a token slot of the same budget group (VENDOR_RATE_LIMITED, nothing sent, if none is left).
   */
  async fetchReport(day: AlpemixDay, ctx: CallContext, ticket: BudgetTicket, lastXConnection = 0): Promise<AlpemixConnection[]> {
    let token: string;
    try {
      token = await this.accessToken(ctx);
    } catch (error) {
      ticket.release();
      this.publishBudget();
      throw error;
    }
    try {
      return await this.sendReport(day, token, lastXConnection, ctx, ticket);
    } catch (error) {
      if (!needsNewToken(errorNumberOf(error))) throw error;
      // Quirk: a token is bound to the caller's IP and to one day; 201/202/203/106 → new token, reissue once.
      await this.invalidateToken(token);
      const [retryTicket] = (await this.reserveReports(1)) as [BudgetTicket];
      let fresh: string;
      try {
        fresh = await this.accessToken(ctx);
      } catch (tokenError) {
        retryTicket.release();
        this.publishBudget();
        throw tokenError;
      }
      // A second 201/202/203 surfaces as the mapped VENDOR_AUTH_FAILED, a second 106 as INTERNAL_SERVER_ERROR.
      return this.sendReport(day, fresh, lastXConnection, ctx, retryTicket);
    }
  }

  /**
   * The account's token: this process's copy, the one stored by another replica, or a new one (step 1) within
   * the token budget, requested by one caller at a time across every replica.
   */
  accessToken(ctx: CallContext): Promise<string> {
    return this.token.get(async () => {
      const grant = await this.tokenBudget.take(1);
      if (!grant.granted) {
        const seconds = Math.ceil(grant.retryAfterMs / 1000);
        throw new VendorRateLimitedError(
          this.source,
          `meetgraph holds back Alpemix access-token requests: the vendor allows ${ALPEMIX_TOKEN_LIMIT} a minute and blocks the IP beyond that; retry in ${seconds} s.`,
          { retryAfterSeconds: seconds },
        );
      }
      return this.requestToken(ctx, grant.tickets[0] as BudgetTicket);
    });
  }

  /** Forgets `token` if it is still the current one (a concurrent caller or replica may already have replaced it). */
  invalidateToken(token: string): Promise<void> {
    return this.token.forget(token);
  }

  /** Drops this process's copy of the token and stops showing the group's budget (close). */
  reset(): void {
    this.token.reset();
    this.unsubscribe();
  }

  private async requestToken(ctx: CallContext, ticket: BudgetTicket): Promise<IssuedToken> {
    const { mainUsername, secretKey } = this.options.credentials;
    const body: AlpemixTokenRequest = { stepnumber: 1, secretkey: secretKey, mainusername: mainUsername };
    // docs/vendors/alpemix.md "Access token" (published page "Getting Access Token"): step 1 → { errornumber: 0, accesstoken }
    const reply = await this.post<AlpemixTokenResponse>(body, 'token', ctx, ticket);
    const value = reply.accesstoken;
    if (typeof value !== 'string' || value === '') throw new VendorProtocolError(this.source, 'Alpemix issued no access token.');
    registerSecret(value);
    return { value, renewAt: this.options.now().getTime() + this.tokenTtlMs };
  }

  private async sendReport(
    day: AlpemixDay,
    token: string,
    lastXConnection: number,
    ctx: CallContext,
    ticket: BudgetTicket,
  ): Promise<AlpemixConnection[]> {
    // docs/vendors/alpemix.md "Reports" (published page "Getting the Connection Report"):
    // today = { stepnumber 2, requestnumber 1, lastxconnection 0 | N }, yesterday = { stepnumber 2, requestnumber 2 }
    const body: AlpemixReportRequest =
      REQUEST_NUMBER[day] === 1
        ? { stepnumber: 2, accesstoken: token, requestnumber: 1, lastxconnection: lastXConnection }
        : { stepnumber: 2, accesstoken: token, requestnumber: 2 };
    const reply = await this.post<AlpemixReportResponse>(body, 'report', ctx, ticket);
    const results: unknown = reply.results ?? [];
    if (!Array.isArray(results)) throw new VendorProtocolError(this.source, 'Alpemix sent a report whose results are not a list.');
    return results as AlpemixConnection[];
  }

  /**
   * The one endpoint: `POST {baseUrl}` exactly (no trailing slash added: prefixUrl is switched off for it).
   * Resolves with the body when `errornumber` is 0; otherwise throws the mapped error. The slot is completed
   * whatever happens, since the call went out.
   */
  private async post<T extends AlpemixEnvelope>(
    body: AlpemixTokenRequest | AlpemixReportRequest,
    operation: 'token' | 'report',
    ctx: CallContext,
    ticket: BudgetTicket,
  ): Promise<T> {
    let status: number;
    let text: string;
    let retryAfterHeader: string | string[] | undefined;
    try {
      const response = await this.options.http.post(this.options.baseUrl, {
        prefixUrl: '',
        json: body,
        responseType: 'text',
        // Both steps only read, but each costs a slot of the vendor's per-minute limit: never repeated by the shared
        // layer. The reply may carry the documented backslash dates, so the client parses it leniently itself.
        context: vendorRequest(ctx, operation, 'read', { noRetry: true, lenientJson: true }),
      });
      status = response.statusCode;
      text = response.body;
      retryAfterHeader = response.headers['retry-after'];
    } catch (error) {
      throw transportError(this.source, error);
    } finally {
      ticket.complete();
      this.publishBudget();
    }
    const parsed = parseAlpemixJson(text);
    const envelope = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    const errornumber = envelope ? Number(envelope.errornumber) : Number.NaN;
    // The error number wins over the HTTP status: Alpemix reports errors with HTTP 200 (doc).
    if (Number.isInteger(errornumber) && errornumber !== 0) throw this.fail(alpemixError(this.source, errornumber), operation);
    if (status < 200 || status >= 300)
      throw this.fail(alpemixHttpError(this.source, status, retryAfterSeconds(retryAfterHeader, this.options.now())), operation);
    if (parsed === undefined) throw this.fail(vendorGarbageError(this.source, operation, status), operation);
    if (!envelope || errornumber !== 0)
      throw this.fail(new VendorProtocolError(this.source, 'Alpemix sent a reply without the documented envelope.'), operation);
    return envelope as unknown as T;
  }

  /**
   * Records the failure. After the vendor's own limit answer (204: token limit, IP blocked; 205: report limit;
   * or an HTTP 429 on this operation) nothing more of that kind is sent for a whole window.
   */
  private fail(error: VendorError, operation: 'token' | 'report'): VendorError {
    if (error.code === 'VENDOR_RATE_LIMITED') {
      const budget = error.upstreamStatus === 204 ? 'token' : error.upstreamStatus === 205 ? 'report' : operation;
      void (budget === 'token' ? this.tokenBudget : this.reportBudget).saturate().catch(() => undefined);
    }
    this.options.health.recordFailure(error.code);
    return error;
  }
}
