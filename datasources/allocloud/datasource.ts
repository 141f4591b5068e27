import { BadUserInputError } from '../../src/errors.js';
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
  toInvitedParticipants,
  toMeeting,
  toMeetingBody,
  type FeedMeeting,
} from './mapper.js';
import type { AllocloudAccountRecord, AllocloudCreateAccountInput, AllocloudMeeting, AllocloudOrganizer } from './types.js';

export type { AllocloudAccountRecord, AllocloudCreateAccountInput } from './types.js';

/** Feeds read in parallel per request (one per organizer). */
const FEED_CONCURRENCY = 4;

/**
 * Capabilities follow the config: listing and get-by-id read the organizers' feeds, which needs `accountId`
 * (contract "Listing"); create/update never do.
 */
export function allocloudCapabilities(hasAccountId: boolean): ReadonlySet<Capability> {
  const caps: Capability[] = ['CREATE_MEETING', 'UPDATE_MEETING'];
  if (hasAccountId) caps.push('LIST_MEETINGS', 'GET_MEETING', 'MEETING_PARTICIPANTS');
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
  now: () => Date;
}

/** What one request knows about the account's meetings: every feed merged, plus the failures of the others. */
interface FeedIndex {
  meetings: Map<string, FeedMeeting>;
  failure: Error | null;
}

export class AllocloudDatasource extends BaseVendorDatasource {
  readonly vendor = 'allocloud' as const;
  readonly capabilities: ReadonlySet<Capability>;
  private readonly client: AllocloudClient;
  private readonly accountId: string | null;
  private readonly now: () => Date;
  private readonly apiPath: string;
  /** Meetings written in a request, from the vendor's JSON reply: fresher than the feed read before the write. */
  private readonly written = new WeakMap<RequestMemo, Map<string, FeedMeeting>>();

  constructor(options: AllocloudDatasourceOptions) {
    super(options.connectionId, options.label, options.health);
    this.client = options.client;
    this.accountId = options.accountId;
    this.now = options.now;
    this.apiPath = new URL(options.baseUrl).pathname.replace(/\/+$/, '');
    this.capabilities = allocloudCapabilities(options.accountId !== null);
  }

  // ------------------------------------------------------------------------------------------ reads (feeds)

  /** The feed path of an organizer; `icsPath` as documented, else built from `icsToken` on the same API path. */
  private feedPath(o: AllocloudOrganizer): string | null {
    if (typeof o.icsPath === 'string' && o.icsPath !== '') return o.icsPath;
    if (typeof o.icsToken === 'string' && o.icsToken !== '') return `${this.apiPath}/meeting/calender/user/${encodeURIComponent(o.icsToken)}`;
    return null;
  }

  /**
   * Every meeting of the account: organizers (memoized), then each organizer's feed read once per request
   * (memoized in the client), parsed with ical.js. A meeting in several feeds keeps the first organizer's copy.
   */
  private feedIndex(accountId: string, ctx: CallContext): Promise<FeedIndex> {
    return ctx.memo.forConnection(this.connectionId).once(`feed-index:${accountId}`, async () => {
      const organizers = await this.client.listOrganizers(accountId, ctx);
      const now = this.now();
      const results = await mapBounded(organizers, FEED_CONCURRENCY, async (o) => {
        const path = this.feedPath(o);
        if (!path) return [];
        const text = await this.client.readFeed(path, ctx);
        let calendar;
        try {
          calendar = parseCalendar(text);
        } catch {
          throw new VendorProtocolError(this.source, 'ALLOcloud served an iCalendar feed that could not be parsed.');
        }
        return feedMeetings(calendar, { fallbackTimezone: o.timezone ?? null, now });
      });
      const meetings = new Map<string, FeedMeeting>();
      let failure: Error | null = null;
      for (const result of results) {
        if (result instanceof Error) {
          failure ??= result;
          continue;
        }
        for (const m of result) if (!meetings.has(m.meeting.nativeId)) meetings.set(m.meeting.nativeId, m);
      }
      return { meetings, failure };
    });
  }

  private requireAccountId(what: string): string | Promise<never> {
    return this.accountId ?? this.unsupported(what);
  }

  private lookup(index: FeedIndex, id: string, ctx: CallContext): FeedMeeting | null {
    return this.written.get(ctx.memo)?.get(id) ?? index.meetings.get(id) ?? null;
  }

  override async listMeetings(query: MeetingListQuery, ctx: CallContext): Promise<ListPage<MeetingRecord>> {
    const accountId = await this.requireAccountId('list meetings without an accountId on the connection');
    const index = await this.feedIndex(accountId, ctx);
    // A page built from some feeds only would shift every later offset: the list fails as a whole.
    if (index.failure) throw index.failure;
    const all = new Map([...index.meetings].map(([id, m]) => [id, m.meeting]));
    for (const [id, m] of this.written.get(ctx.memo) ?? []) all.set(id, m.meeting);
    return pageMeetings([...all.values()], query);
  }

  override async getMeetings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<MeetingRecord | null>> {
    const accountId = await this.requireAccountId('look up meetings without an accountId on the connection');
    const index = await this.feedIndex(accountId, ctx);
    // An id absent from the feeds that answered may be in the feed that failed: that id gets the failure.
    return ids.map((id) => this.lookup(index, id, ctx)?.meeting ?? index.failure ?? null);
  }

  override async meetingParticipants(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    const accountId = await this.requireAccountId("list a meeting's participants without an accountId on the connection");
    const index = await this.feedIndex(accountId, ctx);
    return ids.map(
      (id) => this.lookup(index, id, ctx)?.participants ?? index.failure ?? new VendorNotFoundError(this.source, `ALLOcloud has no meeting ${id} in the account's feeds.`),
    );
  }

  // ------------------------------------------------------------------------------------------------- writes

  private remember(reply: AllocloudMeeting, ctx: CallContext): MeetingRecord {
    // Reads cached before the write are stale now.
    ctx.memo.forConnection(this.connectionId).forget();
    const meeting = toMeeting(reply);
    let map = this.written.get(ctx.memo);
    if (!map) this.written.set(ctx.memo, (map = new Map()));
    map.set(meeting.nativeId, { meeting, participants: toInvitedParticipants(meeting.nativeId, reply.invitedParticipants) });
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
    if (input.settings && input.settings.length > 0) throw new BadUserInputError('input.settings', 'ALLOcloud meetings take no settings through meetgraph (use `recorded`).');
    if (input.moderatorPassword) throw new BadUserInputError('input.moderatorPassword', 'ALLOcloud meetings have no moderator password.');
  }

  private checkTimes(startsAt: Date, endsAt: Date, durationMinutes: number | null | undefined): void {
    if (endsAt.getTime() <= startsAt.getTime()) throw new BadUserInputError('input.endsAt', 'must be after startsAt.');
    if (durationMinutes !== null && durationMinutes !== undefined && Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000) !== durationMinutes) {
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
    const body = toMeetingBody(
      { title: input.title, startsAt: input.startsAt, endsAt, description: input.description, recorded: input.recorded, participants: input.participants },
      { full: true },
    );
    return this.remember(await this.client.createMeeting(body, ctx), ctx);
  }

  /**
   * `PUT /meeting/{id}/false` with the meeting fields plus `id`. The PUT needs topic, start, end and duration
   * (tutorial "Updating meetings"); when the caller did not give them all, the current values are read from
   * the account's feed first (only then, and only with an accountId). Optional fields (agenda, recording,
   * invitations) are sent only when the caller named them, so an update never resets them.
   */
  override async updateMeeting(meetingId: string, input: UpdateMeetingCommand, ctx: CallContext): Promise<MeetingRecord> {
    this.checkUnsupportedFields(input);
    this.checkInvitees(input.participants);
    if (input.title !== undefined && input.title !== null && input.title.trim() === '') throw new BadUserInputError('input.title', 'must not be empty.');
    const hasEnd = Boolean(input.endsAt) || (input.durationMinutes !== undefined && input.durationMinutes !== null);
    let current: MeetingRecord | null = null;
    if (!input.title || !input.startsAt || !hasEnd) {
      if (!this.accountId) {
        throw new BadUserInputError(
          input.startsAt ? (input.title ? 'input.endsAt' : 'input.title') : 'input.startsAt',
          'ALLOcloud updates replace topic, start and end: give title, startsAt and endsAt (or durationMinutes), or set accountId on the connection so meetgraph can read the current values.',
        );
      }
      const index = await this.feedIndex(this.accountId, ctx);
      current = this.lookup(index, meetingId, ctx)?.meeting ?? null;
      if (!current) {
        if (index.failure) throw index.failure;
        throw new VendorNotFoundError(this.source, `ALLOcloud has no meeting ${meetingId} in the account's feeds.`);
      }
    }
    const title = input.title ?? current?.title ?? '';
    const startsAt = input.startsAt ?? current?.startsAt ?? null;
    if (!startsAt) throw new BadUserInputError('input.startsAt', 'the meeting has no start time to keep; give one.');
    const keptMinutes = current?.durationMinutes ?? (current?.startsAt && current.endsAt ? Math.round((current.endsAt.getTime() - current.startsAt.getTime()) / 60_000) : null);
    // Moving the start keeps the meeting's length unless a new end or duration is given.
    const endsAt = commandEnd({ startsAt, endsAt: input.endsAt ?? null, durationMinutes: input.durationMinutes ?? keptMinutes });
    if (!endsAt) throw new BadUserInputError('input.endsAt', 'the meeting has no end time to keep; give endsAt or durationMinutes.');
    this.checkTimes(startsAt, endsAt, input.endsAt ? input.durationMinutes : null);
    const body = { id: meetingId, ...toMeetingBody({ title, startsAt, endsAt, description: input.description, recorded: input.recorded, participants: input.participants }, { full: false }) };
    return this.remember(await this.client.updateMeeting(meetingId, body, ctx), ctx);
  }

  /** `POST /account` (reseller use): the lead exposes it as an ALLOcloud-specific mutation. */
  async createAccount(input: AllocloudCreateAccountInput, ctx: CallContext): Promise<AllocloudAccountRecord> {
    const required: Array<keyof AllocloudCreateAccountInput> = ['accountType', 'adminFirstname', 'adminLastname', 'adminEmail', 'adminPreferredLanguage'];
    for (const field of required) {
      const value = input[field];
      if (typeof value !== 'string' || value.trim() === '') throw new BadUserInputError(`input.${field}`, 'is required.');
    }
    if (!(input.paidUntil instanceof Date) || Number.isNaN(input.paidUntil.getTime())) throw new BadUserInputError('input.paidUntil', 'must be a date.');
    if (typeof input.sendPassword !== 'boolean') throw new BadUserInputError('input.sendPassword', 'must be true or false.');
    return toAccount(await this.client.createAccount(toCreateAccountBody(input), ctx));
  }
}
