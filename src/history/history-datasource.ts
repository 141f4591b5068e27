import type { Capability } from '../../datasources/capabilities.js';
import type { CreateMeetingCommand, JoinLinkCommand, StartSessionCommand, UpdateMeetingCommand } from '../../datasources/commands.js';
import {
  connectionReportMatches,
  pageConnectionReports,
  pageSessions,
  type ConnectionReportListQuery,
  type ListPage,
  type MeetingListQuery,
  type RecordingListQuery,
  type SessionListQuery,
  type TimeRange,
} from '../../datasources/list-queries.js';
import type {
  ConnectionReportRecord,
  JoinLinkRecord,
  MeetingRecord,
  MeetingSettingRecord,
  ParticipantRecord,
  RecordingRecord,
  SessionRecord,
  VendorName,
} from '../../datasources/records.js';
import type { CallContext } from '../../datasources/request-memo.js';
import type { BatchResult, VendorDatasource } from '../../datasources/vendor.js';
import { VendorError } from '../../datasources/vendor-errors.js';
import type { HistoryStore, SyncKind } from './history-store.js';

/** What history adds to a connection: which syncs run for it. */
export interface HistoryFeatures {
  reports: boolean;
  presence: boolean;
}

/** Capabilities alfaview gains when its presence is kept. */
export const PRESENCE_CAPABILITIES: readonly Capability[] = ['LIST_SESSIONS', 'MEETING_SESSIONS', 'SESSION_PARTICIPANTS'];

/** What history keeps for a vendor: Alpemix forgets reports after a day, alfaview keeps no presence at all. */
export function historyFeatures(vendor: VendorName): HistoryFeatures | null {
  if (vendor === 'alpemix') return { reports: true, presence: false };
  if (vendor === 'alfaview') return { reports: false, presence: true };
  return null;
}

/** The capabilities a connection of `vendor` gains when history is on (the README coverage table shows them). */
export function historyCapabilities(vendor: VendorName): readonly Capability[] {
  return historyFeatures(vendor)?.presence ? PRESENCE_CAPABILITIES : [];
}

/** "from … on" for messages: the instant in ISO-8601 UTC. */
const iso = (d: Date): string => d.toISOString();

/**
 * Whether stored history covers a requested range. Covered when the store's continuous coverage starts at or
 * before the range's start; otherwise the reason names what is covered (shown in `sources` as PARTIAL).
 */
export function coverageGap(range: TimeRange, coveredFrom: Date | null, what: string): string | null {
  if (coveredFrom === null) return `No ${what} history is stored yet for this connection; older data cannot be listed.`;
  if (range.from !== null && range.from.getTime() >= coveredFrom.getTime()) return null;
  return `Stored ${what} history covers ${iso(coveredFrom)} onwards; earlier parts of the range cannot be listed.`;
}

/**
 * A connection with history: answers what the vendor forgot from the store, merged with the vendor's live
 * answer without duplicates (the live record wins), and says in `partialReason` how much of the range the
 * two together cover. Everything else goes to the vendor's datasource unchanged.
 */
export class HistoryBackedDatasource implements VendorDatasource {
  readonly capabilities: ReadonlySet<Capability>;

  constructor(
    private readonly inner: VendorDatasource,
    private readonly store: HistoryStore,
    private readonly features: HistoryFeatures,
  ) {
    this.capabilities = new Set([...inner.capabilities, ...(features.presence ? PRESENCE_CAPABILITIES : [])]);
  }

  get connectionId(): string {
    return this.inner.connectionId;
  }
  get vendor() {
    return this.inner.vendor;
  }
  get label(): string | null {
    return this.inner.label;
  }
  get health() {
    return this.inner.health;
  }

  /** Which syncs keep this connection's history (for `VendorConnection.sync`). */
  syncKinds(): SyncKind[] {
    return [
      ...(this.features.reports ? (['alpemix-reports'] as const) : []),
      ...(this.features.presence ? (['alfaview-presence'] as const) : []),
    ];
  }

  syncState(kind: SyncKind) {
    return this.store.syncState(this.connectionId, kind);
  }

  // ---- connection reports: live for what the vendor keeps, stored for the rest ----

  async listConnectionReports(query: ConnectionReportListQuery, ctx: CallContext): Promise<ListPage<ConnectionReportRecord>> {
    if (!this.features.reports) return this.inner.listConnectionReports(query, ctx);
    // The merged window [offset, offset + limit) is made of at most the first offset + limit + 1 items of each side.
    const enough = { offset: 0, limit: query.offset + query.limit + 1 };
    const [live, stored, state] = await Promise.all([
      this.inner.listConnectionReports({ ...query, ...enough }, ctx).then(
        (page) => page,
        (error: unknown) => error,
      ),
      this.store.connectionReports(this.connectionId, { from: query.from, to: null }),
      this.store.syncState(this.connectionId, 'alpemix-reports'),
    ]);
    const byId = new Map<string, ConnectionReportRecord>();
    for (const record of stored) if (connectionReportMatches(record, query)) byId.set(record.nativeId, record);
    if (isPage(live)) for (const record of live.items) byId.set(record.nativeId, record);
    const page = pageConnectionReports([...byId.values()], query);
    if (!isPage(live)) {
      // The vendor failed: what the store holds still answers, and the reason says what is missing.
      const code = live instanceof VendorError ? live.code : 'VENDOR_UNAVAILABLE';
      return { ...page, partialReason: `The vendor did not answer (${code}); showing stored history only.` };
    }
    const vendorGap = live.partialReason ?? null;
    return { ...page, partialReason: vendorGap === null ? null : coverageGap(query, state.coveredFrom, 'connection report') };
  }

  async getConnectionReports(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ConnectionReportRecord | null>> {
    const live = await this.inner.getConnectionReports(ids, ctx);
    if (!this.features.reports) return live;
    const missing = ids.filter((_, i) => live[i] === null || live[i] === undefined);
    if (missing.length === 0) return live;
    const stored = await this.store.connectionReportsById(this.connectionId, missing);
    return ids.map((id, i) => live[i] ?? stored.get(id) ?? null);
  }

  // ---- sessions and attendance from presence history ----

  async listSessions(query: SessionListQuery, ctx: CallContext): Promise<ListPage<SessionRecord>> {
    if (!this.features.presence) return this.inner.listSessions(query, ctx);
    const [sessions, state] = await Promise.all([
      this.store.roomSessions(this.connectionId, { from: query.from, to: query.to }),
      this.store.syncState(this.connectionId, 'alfaview-presence'),
    ]);
    return { ...pageSessions(sessions, query), partialReason: coverageGap(query, state.coveredFrom, 'session') };
  }

  async meetingSessions(meetingIds: readonly string[], ctx: CallContext): Promise<BatchResult<SessionRecord[]>> {
    if (!this.features.presence) return this.inner.meetingSessions(meetingIds, ctx);
    const sessions = await this.store.roomSessions(this.connectionId, { roomIds: meetingIds });
    return meetingIds.map((id) => sessions.filter((s) => s.meetingNativeId === id));
  }

  async getSessions(ids: readonly string[], ctx: CallContext): Promise<BatchResult<SessionRecord | null>> {
    if (!this.features.presence) return this.inner.getSessions(ids, ctx);
    const found = await this.store.roomSessionsById(this.connectionId, ids);
    return ids.map((id) => found.get(id) ?? null);
  }

  async sessionParticipants(sessionIds: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    if (!this.features.presence) return this.inner.sessionParticipants(sessionIds, ctx);
    const byId = await this.store.sessionParticipants(this.connectionId, sessionIds);
    return sessionIds.map((id) => byId.get(id) ?? []);
  }

  // ---- everything else is the vendor's ----

  listMeetings(q: MeetingListQuery, ctx: CallContext): Promise<ListPage<MeetingRecord>> {
    return this.inner.listMeetings(q, ctx);
  }
  listRecordings(q: RecordingListQuery, ctx: CallContext): Promise<ListPage<RecordingRecord>> {
    return this.inner.listRecordings(q, ctx);
  }
  getMeetings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<MeetingRecord | null>> {
    return this.inner.getMeetings(ids, ctx);
  }
  getParticipants(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord | null>> {
    return this.inner.getParticipants(ids, ctx);
  }
  getRecordings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord | null>> {
    return this.inner.getRecordings(ids, ctx);
  }
  meetingSettings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<MeetingSettingRecord[]>> {
    return this.inner.meetingSettings(ids, ctx);
  }
  meetingParticipants(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    return this.inner.meetingParticipants(ids, ctx);
  }
  meetingRecordings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord[]>> {
    return this.inner.meetingRecordings(ids, ctx);
  }
  sessionRecordings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord[]>> {
    return this.inner.sessionRecordings(ids, ctx);
  }
  createMeeting(input: CreateMeetingCommand, ctx: CallContext): Promise<MeetingRecord> {
    return this.inner.createMeeting(input, ctx);
  }
  updateMeeting(id: string, input: UpdateMeetingCommand, ctx: CallContext): Promise<MeetingRecord> {
    return this.inner.updateMeeting(id, input, ctx);
  }
  deleteMeeting(id: string, ctx: CallContext): Promise<void> {
    return this.inner.deleteMeeting(id, ctx);
  }
  startSession(id: string, input: StartSessionCommand, ctx: CallContext): Promise<JoinLinkRecord> {
    return this.inner.startSession(id, input, ctx);
  }
  endSession(id: string, ctx: CallContext): Promise<MeetingRecord> {
    return this.inner.endSession(id, ctx);
  }
  createJoinLink(id: string, input: JoinLinkCommand, ctx: CallContext): Promise<JoinLinkRecord> {
    return this.inner.createJoinLink(id, input, ctx);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

function isPage(value: unknown): value is ListPage<ConnectionReportRecord> {
  return typeof value === 'object' && value !== null && Array.isArray((value as ListPage<unknown>).items);
}
