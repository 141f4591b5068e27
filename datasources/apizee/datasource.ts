import { DateTime } from 'luxon';
import { BadUserInputError } from '../../core/errors.js';
import { registerSecret } from '../../core/secrets.js';
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
import { BaseVendorDatasource, mapAll, type BatchResult } from '../vendor.js';
import { UnsupportedByVendorError, VendorNotFoundError, VendorProtocolError, VendorRejectedError } from '../vendor-errors.js';
import type { ApizeeClient, ApizeeQuery } from './client.js';
import {
  attributeStat,
  conferenceNativeId,
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
  unreadableItem,
  type ApizeeMeetingRef,
} from './mapper.js';
import type { ApizeeConference, ApizeeMedia, ApizeeSessionStat, ApizeeTicket, ApizeeTicketStat } from './types.js';

export interface ApizeeDatasourceOptions {
  connectionId: string;
  label: string | null;
  health: ConnectionHealth;
  client: ApizeeClient;
  /** Needed for ticket medias and ticket statistics (docs/vendors/apizee.md "Configuration"). */
  enterpriseId: number | null;
  /** IANA zone of the zoneless ticket-statistics dates; default UTC. */
  timezone: string;
  now: () => Date;
  /** Items per vendor page (`limit`); tests lower it to prove paging. */
  pageSize?: number;
}

/** Vendor pages read at most per list (100 × 200 = 20 000 items): a guard against a vendor that never ends a list. */
const MAX_PAGES = 200;
/**
 * Media and session statistics of a conference come after its start; for a list range starting at `from`,
 * conferences that started up to a day earlier are included so their late media and stats are not lost.
 */
const LOOKBACK_MS = 24 * 3600 * 1000;
/** tickets-stats needs a date range; without `from` this much history is read (and the page says PARTIAL). */
const STATS_DEFAULT_DAYS = 90;

/**
 * `since` on `GET /conferences` is undocumented beyond one example: it may filter on creation rather than on
 * start. Conferences are usually created before they start, so `since` is sent this much earlier than the first
 * start wanted, and the exact range is cut locally (docs/vendors/apizee.md "Listing conferences").
 */
const CREATION_LOOKBACK_MS = 31 * 24 * 3600 * 1000;

const BASE_CAPABILITIES: readonly Capability[] = [
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

/** What an Apizee connection can do: ticket statistics need the connection option `enterpriseId`. */
export function apizeeCapabilities(options: { enterpriseId: number | null }): ReadonlySet<Capability> {
  return new Set<Capability>(options.enterpriseId === null ? BASE_CAPABILITIES : [...BASE_CAPABILITIES, 'LIST_CONNECTION_REPORTS']);
}

/** The memo key of one `GET /conferences` read (all its pages). */
function conferencesKey(sinceParam: string | null, search: string | null): string {
  return `conferences?since=${sinceParam ?? ''}&search=${search ?? ''}`;
}

/** A whole vendor list as read: the usable items, and why it may be incomplete. */
interface ListRead<T> {
  items: T[];
  /** Reasons the list is incomplete (unreadable items skipped, `offset` ignored); empty when complete. */
  gaps: string[];
}

/** The reasons of several reads, as one `partialReason` (null when every read was complete). */
function partialOf(...reads: Array<{ gaps: string[] } | null>): string | null {
  const gaps = [...new Set(reads.flatMap((r) => r?.gaps ?? []))];
  return gaps.length ? gaps.join(' ') : null;
}

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
 * Apizee (docs/vendors/apizee.md). Meetings are conferences (SCHEDULED) and video-assistance tickets (ASSISTANCE),
 * told apart by their native ids `conference:<id>` / `ticket:<id>`. Update, delete and end are absent: the
 * published page documents no call for them.
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
    this.capabilities = apizeeCapabilities({ enterpriseId: this.enterpriseId });
  }

  // ================================================================================= memoized reads

  /**
   * Reads every page of a `{ total, data }`-style list: stops at `total`, on a short page without total, or on an
   * empty page. `offset` is not in the published parameter list of every call, so items are de-duplicated by id and
   * a page that brings nothing new ends the read (the vendor ignored `offset`): the list is then marked incomplete.
   * Items that cannot be read (see `unreadableItem`) are skipped and counted, never fatal.
   */
  private async allPages<T extends { id: number }>(
    what: string,
    fetchPage: (offset: number, limit: number) => Promise<{ items: unknown[]; total: number | null }>,
  ): Promise<ListRead<T>> {
    const byId = new Map<number, T>();
    const gaps: string[] = [];
    let unreadable = 0;
    let offset = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { items, total } = await fetchPage(offset, this.pageSize);
      let fresh = 0;
      for (const item of items) {
        if (unreadableItem(item) !== null) {
          unreadable += 1;
          continue;
        }
        const id = (item as T).id;
        if (!byId.has(id)) fresh += 1;
        byId.set(id, item as T);
      }
      offset += items.length;
      if (items.length === 0) break;
      const more = total !== null ? offset < total : items.length >= this.pageSize;
      if (more && fresh === 0) {
        gaps.push(`Apizee repeated the same ${what} for a later page (it ignored "offset"); only the first ${byId.size} could be read.`);
        break;
      }
      if (!more) break;
    }
    if (unreadable > 0) gaps.push(`Apizee returned ${unreadable} ${what} that could not be read; they are left out.`);
    return { items: [...byId.values()], gaps };
  }

  /**
   * Conferences starting at `startsFrom` or later (all when null), as far as `search` narrows them. Every one read
   * primes the per-id memo, so a later `GET /conferences/{id}` for it costs nothing in this request.
   */
  private async conferences(startsFrom: Date | null, search: string | null, ctx: CallContext): Promise<ListRead<ApizeeConference>> {
    const sinceParam = startsFrom ? isoSeconds(new Date(startsFrom.getTime() - CREATION_LOOKBACK_MS)) : null;
    const memo = ctx.memo.forConnection(this.connectionId);
    const read = await memo.once(conferencesKey(sinceParam, search), async () => {
      const read = await this.allPages<ApizeeConference>('conferences', async (offset, limit) => {
        // Apizee REST APIs, "Get a Conference ID by name": GET /conferences limit, offset, since, search, orderby, order
        const reply = await this.client.listConferences({ limit, offset, since: sinceParam, search }, ctx);
        return { items: Array.isArray(reply?.data) ? reply.data : [], total: typeof reply?.total === 'number' ? reply.total : null };
      });
      return read;
    });
    // Outside the load, so a list served by the vendor-call cache primes the per-id reads too.
    for (const conference of read.items) memo.prime(`conference:${conference.id}`, conference);
    return read;
  }

  /**
   * One conference. `GET /conferences/{id}` is a REST-convention guess (not on the published page), so when it
   * answers "not found" or "refused" the documented list is read once (all pages) and searched instead.
   */
  private conference(id: number, ctx: CallContext): Promise<ApizeeConference | null> {
    return ctx.memo.forConnection(this.connectionId).once(`conference:${id}`, async () => {
      try {
        const conference = await this.client.getConference(id, ctx);
        if (unreadableItem(conference) !== null) {
          throw new VendorProtocolError(this.source, `Apizee returned conference ${id} in a form meetgraph cannot read.`);
        }
        return conference;
      } catch (error) {
        if (!(error instanceof VendorNotFoundError) && !(error instanceof VendorRejectedError)) throw error;
      }
      const all = await this.conferences(null, null, ctx);
      return all.items.find((c) => c.id === id) ?? null;
    });
  }

  /**
   * Conferences that may overlap a window starting at `startsFrom`: the unfiltered list when this request has
   * already read it (a superset, so no further call), else the list from `startsFrom` on.
   */
  private conferencesAround(startsFrom: Date, ctx: CallContext): Promise<ListRead<ApizeeConference>> {
    const all = ctx.memo.forConnection(this.connectionId).has(conferencesKey(null, null));
    return this.conferences(all ? null : startsFrom, null, ctx);
  }

  /** GET /tickets has no date filter: the whole list is read once per request and shared by every method. */
  private tickets(ctx: CallContext): Promise<ListRead<ApizeeTicket>> {
    return ctx.memo.forConnection(this.connectionId).once('tickets', () =>
      this.allPages<ApizeeTicket>('tickets', async (offset, limit) => {
        // Apizee REST APIs, "Get a ticket ID from a reference": GET /tickets orderby, order, limit, offset
        const reply = await this.client.listTickets({ limit, offset }, ctx);
        return { items: Array.isArray(reply?.data) ? reply.data : [], total: typeof reply?.total === 'number' ? reply.total : null };
      }),
    );
  }

  private async ticket(id: number, ctx: CallContext): Promise<ApizeeTicket | null> {
    return (await this.tickets(ctx)).items.find((t) => t.id === id) ?? null;
  }

  private conferenceMedia(id: number, ctx: CallContext): Promise<ApizeeMedia[]> {
    return ctx.memo.forConnection(this.connectionId).once(`conference-media:${id}`, async () => {
      const read = await this.allPages<ApizeeMedia>('media files', async (offset, limit) => {
        const reply = await this.client.listConferenceMedia(id, { limit, offset }, ctx);
        return { items: Array.isArray(reply?.data) ? reply.data : [], total: typeof reply?.total === 'number' ? reply.total : null };
      });
      return read.items;
    });
  }

  private ticketMedias(enterpriseId: number, id: number, ctx: CallContext): Promise<ApizeeMedia[]> {
    return ctx.memo.forConnection(this.connectionId).once(`ticket-medias:${id}`, async () => {
      const read = await this.allPages<ApizeeMedia>('media files', async (offset, limit) => {
        // Quirk: this list's envelope is { limit, offset, medias, count }, not { total, data }.
        const reply = await this.client.listTicketMedias(enterpriseId, id, { limit, offset }, ctx);
        return { items: Array.isArray(reply?.medias) ? reply.medias : [], total: typeof reply?.count === 'number' ? reply.count : null };
      });
      return read.items;
    });
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
  private async rawMeeting(
    ref: ApizeeMeetingRef,
    ctx: CallContext,
  ): Promise<{ conference: ApizeeConference } | { ticket: ApizeeTicket } | null> {
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
      wantConferences ? this.conferences(q.from, q.search, ctx) : Promise.resolve(null),
      wantTickets ? this.tickets(ctx) : Promise.resolve(null),
    ]);
    // The vendor's `since`/`search` only narrow what is read; the exact filter and order are applied here.
    const page = pageMeetings([...(conferences?.items ?? []).map(toConferenceMeeting), ...(tickets?.items ?? []).map(toTicketMeeting)], q);
    const partialReason = partialOf(conferences, tickets);
    return partialReason ? { ...page, partialReason } : page;
  }

  override getMeetings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<MeetingRecord | null>> {
    return mapAll(ids, async (nativeId) => {
      const ref = parseMeetingNativeId(nativeId);
      if (!ref) return null;
      const found = await this.rawMeeting(ref, ctx);
      if (!found) return null;
      return 'conference' in found ? toConferenceMeeting(found.conference) : toTicketMeeting(found.ticket);
    });
  }

  // ================================================================================= participants

  override meetingParticipants(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    return mapAll(ids, async (nativeId) => {
      const ref = parseMeetingNativeId(nativeId);
      const found = ref ? await this.rawMeeting(ref, ctx) : null;
      if (!found) throw this.notFound(nativeId);
      return 'conference' in found ? toConferenceParticipants(found.conference) : toTicketParticipants(found.ticket);
    });
  }

  override getParticipants(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord | null>> {
    return mapAll(ids, async (nativeId) => {
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
    return mapAll(ids, async (nativeId) => {
      const ref = parseMeetingNativeId(nativeId);
      if (!ref) throw this.notFound(nativeId);
      return this.recordingsOf(ref, nativeId, ctx);
    });
  }

  override getRecordings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord | null>> {
    return mapAll(ids, async (nativeId) => {
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
    const [conferenceRead, ticketRead] = await Promise.all([
      this.conferences(q.from ? new Date(earliest) : null, null, ctx),
      this.enterpriseId === null ? Promise.resolve(null) : this.tickets(ctx),
    ]);
    const conferences = conferenceRead.items;
    const tickets = ticketRead?.items ?? [];
    const meetings: Array<{ ref: ApizeeMeetingRef; nativeId: string }> = [
      ...conferences
        .filter((c) => startedInWindow(parseApizeeTime(c.start_time)))
        .map((c) => ({ ref: { type: 'conference' as const, id: c.id }, nativeId: conferenceNativeId(c.id) })),
      ...tickets
        .filter((t) => startedInWindow(parseApizeeTime(t.start_time) ?? parseApizeeTime(t.created)))
        .map((t) => ({ ref: { type: 'ticket' as const, id: t.id }, nativeId: ticketNativeId(t.id) })),
    ];
    const lists = await mapAll(meetings, (m) => this.recordingsOf(m.ref, m.nativeId, ctx));
    const failure = lists.find((l): l is Error => l instanceof Error);
    if (failure) throw failure;
    const page = pageRecordings((lists as RecordingRecord[][]).flat(), q);
    const noEnterprise = {
      gaps: this.enterpriseId === null ? ['Ticket medias need the connection option enterpriseId; only conference media are listed.'] : [],
    };
    const partialReason = partialOf(noEnterprise, conferenceRead, ticketRead);
    return partialReason ? { ...page, partialReason } : page;
  }

  // ================================================================================= sessions

  /** The [start, end] a conference's session stats must start in; an open end reaches now. */
  private windowOf(conference: ApizeeConference): { start: Date; end: Date } | null {
    const start = parseApizeeTime(conference.start_time);
    if (!start) return null;
    return { start, end: parseApizeeTime(conference.end_time) ?? this.now() };
  }

  /**
   * Quirk: `/session` is per service key, not per conference (docs/vendors/apizee.md "Session statistics"). The
   * batch's conferences are grouped by service key and ONE call per key covers the union of their windows. A stat
   * goes to a conference only when that conference is the one conference of its key (among the batch and the
   * listed conferences around the window) whose window contains it; a stat that several overlapping conferences
   * could own is given to none of them (the sessions list shows it without a meeting and says why).
   */
  override async meetingSessions(ids: readonly string[], ctx: CallContext): Promise<BatchResult<SessionRecord[]>> {
    const refs = ids.map(parseMeetingNativeId);
    const conferences = await mapAll(refs, (ref) => (ref?.type === 'conference' ? this.conference(ref.id, ctx) : Promise.resolve(null)));

    const groups = new Map<string, { conferences: ApizeeConference[]; since: number; until: number }>();
    for (const conference of conferences) {
      if (!conference || conference instanceof Error || !conference.service_key) continue;
      const window = this.windowOf(conference);
      // Not started yet: no statistics can exist, so it costs no call (its result is []).
      if (!window || window.start.getTime() > this.now().getTime()) continue;
      const group = groups.get(conference.service_key) ?? {
        conferences: [],
        since: Number.POSITIVE_INFINITY,
        until: Number.NEGATIVE_INFINITY,
      };
      group.conferences.push(conference);
      group.since = Math.min(group.since, window.start.getTime());
      group.until = Math.max(group.until, window.end.getTime());
      groups.set(conference.service_key, group);
    }
    const statsByKey = new Map<string, { stats: ApizeeSessionStat[]; candidates: ApizeeConference[] } | Error>();
    // Other conferences that may overlap the batch's (those started up to a day before the earliest): one list read.
    const earliest = Math.min(...[...groups.values()].map((g) => g.since));
    await Promise.all(
      [...groups].map(async ([serviceKey, group]) => {
        try {
          const [stats, around] = await Promise.all([
            this.sessionStats(serviceKey, isoSeconds(new Date(group.since)), isoSecondsCeil(new Date(group.until)), ctx),
            this.conferencesAround(new Date(earliest - LOOKBACK_MS), ctx),
          ]);
          const ofKey = around.items.filter((c) => c.service_key === serviceKey);
          const candidates = new Map<number, ApizeeConference>(ofKey.map((c) => [c.id, c]));
          for (const c of group.conferences) candidates.set(c.id, c);
          statsByKey.set(serviceKey, { stats, candidates: [...candidates.values()] });
        } catch (error) {
          statsByKey.set(serviceKey, toError(error));
        }
      }),
    );

    return refs.map((ref, index) => {
      const nativeId = ids[index] as string;
      if (!ref) return this.notFound(nativeId);
      if (ref.type === 'ticket')
        return new UnsupportedByVendorError(
          this.source,
          'list sessions of a video-assistance ticket (session statistics cover conferences)',
        );
      const conference = conferences[index];
      if (conference instanceof Error) return conference;
      if (!conference) return this.notFound(nativeId);
      const serviceKey = conference.service_key;
      if (!serviceKey || !groups.has(serviceKey)) return [];
      const read = statsByKey.get(serviceKey);
      if (read instanceof Error) return read;
      return (read?.stats ?? []).flatMap((stat) => {
        const owner = attributeStat(stat, serviceKey, read?.candidates ?? []);
        const mine = owner.kind === 'conference' && owner.conference.id === conference.id;
        return mine ? [toSession(stat, nativeId, conference.name ?? null)] : [];
      });
    });
  }

  /**
   * Sessions of every service key the connection's conferences use (from `from` minus a day onward), one
   * `/session` call per key over the asked range; each stat names its conference when exactly one contains it.
   */
  override async listSessions(q: SessionListQuery, ctx: CallContext): Promise<ListPage<SessionRecord>> {
    const read = await this.conferences(q.from ? new Date(q.from.getTime() - LOOKBACK_MS) : null, null, ctx);
    const byKey = new Map<string, ApizeeConference[]>();
    for (const conference of read.items) {
      if (!conference.service_key) continue;
      byKey.set(conference.service_key, [...(byKey.get(conference.service_key) ?? []), conference]);
    }
    const now = this.now();
    let ambiguous = 0;
    const lists = await Promise.all(
      [...byKey].map(async ([serviceKey, ofKey]) => {
        const windows = ofKey.map((c) => this.windowOf(c)).filter((w): w is { start: Date; end: Date } => w !== null);
        const since = q.from ?? (windows.length ? new Date(Math.min(...windows.map((w) => w.start.getTime()))) : null);
        // Stats are written after a session ends, so nothing after now exists yet.
        const until = q.to && q.to.getTime() < now.getTime() ? q.to : now;
        if (!since || since.getTime() > until.getTime()) return [];
        const stats = await this.sessionStats(serviceKey, isoSeconds(since), isoSecondsCeil(until), ctx);
        return stats.map((stat) => {
          const owner = attributeStat(stat, serviceKey, ofKey);
          if (owner.kind === 'ambiguous') ambiguous += 1;
          const conference = owner.kind === 'conference' ? owner.conference : null;
          return toSession(stat, conference ? conferenceNativeId(conference.id) : null, conference?.name ?? null);
        });
      }),
    );
    const unique = new Map<string, SessionRecord>();
    for (const session of lists.flat()) unique.set(session.nativeId, session);
    const page = pageSessions([...unique.values()], q);
    const attribution = {
      gaps: ambiguous
        ? [
            `${ambiguous} Apizee session statistics fall inside several overlapping conferences of the same service key; ` +
              'they are listed without a meeting.',
          ]
        : [],
    };
    const partialReason = partialOf(read, attribution);
    return partialReason ? { ...page, partialReason } : page;
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
    return q.from
      ? page
      : {
          ...page,
          partialReason: `Apizee ticket statistics are asked by date range; without "from" only the last ${STATS_DEFAULT_DAYS} days are read.`,
        };
  }

  /**
   * A statistics row's `ID` is its ticket's id, so the ticket list tells which days to ask: one tickets-stats call
   * covers the batch, from the earliest ticket's creation to the latest one's last change.
   */
  override async getConnectionReports(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ConnectionReportRecord | null>> {
    const enterpriseId = this.requireEnterprise('look up ticket statistics');
    const tickets = (await this.tickets(ctx)).items;
    const byId = new Map(tickets.map((t) => [String(t.id), t]));
    let since: number = Number.POSITIVE_INFINITY;
    let until: number = Number.NEGATIVE_INFINITY;
    for (const id of ids) {
      const ticket = byId.get(id);
      if (!ticket) continue;
      const times = [ticket.created, ticket.start_time, ticket.end_time, ticket.modified]
        .map(parseApizeeTime)
        .filter((d): d is Date => d !== null);
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
    if (kind === 'ROOM')
      throw new BadUserInputError('input.kind', 'Apizee has no standing rooms: create a SCHEDULED conference or an ASSISTANCE ticket.');
    if (input.description) throw new BadUserInputError('input.description', 'Apizee conferences and tickets take no description.');
    if (input.moderatorPassword) throw new BadUserInputError('input.moderatorPassword', 'Apizee rooms have no moderator password.');
    if (input.recorded) throw new BadUserInputError('input.recorded', 'Apizee recording cannot be switched on through its REST API.');
    const created =
      kind === 'ASSISTANCE'
        ? toTicketMeeting(await this.createTicket(input, ctx))
        : toConferenceMeeting(await this.createConference(input, ctx));
    // Cached lists of this connection no longer tell the truth.
    ctx.memo.forConnection(this.connectionId).forget();
    return created;
  }

  /** The settings a create accepts, each with its type: every other setting name is refused. */
  private settingsOf(input: CreateMeetingCommand, allowed: Readonly<Record<string, 'boolean' | 'string'>>): Map<string, unknown> {
    const settings = new Map<string, unknown>();
    for (const setting of input.settings ?? []) {
      const type = allowed[setting.name];
      if (!type) {
        const known = Object.keys(allowed).join(', ');
        throw new BadUserInputError('input.settings', `Apizee knows no setting "${setting.name}" here (known: ${known}).`);
      }
      if (type === 'boolean' && typeof setting.value !== 'boolean') {
        throw new BadUserInputError('input.settings', `setting "${setting.name}" must be true or false.`);
      }
      if (type === 'string' && (typeof setting.value !== 'string' || setting.value.trim() === '')) {
        throw new BadUserInputError('input.settings', `setting "${setting.name}" must be a non-empty text.`);
      }
      settings.set(setting.name, setting.value);
    }
    return settings;
  }

  private async createConference(input: CreateMeetingCommand, ctx: CallContext): Promise<ApizeeConference> {
    const settings = this.settingsOf(input, { moderation: 'boolean', invite: 'boolean' });
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
    // Apizee REST APIs, "Parameters": `participants` is mandatory; checked here so nothing is sent without it.
    if (contacts.length === 0)
      throw new BadUserInputError('input.participants', 'Apizee conferences need at least one participant email or phone number.');

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
      // `startTime` and `duration` are not on the published page (only "see the full parameter list"); `duration` is
      // sent in minutes, a guess. The created record is built from the vendor's reply, so if Apizee read either
      // differently the caller sees the schedule Apizee actually stored (docs/vendors/apizee.md "Creating").
      startTime: input.startsAt ? isoSeconds(input.startsAt) : undefined,
      duration: duration ?? undefined,
    };
    return this.client.createConference(query, ctx);
  }

  /**
   * Apizee REST APIs, "Retrieving the link to a video assistance room": POST /tickets with `agent`, `email`|`phone`,
   * `invite`, `reference`, `scope`. A ticket has no title field, so the title is not stored (the ticket reads back as
   * "Video assistance <id>"); `reference` is the customer's own case id, taken from the setting `reference`, never
   * from the title. `scope=sso` is always sent: the page says it is how the agent's URL is returned, and the reply is
   * the only place the agent link (`agent_url` + `button_id`) ever appears.
   */
  private async createTicket(input: CreateMeetingCommand, ctx: CallContext): Promise<ApizeeTicket> {
    const settings = this.settingsOf(input, { invite: 'boolean', reference: 'string' });
    if (input.startsAt || input.endsAt || input.durationMinutes !== null) {
      throw new BadUserInputError('input.startsAt', 'an Apizee video-assistance ticket starts when it is created; it takes no schedule.');
    }
    const participants = input.participants ?? [];
    const agent = participants.find((p) => p.role === 'AGENT');
    const agentLogin = agent ? (agent.email ?? agent.displayName) : null;
    if (!agentLogin)
      throw new BadUserInputError(
        'input.participants',
        'a video-assistance ticket needs a participant with role AGENT (the Apizee login of the agent).',
      );
    const customers = participants.filter((p) => p !== agent);
    if (customers.length !== 1)
      throw new BadUserInputError('input.participants', 'a video-assistance ticket is 1-1: one AGENT and one CUSTOMER.');
    const customer = customers[0] as InviteeCommand;
    if (customer.role !== null && customer.role !== 'CUSTOMER')
      throw new BadUserInputError('input.participants', 'the other participant of a video-assistance ticket must have role CUSTOMER.');
    if (!customer.email && !customer.phone)
      throw new BadUserInputError('input.participants', 'the CUSTOMER needs an email or a phone number.');
    const ticket = await this.client.createTicket(
      {
        agent: agentLogin,
        email: customer.email ?? undefined,
        phone: customer.email ? undefined : (customer.phone ?? undefined),
        invite: settings.get('invite') === true ? 1 : undefined,
        reference: typeof settings.get('reference') === 'string' ? (settings.get('reference') as string) : undefined,
        scope: 'sso',
      },
      ctx,
    );
    // The single-sign-on URL embeds an access token: registered so no log or error can ever show it (raw drops it).
    if (ticket?.sso_url) registerSecret(ticket.sso_url);
    return ticket;
  }

  // ================================================================================= links

  private async joinable(meetingId: string, ctx: CallContext): Promise<{ conference: ApizeeConference } | { ticket: ApizeeTicket }> {
    const ref = parseMeetingNativeId(meetingId);
    const found = ref ? await this.rawMeeting(ref, ctx) : null;
    if (!found) throw this.notFound(meetingId);
    const status = 'conference' in found ? toConferenceMeeting(found.conference).status : toTicketMeeting(found.ticket).status;
    if (status === 'ENDED' || status === 'CANCELLED')
      throw new VendorRejectedError(this.source, `This Apizee meeting is ${status.toLowerCase()}; it cannot be joined.`);
    if ('ticket' in found && found.ticket.sso_url) registerSecret(found.ticket.sso_url);
    return found;
  }

  /**
   * The agent's link of a ticket. Only the creation reply carries `agent_url`/`button_id` (the `agentUrl` setting
   * of the created meeting); a listed ticket has neither, and meetgraph does not guess the portal URL.
   */
  private agentLink(ticket: ApizeeTicket): string {
    const url = ticketAgentUrl(ticket);
    if (!url) {
      throw new UnsupportedByVendorError(
        this.source,
        "give the agent's link of an existing ticket (GET /tickets returns no agent_url or button_id; " +
          'the link is the agentUrl setting of the createMeeting answer)',
      );
    }
    return url;
  }

  private urlOrFail(url: string | null): string {
    if (!url) throw new VendorProtocolError(this.source, 'Apizee returned the meeting without its URL.');
    return url;
  }

  /** Apizee REST APIs, "Setting up the conference URL": `name` pre-fills the participant's name and skips the login card. */
  private withName(url: string, name: string | null): string {
    if (!name) return url;
    const parsed = new URL(url);
    parsed.searchParams.set('name', name);
    return parsed.toString();
  }

  /**
   * Apizee REST APIs, "Start the session": a run starts when the host opens the room URL; no API call starts it. So this
   * returns the host's link without a write: the conference `url` (MODERATOR) or the ticket's agent URL (AGENT).
   */
  override async startSession(meetingId: string, input: StartSessionCommand, ctx: CallContext): Promise<JoinLinkRecord> {
    if (input.attendeePassword || input.moderatorPassword) throw new BadUserInputError('input', 'Apizee rooms have no passwords.');
    if (input.logoutUrl) throw new BadUserInputError('input.logoutUrl', 'Apizee rooms take no logout URL.');
    if (input.title) throw new BadUserInputError('input.title', 'an Apizee run cannot be given its own title.');
    const found = await this.joinable(meetingId, ctx);
    if ('conference' in found)
      return {
        url: this.withName(this.urlOrFail(found.conference.url ?? found.conference.short_url ?? null), input.hostName),
        role: 'MODERATOR',
        expiresAt: null,
      };
    // The agent signs in to the Apizee portal: the ticket link takes no name parameter.
    return { url: this.agentLink(found.ticket), role: 'AGENT', expiresAt: null };
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
      if (role !== 'MODERATOR' && role !== 'PARTICIPANT')
        throw new BadUserInputError('input.role', 'Apizee conference links are for MODERATOR or PARTICIPANT.');
      return {
        url: this.withName(this.urlOrFail(found.conference.url ?? found.conference.short_url ?? null), input.displayName),
        role,
        expiresAt: null,
      };
    }
    if (role === 'AGENT') return { url: this.agentLink(found.ticket), role, expiresAt: null };
    if (role === 'CUSTOMER') return { url: this.urlOrFail(found.ticket.requestor_url ?? null), role, expiresAt: null };
    throw new BadUserInputError('input.role', 'Apizee video-assistance links are for AGENT or CUSTOMER.');
  }
}
