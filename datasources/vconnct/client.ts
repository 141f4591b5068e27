import type { Method, Response } from 'got';
import { retryAfterSeconds, transportError, vendorRequest, type CallKind, type VendorHttp } from '../http.js';
import { responseJson } from '../response-json.js';
import type { CallContext } from '../request-memo.js';
import type { ConnectionHealth } from '../health.js';
import {
  VendorAuthFailedError,
  VendorError,
  VendorProtocolError,
  VendorQuotaExceededError,
  VendorRejectedError,
  errorForHttpStatus,
  quoteVendorText,
  vendorGarbageError,
  type VendorErrorSource,
} from '../vendor-errors.js';
import type {
  VconnctAttendance,
  VconnctErrorBody,
  VconnctGeneralSettings,
  VconnctJoinBody,
  VconnctJoinResult,
  VconnctMeeting,
  VconnctMeetingDetail,
  VconnctMeetingWrite,
  VconnctSession,
  VconnctSetting,
  VconnctStartBody,
  VconnctStartResult,
} from './types.js';

/**
 * VConnct quirk (docs/vendors/vconnct.md "Join route"): the published page documents joining under the same
 * `POST /start_meeting/` path as starting, told apart by the body (`fullname` + `role` instead of
 * `moderator_name`). The path is followed literally although it is probably a copy-paste slip on the page (the
 * section is titled "Join Meeting"); if VConnct confirms a separate join path, change it here only.
 */
export const VCONNCT_JOIN_PATH = 'start_meeting/';

/**
 * 400s that mean a license limit rather than bad input: "maximum meeting rooms" on create and "maximum
 * attendance" on join (docs/vendors/vconnct.md "Transport"). VConnct words them freely, so match a limit word together
 * with a room/attendance word, in English or Arabic (the `Accept-Language` we send asks for English).
 */
export function isVconnctQuotaMessage(messages: readonly string[]): boolean {
  const limit = /\b(max(imum)?|limit(ed|s)?|quota|exceed(ed|s)?|reached|capacity|no more|too many)\b|الحد|الأقصى|تجاوز/i;
  const what = /\b(rooms?|meetings?|attend(ance|ees?)|participants?|users?|seats?|licen[cs]e)\b|غرف|غرفة|اجتماع|الحضور|حضور|المشاركين/i;
  return messages.some((m) => limit.test(m) && what.test(m));
}

/** An expired license is a 401 whose message says so (docs/vendors/vconnct.md "Transport"). */
function isExpiredMessage(messages: readonly string[]): boolean {
  return messages.some((m) => /expir|انته|منتهي/i.test(m));
}

interface CallOptions {
  operation: string;
  /** Declared per call: `end_meeting` is a GET that changes state, so the method alone cannot tell. */
  kind: CallKind;
  method: Method;
  path: string;
  ctx: CallContext;
  searchParams?: Record<string, string>;
  json?: unknown;
}

/** HTTP + the `license` header + envelope/error mapping for VConnct Client API v1. No caching here. */
export class VconnctClient {
  constructor(
    private readonly http: VendorHttp,
    private readonly source: VendorErrorSource,
    private readonly license: string,
    private readonly health: ConnectionHealth,
  ) {}

  // docs/vendors/vconnct.md "List Meetings": GET /list_meetings/
  listMeetings(ctx: CallContext): Promise<VconnctMeeting[]> {
    return this.call<VconnctMeeting[]>({ operation: 'list_meetings', kind: 'read', method: 'GET', path: 'list_meetings/', ctx }).then(
      asArray,
    );
  }

  // docs/vendors/vconnct.md "Create Meeting": POST /create_meeting/ → 201
  createMeeting(body: VconnctMeetingWrite, ctx: CallContext): Promise<VconnctMeetingDetail> {
    return this.call<VconnctMeetingDetail>({
      operation: 'create_meeting',
      kind: 'write',
      method: 'POST',
      path: 'create_meeting/',
      json: body,
      ctx,
    }).then(asMeeting(this.source));
  }

  // docs/vendors/vconnct.md "Update Meeting": PUT /update_meeting/?meeting_id=
  updateMeeting(meetingId: string, body: VconnctMeetingWrite, ctx: CallContext): Promise<VconnctMeetingDetail> {
    return this.call<VconnctMeetingDetail>({
      operation: 'update_meeting',
      kind: 'write',
      method: 'PUT',
      path: 'update_meeting/',
      searchParams: { meeting_id: meetingId },
      json: body,
      ctx,
    }).then(asMeeting(this.source));
  }

  // docs/vendors/vconnct.md "Delete Scheduled Meeting": DELETE /delete_scheduled_meeting/?meeting_id= (refused while running)
  async deleteMeeting(meetingId: string, ctx: CallContext): Promise<void> {
    await this.call<null>({
      operation: 'delete_scheduled_meeting',
      kind: 'write',
      method: 'DELETE',
      path: 'delete_scheduled_meeting/',
      searchParams: { meeting_id: meetingId },
      ctx,
    });
  }

  // docs/vendors/vconnct.md "Start Meeting": POST /start_meeting/ with moderator_name → the moderator's join URL
  async startMeeting(body: VconnctStartBody, ctx: CallContext): Promise<VconnctStartResult> {
    const data = await this.call<VconnctStartResult>({
      operation: 'start_meeting',
      kind: 'write',
      method: 'POST',
      path: 'start_meeting/',
      json: body,
      ctx,
    });
    return requireUrl(this.source, data, 'start_meeting');
  }

  // docs/vendors/vconnct.md "Join Meeting": POST /start_meeting/ (VCONNCT_JOIN_PATH) with fullname + role
  async joinMeeting(body: VconnctJoinBody, ctx: CallContext): Promise<VconnctJoinResult> {
    const data = await this.call<VconnctJoinResult>({
      operation: 'join_meeting',
      kind: 'write',
      method: 'POST',
      path: VCONNCT_JOIN_PATH,
      json: body,
      ctx,
    });
    return requireUrl(this.source, data, 'join');
  }

  // docs/vendors/vconnct.md "End Meeting": GET /end_meeting/?meeting_id= (asynchronous at BigBlueButton)
  async endMeeting(meetingId: string, ctx: CallContext): Promise<void> {
    await this.call<null>({
      operation: 'end_meeting',
      kind: 'write',
      method: 'GET',
      path: 'end_meeting/',
      searchParams: { meeting_id: meetingId },
      ctx,
    });
  }

  // docs/vendors/vconnct.md "List Sessions": GET /list_sessions/?meeting_id=
  listSessions(meetingId: string, ctx: CallContext): Promise<VconnctSession[]> {
    return this.call<VconnctSession[]>({
      operation: 'list_sessions',
      kind: 'read',
      method: 'GET',
      path: 'list_sessions/',
      searchParams: { meeting_id: meetingId },
      ctx,
    }).then(asArray);
  }

  // docs/vendors/vconnct.md "List Attendance": GET /list_attendance/?session_id=
  listAttendance(sessionId: string, ctx: CallContext): Promise<VconnctAttendance[]> {
    return this.call<VconnctAttendance[]>({
      operation: 'list_attendance',
      kind: 'read',
      method: 'GET',
      path: 'list_attendance/',
      searchParams: { session_id: sessionId },
      ctx,
    }).then(asArray);
  }

  // docs/vendors/vconnct.md "List Settings": GET /list_setting/?meeting_id=
  listSetting(meetingId: string, ctx: CallContext): Promise<VconnctSetting[]> {
    return this.call<VconnctSetting[]>({
      operation: 'list_setting',
      kind: 'read',
      method: 'GET',
      path: 'list_setting/',
      searchParams: { meeting_id: meetingId },
      ctx,
    }).then(asArray);
  }

  // docs/vendors/vconnct.md "List General Meeting Settings": GET /list_general_meeting_setting/ (map or list, see mapper)
  listGeneralMeetingSetting(ctx: CallContext): Promise<VconnctGeneralSettings> {
    return this.call<VconnctGeneralSettings>({
      operation: 'list_general_meeting_setting',
      kind: 'read',
      method: 'GET',
      path: 'list_general_meeting_setting/',
      ctx,
    });
  }

  // docs/vendors/vconnct.md "Get Session Recording": GET /get_record/?session_id= → the playback URL string
  getRecord(sessionId: string, ctx: CallContext): Promise<unknown> {
    return this.call<unknown>({
      operation: 'get_record',
      kind: 'read',
      method: 'GET',
      path: 'get_record/',
      searchParams: { session_id: sessionId },
      ctx,
    });
  }

  private async call<T>(options: CallOptions): Promise<T> {
    let response;
    try {
      response = await this.http(options.path, {
        method: options.method,
        searchParams: options.searchParams,
        json: options.json,
        headers: { license: this.license },
        responseType: 'text',
        context: vendorRequest(options.ctx, options.operation, options.kind),
      });
    } catch (error) {
      throw transportError(this.source, error);
    }
    const body = parseJson(response);
    const status = response.statusCode;
    // HTML or broken JSON with a 2xx: VConnct (or a proxy before it) is unwell, not the caller wrong.
    if (status >= 200 && status < 300 && body === undefined) throw vendorGarbageError(this.source, options.operation, status);
    if (status >= 200 && status < 300 && isRecord(body) && body.status !== false) {
      if (!('data' in body))
        throw new VendorProtocolError(this.source, `VConnct ${options.operation} answered without a data field.`, {
          upstreamStatus: status,
        });
      return body.data as T;
    }
    throw this.errorFor(options.operation, status, body, response.headers['retry-after']);
  }

  /** Error envelope → unified error (docs/vendors/vconnct.md "Error Responses"). HTTP 2xx with `status:false` uses `status_code`. */
  private errorFor(operation: string, httpStatus: number, body: unknown, retryAfter: string | string[] | undefined): VendorError {
    const envelope = isRecord(body) && body.status === false ? (body as unknown as VconnctErrorBody) : null;
    const status =
      httpStatus >= 300
        ? httpStatus
        : typeof envelope?.status_code === 'number' && envelope.status_code >= 400
          ? envelope.status_code
          : 400;
    const messages = (Array.isArray(envelope?.error_messages) ? envelope.error_messages : []).filter(
      (m): m is string => typeof m === 'string',
    );
    const quoted = this.quote(messages);
    const suffix = quoted ? `: ${quoted}` : '.';
    if (status === 401) {
      const expired = isExpiredMessage(messages);
      this.health.recordFailure('VENDOR_AUTH_FAILED');
      return new VendorAuthFailedError(
        this.source,
        expired
          ? `The VConnct license has expired (${operation})${suffix}`
          : `VConnct rejected the configured license (${operation})${suffix}`,
        { upstreamStatus: status },
      );
    }
    if (status === 404) return errorForHttpStatus(this.source, 404, `VConnct does not know the object asked for (${operation})${suffix}`);
    if (status >= 500 || status === 429 || status === 408 || status === 403) {
      return errorForHttpStatus(
        this.source,
        status,
        `VConnct ${operation} failed with HTTP ${status}${suffix}`,
        retryAfterSeconds(retryAfter),
      );
    }
    if (isVconnctQuotaMessage(messages)) {
      return new VendorQuotaExceededError(this.source, `The VConnct license limit was reached (${operation})${suffix}`, {
        upstreamStatus: status,
      });
    }
    return new VendorRejectedError(this.source, `VConnct refused ${operation}${suffix}`, { upstreamStatus: status });
  }

  /** The vendor's short texts, quoted: scrubbed of the license and any token should a vendor echo one, then capped. */
  private quote(messages: string[]): string {
    if (messages.length === 0) return '';
    return `"${quoteVendorText(messages.slice(0, 3).join('; ').split(this.license).join('[redacted]'), 300)}"`;
  }
}

/** The parsed body; null when empty, undefined when it is not JSON. */
function parseJson(response: Response<string>): unknown {
  if (typeof response.body !== 'string' || response.body === '') return null;
  try {
    return responseJson(response);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An absent/null list is an empty one. */
function asArray<T>(data: T[] | null | undefined): T[] {
  return Array.isArray(data) ? data : [];
}

function asMeeting(source: VendorErrorSource): (data: VconnctMeetingDetail) => VconnctMeetingDetail {
  return (data) => {
    if (!isRecord(data) || typeof data.meeting_id !== 'string')
      throw new VendorProtocolError(source, 'VConnct answered a meeting write without a meeting_id.');
    return data;
  };
}

function requireUrl<T extends { url: string }>(source: VendorErrorSource, data: T, operation: string): T {
  if (!isRecord(data) || typeof data.url !== 'string' || data.url === '')
    throw new VendorProtocolError(source, `VConnct ${operation} answered without a URL.`);
  return data;
}
