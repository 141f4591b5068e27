import { DateTime } from 'luxon';
import { BadUserInputError } from '../../src/errors.js';
import { registerSecret } from '../../src/secrets.js';
import type { Capability } from '../capabilities.js';
import type { CreateMeetingCommand, InviteeCommand, JoinLinkCommand, StartSessionCommand } from '../commands.js';
import type { ConnectionHealth } from '../health.js';
import {
  pageConnectionReports,
  pageMeetings,
  pageRecordings,
  pageSessions,
  type ConnectionReportListQuery,
  type ListPage,
  type MeetingListQuery,
  type RecordingListQuery,
  type SessionListQuery,
} from '../list-queries.js';
import type {
  ConnectionReportRecord,
  JoinLinkRecord,
  MeetingRecord,
  ParticipantRecord,
  ParticipantRoleValue,
  RecordingRecord,
  SessionRecord,
} from '../records.js';
import type { CallContext } from '../request-memo.js';
import { BaseVendorDatasource, mapBounded, type BatchResult } from '../vendor.js';
import {
  UnsupportedByVendorError,
  VendorNotFoundError,
  VendorProtocolError,
  VendorRejectedError,
} from '../vendor-errors.js';
import type { ApizeeClient, ApizeeQuery } from './client.js';
import {
  conferenceNativeId,
  owningConference,
  parseApizeeTime,
  parseMeetingNativeId,
  parseParticipantNativeId,
  parseRecordingNativeId,
  ticketAgentUrl,
  ticketNativeId,
  toConferenceMeeting,
  toConferenceParticipants,
  toConnectionReport,
  toRecording,
  toSession,
  toTicketMeeting,
  toTicketParticipants,
  type ApizeeMeetingRef,
} from './mapper.js';
import type { ApizeeConference, ApizeeMedia, ApizeeSessionStat, ApizeeTicket, ApizeeTicketStat } from './types.js';

export interface ApizeeDatasourceOptions {
  connectionId: string;
  label: string | null;
  health: ConnectionHealth;
  client: ApizeeClient;
  /** Needed for ticket medias and ticket statistics (contract "Configuration"). */
  enterpriseId: number | null;
  /** IANA zone of the zoneless ticket-statistics dates; default UTC. */
  timezone: string;
  now: () => Date;
  /** Items per vendor page (`limit`); tests lower it to prove paging. */
  pageSize?: number;
}

/** Calls in flight per batch for per-resource endpoints (DESIGN.md §7: bounded concurrency). */
const CONCURRENCY = 4;
/** Vendor pages read at most per list (100 × 200 = 20 000 items): a guard against a vendor that never ends a list. */
const MAX_PAGES = 200;
/**
 * Media and session statistics of a conference come after its start; for a list range starting at `from`,
 * conferences that started up to a day earlier are included so their late media and stats are not lost.
 */
const LOOKBACK_MS = 24 * 3600 * 1000;
/** tickets-stats needs a date range; without `from` this much history is read (and the page says PARTIAL). */
const STATS_DEFAULT_DAYS = 90;

const BASE_CAPABILITIES: Capability[] = [
  'LIST_MEETINGS',
  'GET_MEETING',
  'CREATE_MEETING',
  'START_SESSION',
  'CREATE_JOIN_LINK',
  'MEETING_PARTICIPANTS',
  'MEETING_SESSIONS',
  'MEETING_RECORDINGS',
  'LIST_SESSIONS',
  'LIST_RECORDINGS',
];

/** ISO instant without milliseconds, as the published examples write it (`2023-07-11T00:00:00Z`). */
function isoSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

function isoSecondsCeil(date: Date): string {
  return new Date(Math.ceil(date.getTime() / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * Apizee (contract: /work/shared/vendors/apizee.md). Meetings are conferences (SCHEDULED) and video-assistance
 * tickets (ASSISTANCE), told apart by their native ids `conference:<id>` / `ticket:<id>`. Update, delete and
 * end are absent: the published page documents no call for them.
 */
export class ApizeeDatasource extends BaseVendorDatasource {
  readonly vendor = 'apizee' as const;
  readonly capabilities: ReadonlySet<Capability>;
  private readonly client: ApizeeClient;
  private readonly enterpriseId: number | null;
  private readonly timezone: string;
  private readonly now: () => Date;
  private readonly pageSize: number;

  constructor(options: ApizeeDatasourceOptions) {
    super(options.connectionId, options.label, options.health);
    this.client = options.client;
    this.enterpriseId = options.enterpriseId;
    this.timezone = options.timezone;
    this.now = options.now;
    this.pageSize = options.pageSize ?? 100;
    this.capabilities = new Set<Capability>(this.enterpriseId === null ? BASE_CAPABILITIES : [...BASE_CAPABILITIES, 'LIST_CONNECTION_REPORTS']);
  }


  // ================================================================================= memoized reads

  /** Reads every page of a `{ total, data }`-style list: stops at `total`, on a short page without total, or on an empty page. */
  private async allPages<T>(fetchPage: (offset: number, limit: number) => Promise<{ items: T[]; total: number | null }>): Promise<T[]> {
    const all: T[] = [];
    let offset = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { items, total } = await fetchPage(offset, this.pageSize);
      all.push(...items);
      offset += items.length;
      if (items.length === 0) break;
      if (total !== null ? offset >= total : items.length < this.pageSize) break;
    }
    return all;
  }

  private conferences(since: Date | null, search: string | null, ctx: CallContext): Promise<ApizeeConference[]> {
    const sinceParam = since ? isoSeconds(since) : null;
    return ctx.memo.forConnection(this.connectionId).once(`conferences?since=${sinceParam ?? ''}&search=${search ?? ''}`, () =>
      this.allPages(async (offset, limit) => {
        const reply = await this.client.listConferences({ limit, offset, since: sinceParam, search }, ctx);
        return { items: reply?.data ?? [], total: typeof reply?.total === 'number' ? reply.total : null };
      }),
    );
  }

  private conference(id: number, ctx: CallContext): Promise<ApizeeConference | null> {
    return ctx.memo.forConnection(this.connectionId).once(`conference:${id}`, async () => {
      try {
        return await this.client.getConference(id, ctx);
      } catch (error) {
        if (error instanceof VendorNotFoundError) return null;
        throw error;
      }
    });
  }

  /** GET /tickets has no date filter: the whole list is read once per request and shared by every method. */
  private tickets(ctx: CallContext): Promise<ApizeeTicket[]> {
    return ctx.memo.forConnection(this.connectionId).once('tickets', () =>
      this.allPages(async (offset, limit) => {
        const reply = await this.client.listTickets({ limit, offset }, ctx);
        return { items: reply?.data ?? [], total: typeof reply?.total === 'number' ? reply.total : null };
      }),
    );
  }

  private async ticket(id: number, ctx: CallContext): Promise<ApizeeTicket | null> {
    return (await this.tickets(ctx)).find((t) => t.id === id) ?? null;
  }

  private conferenceMedia(id: number, ctx: CallContext): Promise<ApizeeMedia[]> {
    return ctx.memo.forConnection(this.connectionId).once(`conference-media:${id}`, () =>
      this.allPages(async (offset, limit) => {
        const reply = await this.client.listConferenceMedia(id, { limit, offset }, ctx);
        return { items: reply?.data ?? [], total: typeof reply?.total === 'number' ? reply.total : null };
      }),
    );
  }

  private ticketMedias(enterpriseId: number, id: number, ctx: CallContext): Promise<ApizeeMedia[]> {
    return ctx.memo.forConnection(this.connectionId).once(`ticket-medias:${id}`, () =>
      this.allPages(async (offset, limit) => {
        // Quirk: this list's envelope is { limit, offset, medias, count }, not { total, data }.
        const reply = await this.client.listTicketMedias(enterpriseId, id, { limit, offset }, ctx);
        return { items: reply?.medias ?? [], total: typeof reply?.count === 'number' ? reply.count : null };
      }),
    );
  }

  private sessionStats(serviceKey: string, since: string, until: string, ctx: CallContext): Promise<ApizeeSessionStat[]> {
    return ctx.memo.forConnection(this.connectionId).once(`session?service_key=${serviceKey}&since=${since}&until=${until}`, async () => {
      const reply = await this.client.listSessionStats({ serviceKey, since, until }, ctx);
      return reply?.data ?? [];
    });
  }

  private ticketStats(enterpriseId: number, since: string, until: string, ctx: CallContext): Promise<ApizeeTicketStat[]> {
    return ctx.memo.forConnection(this.connectionId).once(`tickets-stats?since=${since}&until=${until}`, async () => {
      const reply = await this.client.ticketStats(enterpriseId, { since, until }, ctx);
      if (!Array.isArray(reply)) throw new VendorProtocolError(this.source, 'Apizee ticket statistics were not a JSON array.');
      return reply;
    });
  }

  /** The meeting behind a native id, as its raw vendor object; null when Apizee does not know it. */
  private async rawMeeting(ref: ApizeeMeetingRef, ctx: CallContext): Promise<{ conference: ApizeeConference } | { ticket: ApizeeTicket } | null> {
    if (ref.type === 'conference') {
      const conference = await this.conference(ref.id, ctx);
      return conference ? { conference } : null;
    }
    const ticket = await this.ticket(ref.id, ctx);
    return ticket ? { ticket } : null;
  }

  private notFound(nativeId: string): VendorNotFoundError {
    return new VendorNotFoundError(this.source, `Apizee has no meeting ${nativeId}.`);
  }

  // ================================================================================= meetings

  override async listMeetings(q: MeetingListQuery, ctx: CallContext): Promise<ListPage<MeetingRecord>> {
    const wantConferences = !q.kinds || q.kinds.includes('SCHEDULED');
    const wantTickets = !q.kinds || q.kinds.includes('ASSISTANCE');
    const [conferences, tickets] = await Promise.all([
      wantConferences ? this.conferences(q.from, q.search, ctx) : Promise.resolve([]),
      wantTickets ? this.tickets(ctx) : Promise.resolve([]),
    ]);
    // The vendor's `since`/`search` only narrow what is read; the exact filter and order are applied here.
    return pageMeetings([...conferences.map(toConferenceMeeting), ...tickets.map(toTicketMeeting)], q);
  }

  override getMeetings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<MeetingRecord | null>> {
    return mapBounded(ids, CONCURRENCY, async (nativeId) => {
      const ref = parseMeetingNativeId(nativeId);
      if (!ref) return null;
      const found = await this.rawMeeting(ref, ctx);
      if (!found) return null;
      return 'conference' in found ? toConferenceMeeting(found.conference) : toTicketMeeting(found.ticket);
    });
  }

  // ================================================================================= participants

  override meetingParticipants(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    return mapBounded(ids, CONCURRENCY, async (nativeId) => {
      const ref = parseMeetingNativeId(nativeId);
      const found = ref ? await this.rawMeeting(ref, ctx) : null;
      if (!found) throw this.notFound(nativeId);
      return 'conference' in found ? toConferenceParticipants(found.conference) : toTicketParticipants(found.ticket);
    });
  }

  override getParticipants(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord | null>> {
    return mapBounded(ids, CONCURRENCY, async (nativeId) => {
      const parsed = parseParticipantNativeId(nativeId);
      const found = parsed ? await this.rawMeeting(parsed.meeting, ctx) : null;
      if (!found) return null;
      const people = 'conference' in found ? toConferenceParticipants(found.conference) : toTicketParticipants(found.ticket);
      return people.find((p) => p.nativeId === nativeId) ?? null;
    });
  }

  // ================================================================================= recordings

  private async recordingsOf(ref: ApizeeMeetingRef, nativeId: string, ctx: CallContext): Promise<RecordingRecord[]> {
    if (ref.type === 'conference') {
      const media = await this.conferenceMedia(ref.id, ctx);
      return media.map((m) => toRecording(m, nativeId, null));
    }
    if (this.enterpriseId === null) {
      throw new UnsupportedByVendorError(this.source, 'list ticket medias without the connection option enterpriseId');
    }
    const ticket = await this.ticket(ref.id, ctx);
    if (!ticket) throw this.notFound(nativeId);
    const medias = await this.ticketMedias(this.enterpriseId, ref.id, ctx);
    return medias.map((m) => toRecording(m, nativeId, parseApizeeTime(ticket.start_time) ?? parseApizeeTime(ticket.created)));
  }

  override meetingRecordings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord[]>> {
    return mapBounded(ids, CONCURRENCY, async (nativeId) => {
      const ref = parseMeetingNativeId(nativeId);
      if (!ref) throw this.notFound(nativeId);
      return this.recordingsOf(ref, nativeId, ctx);
    });
  }

  override getRecordings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord | null>> {
    return mapBounded(ids, CONCURRENCY, async (nativeId) => {
      const parsed = parseRecordingNativeId(nativeId);
      if (!parsed) return null;
      try {
        const recordings = await this.recordingsOf(parsed.meeting, parsed.meetingNativeId, ctx);
        return recordings.find((r) => r.nativeId === nativeId) ?? null;
      } catch (error) {
        if (error instanceof VendorNotFoundError) return null;
        throw error;
      }
    });
  }

  override async listRecordings(q: RecordingListQuery, ctx: CallContext): Promise<ListPage<RecordingRecord>> {
    const now = this.now().getTime();
    const earliest = q.from ? q.from.getTime() - LOOKBACK_MS : Number.NEGATIVE_INFINITY;
    const latest = Math.min(q.to ? q.to.getTime() : Number.POSITIVE_INFINITY, now);
    // Media exist only once a conference or ticket has started: later ones are not asked.
    const startedInWindow = (start: Date | null): boolean => start !== null && start.getTime() >= earliest && start.getTime() <= latest;
    const [conferences, tickets] = await Promise.all([
      this.conferences(q.from ? new Date(earliest) : null, null, ctx),
      this.enterpriseId === null ? Promise.resolve([]) : this.tickets(ctx),
    ]);
    const meetings: Array<{ ref: ApizeeMeetingRef; nativeId: string }> = [
      ...conferences.filter((c) => startedInWindow(parseApizeeTime(c.start_time))).map((c) => ({ ref: { type: 'conference' as const, id: c.id }, nativeId: conferenceNativeId(c.id) })),
      ...tickets
        .filter((t) => startedInWindow(parseApizeeTime(t.start_time) ?? parseApizeeTime(t.created)))
        .map((t) => ({ ref: { type: 'ticket' as const, id: t.id }, nativeId: ticketNativeId(t.id) })),
    ];
    const lists = await mapBounded(meetings, CONCURRENCY, (m) => this.recordingsOf(m.ref, m.nativeId, ctx));
    const failure = lists.find((l): l is Error => l instanceof Error);
    if (failure) throw failure;
    const page = pageRecordings((lists as RecordingRecord[][]).flat(), q);
    return this.enterpriseId === null ? { ...page, partialReason: 'Ticket medias need the connection option enterpriseId; only conference media are listed.' } : page;
  }

  // ================================================================================= sessions

  /** The [start, end] a conference's session stats must start in; an open end reaches now. */
  private windowOf(conference: ApizeeConference): { start: Date; end: Date } | null {
    const start = parseApizeeTime(conference.start_time);
    if (!start) return null;
    return { start, end: parseApizeeTime(conference.end_time) ?? this.now() };
  }

  /**
   * Quirk: `/session` is per service key, not per conference (contract "SessionStat"). The batch's conferences
   * are grouped by service key and ONE call per key covers the union of their windows; each stat then goes to
   * the batch conference whose window contains its start (see `owningConference`).
   */
  override async meetingSessions(ids: readonly string[], ctx: CallContext): Promise<BatchResult<SessionRecord[]>> {
    const refs = ids.map(parseMeetingNativeId);
    const conferences = await mapBounded(refs, CONCURRENCY, (ref) => (ref?.type === 'conference' ? this.conference(ref.id, ctx) : Promise.resolve(null)));

    const groups = new Map<string, { conferences: ApizeeConference[]; since: number; until: number }>();
    for (const conference of conferences) {
      if (!conference || conference instanceof Error || !conference.service_key) continue;
      const window = this.windowOf(conference);
      // Not started yet: no statistics can exist, so it costs no call (its result is []).
      if (!window || window.start.getTime() > this.now().getTime()) continue;
      const group = groups.get(conference.service_key) ?? { conferences: [], since: Number.POSITIVE_INFINITY, until: Number.NEGATIVE_INFINITY };
      group.conferences.push(conference);
      group.since = Math.min(group.since, window.start.getTime());
      group.until = Math.max(group.until, window.end.getTime());
      groups.set(conference.service_key, group);
    }
    const statsByKey = new Map<string, ApizeeSessionStat[] | Error>();
    await Promise.all(
      [...groups].map(async ([serviceKey, group]) => {
        try {
          statsByKey.set(serviceKey, await this.sessionStats(serviceKey, isoSeconds(new Date(group.since)), isoSecondsCeil(new Date(group.until)), ctx));
        } catch (error) {
          statsByKey.set(serviceKey, toError(error));
        }
      }),
    );

    return refs.map((ref, index) => {
      const nativeId = ids[index] as string;
      if (!ref) return this.notFound(nativeId);
      if (ref.type === 'ticket') return new UnsupportedByVendorError(this.source, 'list sessions of a video-assistance ticket (session statistics cover conferences)');
      const conference = conferences[index];
      if (conference instanceof Error) return conference;
      if (!conference) return this.notFound(nativeId);
      const serviceKey = conference.service_key;
      const group = serviceKey ? groups.get(serviceKey) : undefined;
      if (!serviceKey || !group) return [];
      const stats = statsByKey.get(serviceKey);
      if (stats instanceof Error) return stats;
      return (stats ?? [])
        .filter((stat) => owningConference(stat, serviceKey, group.conferences)?.id === conference.id)
        .map((stat) => toSession(stat, nativeId, conference.name ?? null));
    });
  }

  /**
   * Sessions of every service key the connection's conferences use (from `from` minus a day onward), one
   * `/session` call per key over the asked range; each stat names its conference when one contains it.
   */
  override async listSessions(q: SessionListQuery, ctx: CallContext): Promise<ListPage<SessionRecord>> {
    const conferences = await this.conferences(q.from ? new Date(q.from.getTime() - LOOKBACK_MS) : null, null, ctx);
    const byKey = new Map<string, ApizeeConference[]>();
    for (const conference of conferences) {
      if (!conference.service_key) continue;
      byKey.set(conference.service_key, [...(byKey.get(conference.service_key) ?? []), conference]);
    }
    const now = this.now();
    const lists = await Promise.all(
      [...byKey].map(async ([serviceKey, ofKey]) => {
        const windows = ofKey.map((c) => this.windowOf(c)).filter((w): w is { start: Date; end: Date } => w !== null);
        const since = q.from ?? (windows.length ? new Date(Math.min(...windows.map((w) => w.start.getTime()))) : null);
        // Stats are written after a session ends, so nothing after now exists yet.
        const until = q.to && q.to.getTime() < now.getTime() ? q.to : now;
        if (!since || since.getTime() > until.getTime()) return [];
        const stats = await this.sessionStats(serviceKey, isoSeconds(since), isoSecondsCeil(until), ctx);
        return stats.map((stat) => {
          const owner = owningConference(stat, serviceKey, ofKey);
          return toSession(stat, owner ? conferenceNativeId(owner.id) : null, owner?.name ?? null);
        });
      }),
    );
    const unique = new Map<string, SessionRecord>();
    for (const session of lists.flat()) unique.set(session.nativeId, session);
    return pageSessions([...unique.values()], q);
  }

  // ================================================================================= ticket statistics

  private requireEnterprise(what: string): number {
    if (this.enterpriseId === null) throw new UnsupportedByVendorError(this.source, `${what} without the connection option enterpriseId`);
    return this.enterpriseId;
  }

  /** A calendar day in the connection's zone: tickets-stats takes dates, read as the enterprise's local days. */
  private localDate(at: Date, plusDays = 0): string {
    return DateTime.fromJSDate(at, { zone: this.timezone }).plus({ days: plusDays }).toISODate() as string;
  }

  override async listConnectionReports(q: ConnectionReportListQuery, ctx: CallContext): Promise<ListPage<ConnectionReportRecord>> {
    const enterpriseId = this.requireEnterprise('list ticket statistics');
    const now = this.now();
    const from = q.from ?? new Date(now.getTime() - STATS_DEFAULT_DAYS * 86_400_000);
    const to = q.to ?? now;
    if (from.getTime() > to.getTime()) return { items: [], hasMore: false };
    // `until` one local day past `to`: whether the vendor reads it inclusively or not, the whole last day is covered;
    // the exact range is then cut locally.
    const rows = await this.ticketStats(enterpriseId, this.localDate(from), this.localDate(to, 1), ctx);
    const page = pageConnectionReports(
      rows.map((row) => toConnectionReport(row, this.timezone)),
      q,
    );
    return q.from ? page : { ...page, partialReason: `Apizee ticket statistics are asked by date range; without "from" only the last ${STATS_DEFAULT_DAYS} days are read.` };
  }

  /**
   * A statistics row's `ID` is its ticket's id, so the ticket list tells which days to ask: one tickets-stats call
   * covers the batch, from the earliest ticket's creation to the latest one's last change.
   */
  override async getConnectionReports(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ConnectionReportRecord | null>> {
    const enterpriseId = this.requireEnterprise('look up ticket statistics');
    const tickets = await this.tickets(ctx);
    const byId = new Map(tickets.map((t) => [String(t.id), t]));
    let since: number = Number.POSITIVE_INFINITY;
    let until: number = Number.NEGATIVE_INFINITY;
    for (const id of ids) {
      const ticket = byId.get(id);
      if (!ticket) continue;
      const times = [ticket.created, ticket.start_time, ticket.end_time, ticket.modified].map(parseApizeeTime).filter((d): d is Date => d !== null);
      for (const t of times) {
        since = Math.min(since, t.getTime());
        until = Math.max(until, t.getTime());
      }
    }
    if (!Number.isFinite(since)) return ids.map(() => null);
    const rows = await this.ticketStats(enterpriseId, this.localDate(new Date(since)), this.localDate(new Date(until), 1), ctx);
    const reports = new Map(rows.map((row) => toConnectionReport(row, this.timezone)).map((r) => [r.nativeId, r]));
    return ids.map((id) => (byId.has(id) ? (reports.get(id) ?? null) : null));
  }

  // ================================================================================= writes

  override async createMeeting(input: CreateMeetingCommand, ctx: CallContext): Promise<MeetingRecord> {
    const kind = input.kind ?? 'SCHEDULED';
    if (kind === 'ROOM') throw new BadUserInputError('input.kind', 'Apizee has no standing rooms: create a SCHEDULED conference or an ASSISTANCE ticket.');
    if (input.description) throw new BadUserInputError('input.description', 'Apizee conferences and tickets take no description.');
    if (input.moderatorPassword) throw new BadUserInputError('input.moderatorPassword', 'Apizee rooms have no moderator password.');
    if (input.recorded) throw new BadUserInputError('input.recorded', 'Apizee recording cannot be switched on through its REST API.');
    const created = kind === 'ASSISTANCE' ? toTicketMeeting(await this.createTicket(input, ctx)) : toConferenceMeeting(await this.createConference(input, ctx));
    // Cached lists of this connection no longer tell the truth.
    ctx.memo.forConnection(this.connectionId).forget();
    return created;
  }

  private settingsOf(input: CreateMeetingCommand, allowed: readonly string[]): Map<string, unknown> {
    const settings = new Map<string, unknown>();
    for (const setting of input.settings ?? []) {
      if (!allowed.includes(setting.name)) {
        throw new BadUserInputError('input.settings', `Apizee knows no setting "${setting.name}" here (known: ${allowed.join(', ')}).`);
      }
      if (typeof setting.value !== 'boolean') throw new BadUserInputError('input.settings', `setting "${setting.name}" must be true or false.`);
      settings.set(setting.name, setting.value);
    }
    return settings;
  }

  private async createConference(input: CreateMeetingCommand, ctx: CallContext): Promise<ApizeeConference> {
    const settings = this.settingsOf(input, ['moderation', 'invite']);
    const participants = input.participants ?? [];
    const moderators = participants.filter((p) => p.role === 'MODERATOR');
    if (moderators.length > 1) throw new BadUserInputError('input.participants', 'an Apizee conference has one moderator.');
    const moderator = moderators[0] ? (moderators[0].email ?? moderators[0].displayName) : null;
    const contacts: string[] = [];
    participants.forEach((p, index) => {
      if (p.role === 'MODERATOR') return;
      const contact = p.email ?? p.phone;
      if (!contact) throw new BadUserInputError(`input.participants[${index}]`, 'an Apizee participant needs an email or a phone number.');
      if (contact.includes(',')) throw new BadUserInputError(`input.participants[${index}]`, 'must not contain a comma.');
      contacts.push(contact);
    });
    // Doc "Parameters": `participants` is mandatory; checked here so nothing is sent without it.
    if (contacts.length === 0) throw new BadUserInputError('input.participants', 'Apizee conferences need at least one participant email or phone number.');

    if (input.endsAt && !input.startsAt) throw new BadUserInputError('input.startsAt', 'is required when endsAt is given.');
    let duration = input.durationMinutes;
    if (duration === null && input.startsAt && input.endsAt) {
      duration = Math.round((input.endsAt.getTime() - input.startsAt.getTime()) / 60_000);
      if (duration <= 0) throw new BadUserInputError('input.endsAt', 'must be after startsAt.');
    }
    if (duration !== null && duration <= 0) throw new BadUserInputError('input.durationMinutes', 'must be positive.');

    const query: ApizeeQuery = {
      participants: contacts.join(','),
      name: input.title,
      moderation: settings.has('moderation') ? String(settings.get('moderation')) : undefined,
      moderator: moderator ?? undefined,
      invite: settings.get('invite') === true ? 1 : undefined,
      startTime: input.startsAt ? isoSeconds(input.startsAt) : undefined,
      // The contract names `duration` without a unit; meetgraph sends minutes (choice).
      duration: duration ?? undefined,
    };
    return this.client.createConference(query, ctx);
  }

  private async createTicket(input: CreateMeetingCommand, ctx: CallContext): Promise<ApizeeTicket> {
    const settings = this.settingsOf(input, ['invite']);
    if (input.startsAt || input.endsAt || input.durationMinutes !== null) {
      throw new BadUserInputError('input.startsAt', 'an Apizee video-assistance ticket starts when it is created; it takes no schedule.');
    }
    const participants = input.participants ?? [];
    const agent = participants.find((p) => p.role === 'AGENT');
    const agentLogin = agent ? (agent.email ?? agent.displayName) : null;
    if (!agentLogin) throw new BadUserInputError('input.participants', 'a video-assistance ticket needs a participant with role AGENT (the Apizee login of the agent).');
    const customers = participants.filter((p) => p !== agent);
    if (customers.length !== 1) throw new BadUserInputError('input.participants', 'a video-assistance ticket is 1-1: one AGENT and one CUSTOMER.');
    const customer = customers[0] as InviteeCommand;
    if (customer.role !== null && customer.role !== 'CUSTOMER') throw new BadUserInputError('input.participants', 'the other participant of a video-assistance ticket must have role CUSTOMER.');
    if (!customer.email && !customer.phone) throw new BadUserInputError('input.participants', 'the CUSTOMER needs an email or a phone number.');
    return this.client.createTicket(
      {
        agent: agentLogin,
        email: customer.email ?? undefined,
        phone: customer.email ? undefined : (customer.phone ?? undefined),
        invite: settings.get('invite') === true ? 1 : undefined,
        reference: input.title,
      },
      ctx,
    );
  }

  // ================================================================================= links

  private async joinable(meetingId: string, ctx: CallContext): Promise<{ conference: ApizeeConference } | { ticket: ApizeeTicket }> {
    const ref = parseMeetingNativeId(meetingId);
    const found = ref ? await this.rawMeeting(ref, ctx) : null;
    if (!found) throw this.notFound(meetingId);
    const status = 'conference' in found ? toConferenceMeeting(found.conference).status : toTicketMeeting(found.ticket).status;
    if (status === 'ENDED' || status === 'CANCELLED') throw new VendorRejectedError(this.source, `This Apizee meeting is ${status.toLowerCase()}; it cannot be joined.`);
    if ('ticket' in found && found.ticket.sso_url) registerSecret(found.ticket.sso_url);
    return found;
  }

  private urlOrFail(url: string | null): string {
    if (!url) throw new VendorProtocolError(this.source, 'Apizee returned the meeting without its URL.');
    return url;
  }

  /** Doc "Setting up the conference URL": `name` pre-fills the participant's name and skips the login card. */
  private withName(url: string, name: string | null): string {
    if (!name) return url;
    const parsed = new URL(url);
    parsed.searchParams.set('name', name);
    return parsed.toString();
  }

  /**
   * Doc "Start the session": a run starts when the host opens the room URL; no API call starts it. So this
   * returns the host's link without a write: the conference `url` (MODERATOR) or the ticket's agent URL (AGENT).
   */
  override async startSession(meetingId: string, input: StartSessionCommand, ctx: CallContext): Promise<JoinLinkRecord> {
    if (input.attendeePassword || input.moderatorPassword) throw new BadUserInputError('input', 'Apizee rooms have no passwords.');
    if (input.logoutUrl) throw new BadUserInputError('input.logoutUrl', 'Apizee rooms take no logout URL.');
    if (input.title) throw new BadUserInputError('input.title', 'an Apizee run cannot be given its own title.');
    const found = await this.joinable(meetingId, ctx);
    if ('conference' in found) return { url: this.withName(this.urlOrFail(found.conference.url ?? found.conference.short_url ?? null), input.hostName), role: 'MODERATOR', expiresAt: null };
    // The agent signs in to the Apizee portal: the ticket link takes no name parameter.
    return { url: this.urlOrFail(ticketAgentUrl(found.ticket)), role: 'AGENT', expiresAt: null };
  }

  /**
   * Conferences have one URL for moderator and guests (doc: "given by url or short_url"), named via `name`;
   * tickets have one per side: `agent_url` (AGENT) and `requestor_url` (CUSTOMER). No link expires or takes a password.
   */
  override async createJoinLink(meetingId: string, input: JoinLinkCommand, ctx: CallContext): Promise<JoinLinkRecord> {
    if (input.password) throw new BadUserInputError('input.password', 'Apizee join links take no password.');
    if (input.expiresAt) throw new BadUserInputError('input.expiresAt', 'Apizee join links do not expire.');
    const found = await this.joinable(meetingId, ctx);
    const role: ParticipantRoleValue = input.role;
    if ('conference' in found) {
      if (role !== 'MODERATOR' && role !== 'PARTICIPANT') throw new BadUserInputError('input.role', 'Apizee conference links are for MODERATOR or PARTICIPANT.');
      return { url: this.withName(this.urlOrFail(found.conference.url ?? found.conference.short_url ?? null), input.displayName), role, expiresAt: null };
    }
    if (role === 'AGENT') return { url: this.urlOrFail(ticketAgentUrl(found.ticket)), role, expiresAt: null };
    if (role === 'CUSTOMER') return { url: this.urlOrFail(found.ticket.requestor_url ?? null), role, expiresAt: null };
    throw new BadUserInputError('input.role', 'Apizee video-assistance links are for AGENT or CUSTOMER.');
  }
}

