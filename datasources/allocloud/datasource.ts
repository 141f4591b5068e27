import { BadUserInputError } from '../../core/errors.js';
import type { Capability } from '../capabilities.js';
import type { CreateMeetingCommand, InviteeCommand, UpdateMeetingCommand } from '../commands.js';
import type { ConnectionHealth } from '../health.js';
import { pageMeetings, type ListPage, type MeetingListQuery } from '../list-queries.js';
import type { MeetingRecord, ParticipantRecord } from '../records.js';
import type { CallContext, RequestMemo } from '../request-memo.js';
import { BaseVendorDatasource, mapBounded, type BatchResult } from '../vendor.js';
import { VendorNotFoundError, VendorProtocolError } from '../vendor-errors.js';
import type { AllocloudClient } from './client.js';
import {
  commandEnd,
  feedMeetings,
  parseCalendar,
  toAccount,
  toCreateAccountBody,
  toCreateBody,
  toInvitedParticipants,
  toMeeting,
  toUpdateBody,
  type FeedMeeting,
} from './mapper.js';
import type { AllocloudAccountRecord, AllocloudCreateAccountInput, AllocloudMeeting, AllocloudOrganizer } from './types.js';

export type { AllocloudAccountRecord, AllocloudCreateAccountInput } from './types.js';

/** Feeds read in parallel per request (one per organizer). */
const FEED_CONCURRENCY = 4;

/**
 * What an ALLOcloud connection can do. Listing and get-by-id read the organizers' feeds, which needs `accountId`
 * (docs/vendors/allocloud.md "Listing"); create/update never do.
 */
export function allocloudCapabilities(options: { accountId: string | null }): ReadonlySet<Capability> {
  const caps: Capability[] = ['CREATE_MEETING', 'UPDATE_MEETING'];
  if (options.accountId !== null) caps.push('LIST_MEETINGS', 'GET_MEETING', 'MEETING_PARTICIPANTS');
  return new Set(caps);
}

export interface AllocloudDatasourceOptions {
  connectionId: string;
  label: string | null;
  health: ConnectionHealth;
  client: AllocloudClient;
  /** `https://<domain>/api/v6`, to derive a feed path from `icsToken` when an organizer lacks `icsPath`. */
  baseUrl: string;
  accountId: string | null;
  /** The organizer meetgraph writes as (`X-USER-ID`); when the organizer list lacks it, the list is incomplete. */
  userId: string | null;
  now: () => Date;
}

/** What one request knows about the account's meetings: every readable feed merged, and what is missing. */
interface FeedIndex {
  meetings: Map<string, FeedMeeting>;
  /** A feed that could not be fetched: the list fails, and ids not found elsewhere get this error. */
  failure: Error | null;
  /** Why the list is incomplete (unreadable events or feeds, an organizer list that looks partial). */
  gaps: string[];
  /** Meetings present in a feed but in a form meetgraph cannot read: look-ups of them fail, others do not. */
  unreadableIds: Set<string>;
  /** A whole feed could not be parsed: an id found nowhere may be in it. */
  unreadableFeed: boolean;
}

/** A feed index built without a failed feed: only such an index may outlive its request (a failure is retried). */
export function isCompleteFeedIndex(index: unknown): boolean {
  return (index as FeedIndex).failure === null;
}

/** A meeting this request wrote: the vendor's full JSON (for a later update) and its records. */
interface WrittenMeeting extends FeedMeeting {
  json: AllocloudMeeting;
}

export class AllocloudDatasource extends BaseVendorDatasource {
  readonly vendor = 'allocloud' as const;
  readonly capabilities: ReadonlySet<Capability>;
  private readonly client: AllocloudClient;
  private readonly accountId: string | null;
  private readonly userId: string | null;
  private readonly now: () => Date;
  private readonly apiPath: string;
  /** Meetings written in a request, from the vendor's JSON reply: fresher than the feed read before the write. */
  private readonly written = new WeakMap<RequestMemo, Map<string, WrittenMeeting>>();

  constructor(options: AllocloudDatasourceOptions) {
    super(options.connectionId, options.label, options.health);
    this.client = options.client;
    this.accountId = options.accountId;
    this.userId = options.userId;
    this.now = options.now;
    this.apiPath = new URL(options.baseUrl).pathname.replace(/\/+$/, '');
    this.capabilities = allocloudCapabilities({ accountId: options.accountId });
  }

  // ------------------------------------------------------------------------------------------ reads (feeds)

  /** The feed path of an organizer; `icsPath` as documented, else built from `icsToken` on the same API path. */
  private feedPath(o: AllocloudOrganizer): string | null {
    if (typeof o.icsPath === 'string' && o.icsPath !== '') return o.icsPath;
    if (typeof o.icsToken === 'string' && o.icsToken !== '')
      return `${this.apiPath}/meeting/calender/user/${encodeURIComponent(o.icsToken)}`;
    return null;
  }

  /**
   * Whether the organizer list looks incomplete. The tutorial calls `GET /account/admin/{id}` "retrieve the account
   * admin": if it returns the admin alone, the meetings of every other organizer are missing from the list. A list
   * of one, or one without the configured `userId`, is reported (docs/vendors/allocloud.md "Listing").
   */
  private organizerGap(organizers: AllocloudOrganizer[]): string | null {
    if (this.userId && !organizers.some((o) => o.id === this.userId)) {
      return "ALLOcloud did not list the configured user among the account's organizers: meetings of unlisted organizers are missing.";
    }
    if (organizers.length === 1) {
      return 'ALLOcloud returned only the account admin as organizer: meetings of any other organizer of the account are not listed.';
    }
    return null;
  }

  /**
   * Every meeting of the account: organizers (memoized), then each organizer's feed read once per request
   * (memoized in the client), parsed with ical.js. A meeting in several feeds keeps the first organizer's copy.
   * An event (or a whole feed) that cannot be read is skipped and reported, never fatal.
   */
  private feedIndex(accountId: string, ctx: CallContext): Promise<FeedIndex> {
    return ctx.memo.forConnection(this.connectionId).once(`feed-index:${accountId}`, async () => {
      const organizers = await this.client.listOrganizers(accountId, ctx);
      const now = this.now();
      const results = await mapBounded(organizers, FEED_CONCURRENCY, async (o) => {
        const path = this.feedPath(o);
        if (!path) return null;
        const text = await this.client.readFeed(path, ctx);
        try {
          return feedMeetings(parseCalendar(text), { fallbackTimezone: o.timezone ?? null, now });
        } catch {
          return 'unparseable' as const;
        }
      });
      const index: FeedIndex = { meetings: new Map(), failure: null, gaps: [], unreadableIds: new Set(), unreadableFeed: false };
      let unreadableEvents = 0;
      let unreadableFeeds = 0;
      for (const result of results) {
        if (result instanceof Error) {
          index.failure ??= result;
          continue;
        }
        if (result === null) continue;
        if (result === 'unparseable') {
          unreadableFeeds += 1;
          continue;
        }
        for (const m of result.meetings) if (!index.meetings.has(m.meeting.nativeId)) index.meetings.set(m.meeting.nativeId, m);
        for (const u of result.unreadable) {
          unreadableEvents += 1;
          if (u.id) index.unreadableIds.add(u.id);
        }
      }
      index.unreadableFeed = unreadableFeeds > 0;
      const organizerGap = this.organizerGap(organizers);
      if (organizerGap) index.gaps.push(organizerGap);
      if (unreadableEvents > 0) {
        index.gaps.push(`${unreadableEvents} meeting(s) in ALLOcloud's iCalendar feeds could not be read and are left out.`);
      }
      if (unreadableFeeds > 0) index.gaps.push(`${unreadableFeeds} organizer feed(s) from ALLOcloud were not iCalendar and are left out.`);
      return index;
    });
  }

  private requireAccountId(what: string): string | Promise<never> {
    return this.accountId ?? this.unsupported(what);
  }

  private lookup(index: FeedIndex, id: string, ctx: CallContext): FeedMeeting | null {
    return this.written.get(ctx.memo)?.get(id) ?? index.meetings.get(id) ?? null;
  }

  /** Why an id the feeds did not yield is not simply absent: a failed feed, or a feed or event that could not be read. */
  private missing(index: FeedIndex, id: string): Error | null {
    if (index.unreadableIds.has(id)) {
      return new VendorProtocolError(this.source, `ALLOcloud's feed has meeting ${id} in a form meetgraph cannot read.`);
    }
    if (index.failure) return index.failure;
    if (index.unreadableFeed) {
      return new VendorProtocolError(this.source, `ALLOcloud meeting ${id} may be in an organizer feed that could not be read.`);
    }
    return null;
  }

  override async listMeetings(query: MeetingListQuery, ctx: CallContext): Promise<ListPage<MeetingRecord>> {
    const accountId = await this.requireAccountId('list meetings without an accountId on the connection');
    const index = await this.feedIndex(accountId, ctx);
    // A page built from some feeds only would shift every later offset once the feed is back: the list fails.
    if (index.failure) throw index.failure;
    const all = new Map([...index.meetings].map(([id, m]) => [id, m.meeting]));
    for (const [id, m] of this.written.get(ctx.memo) ?? []) all.set(id, m.meeting);
    const page = pageMeetings([...all.values()], query);
    return index.gaps.length ? { ...page, partialReason: index.gaps.join(' ') } : page;
  }

  override async getMeetings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<MeetingRecord | null>> {
    const accountId = await this.requireAccountId('look up meetings without an accountId on the connection');
    const index = await this.feedIndex(accountId, ctx);
    return ids.map((id) => this.lookup(index, id, ctx)?.meeting ?? this.missing(index, id) ?? null);
  }

  override async meetingParticipants(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    const accountId = await this.requireAccountId("list a meeting's participants without an accountId on the connection");
    const index = await this.feedIndex(accountId, ctx);
    return ids.map(
      (id) =>
        this.lookup(index, id, ctx)?.participants ??
        this.missing(index, id) ??
        new VendorNotFoundError(this.source, `ALLOcloud has no meeting ${id} in the account's feeds.`),
    );
  }

  // ------------------------------------------------------------------------------------------------- writes

  private remember(reply: AllocloudMeeting, ctx: CallContext): MeetingRecord {
    // Reads cached before the write are stale now.
    ctx.memo.forConnection(this.connectionId).forget();
    const meeting = toMeeting(reply, this.now());
    let map = this.written.get(ctx.memo);
    if (!map) this.written.set(ctx.memo, (map = new Map()));
    map.set(meeting.nativeId, { meeting, participants: toInvitedParticipants(meeting.nativeId, reply.invitedParticipants), json: reply });
    return meeting;
  }

  private checkInvitees(participants: InviteeCommand[] | null | undefined): void {
    (participants ?? []).forEach((p, i) => {
      if (!p.email) throw new BadUserInputError(`input.participants[${i}].email`, 'ALLOcloud invites participants by email address.');
    });
  }

  /** Inputs ALLOcloud has no field for are refused rather than silently dropped. */
  private checkUnsupportedFields(input: UpdateMeetingCommand): void {
    if (input.kind && input.kind !== 'SCHEDULED') throw new BadUserInputError('input.kind', 'ALLOcloud meetings are always SCHEDULED.');
    if (input.settings && input.settings.length > 0)
      throw new BadUserInputError('input.settings', 'ALLOcloud meetings take no settings through meetgraph (use `recorded`).');
    if (input.moderatorPassword) throw new BadUserInputError('input.moderatorPassword', 'ALLOcloud meetings have no moderator password.');
  }

  private checkTimes(startsAt: Date, endsAt: Date, durationMinutes: number | null | undefined): void {
    if (endsAt.getTime() <= startsAt.getTime()) throw new BadUserInputError('input.endsAt', 'must be after startsAt.');
    if (
      durationMinutes !== null &&
      durationMinutes !== undefined &&
      Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000) !== durationMinutes
    ) {
      throw new BadUserInputError('input.durationMinutes', 'does not match startsAt and endsAt.');
    }
  }

  /**
   * `POST /meeting` with the documented minimal body. `timezone` is accepted but not sent: times travel as UTC
   * instants and ALLOcloud's `timezone` is display-only, set from the organizer.
   */
  override async createMeeting(input: CreateMeetingCommand, ctx: CallContext): Promise<MeetingRecord> {
    if (!input.title || input.title.trim() === '') throw new BadUserInputError('input.title', 'ALLOcloud needs a topic.');
    if (!input.startsAt) throw new BadUserInputError('input.startsAt', 'ALLOcloud schedules meetings: a start time is required.');
    const endsAt = commandEnd(input);
    if (!endsAt) throw new BadUserInputError('input.endsAt', 'give endsAt or durationMinutes: ALLOcloud needs the end time.');
    this.checkTimes(input.startsAt, endsAt, input.endsAt ? input.durationMinutes : null);
    this.checkUnsupportedFields(input);
    this.checkInvitees(input.participants);
    const { title, startsAt, description, recorded, participants } = input;
    const body = toCreateBody({ title, startsAt, endsAt, description, recorded, participants });
    return this.remember(await this.client.createMeeting(body, ctx), ctx);
  }

  /** The meeting's full current JSON: this request's own write, else `GET /meeting/{id}`. */
  private async currentJson(meetingId: string, ctx: CallContext): Promise<AllocloudMeeting> {
    const written = this.written.get(ctx.memo)?.get(meetingId);
    if (written) return written.json;
    const current = await this.client.getMeeting(meetingId, ctx);
    if (!current || typeof current !== 'object' || typeof current.id !== 'string') {
      throw new VendorProtocolError(this.source, `ALLOcloud answered the read of meeting ${meetingId} without a meeting.`);
    }
    return current;
  }

  /**
   * `PUT /meeting/{id}/false`, read-modify-write: the tutorial's update sends the whole meeting and a PUT replaces
   * it, so the current JSON is read first and every field the caller did not name is written back as it was
   * (type, recurrence, dial-in, permissions, recording, agenda, invitations) — never reset, never re-typed.
   */
  override async updateMeeting(meetingId: string, input: UpdateMeetingCommand, ctx: CallContext): Promise<MeetingRecord> {
    this.checkUnsupportedFields(input);
    this.checkInvitees(input.participants);
    if (input.title !== undefined && input.title !== null && input.title.trim() === '')
      throw new BadUserInputError('input.title', 'must not be empty.');
    const current = await this.currentJson(meetingId, ctx);
    const currentStart = current.startTime ? new Date(current.startTime) : null;
    const currentEnd = current.endTime ? new Date(current.endTime) : null;
    const startsAt = input.startsAt ?? currentStart;
    if (!startsAt || Number.isNaN(startsAt.getTime())) {
      throw new BadUserInputError('input.startsAt', 'the meeting has no start time to keep; give one.');
    }
    const keptMinutes = currentStart && currentEnd ? Math.round((currentEnd.getTime() - currentStart.getTime()) / 60_000) : null;
    // Moving the start keeps the meeting's length unless a new end or duration is given.
    const endsAt = commandEnd({ startsAt, endsAt: input.endsAt ?? null, durationMinutes: input.durationMinutes ?? keptMinutes });
    if (!endsAt) throw new BadUserInputError('input.endsAt', 'the meeting has no end time to keep; give endsAt or durationMinutes.');
    this.checkTimes(startsAt, endsAt, input.endsAt ? input.durationMinutes : null);
    const { title, description, recorded, participants } = input;
    const body = toUpdateBody(current, { title, startsAt, endsAt, description, recorded, participants });
    return this.remember(await this.client.updateMeeting(meetingId, body, ctx), ctx);
  }

  /** `POST /account` (reseller use): the lead exposes it as an ALLOcloud-specific mutation. */
  async createAccount(input: AllocloudCreateAccountInput, ctx: CallContext): Promise<AllocloudAccountRecord> {
    const required: Array<keyof AllocloudCreateAccountInput> = [
      'accountType',
      'adminFirstname',
      'adminLastname',
      'adminEmail',
      'adminPreferredLanguage',
    ];
    for (const field of required) {
      const value = input[field];
      if (typeof value !== 'string' || value.trim() === '') throw new BadUserInputError(`input.${field}`, 'is required.');
    }
    if (!(input.paidUntil instanceof Date) || Number.isNaN(input.paidUntil.getTime()))
      throw new BadUserInputError('input.paidUntil', 'must be a date.');
    if (typeof input.sendPassword !== 'boolean') throw new BadUserInputError('input.sendPassword', 'must be true or false.');
    return toAccount(await this.client.createAccount(toCreateAccountBody(input), ctx));
  }
}
