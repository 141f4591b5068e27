import type { Capability } from './capabilities.js';
import type { CreateMeetingCommand, JoinLinkCommand, StartSessionCommand, UpdateMeetingCommand } from './commands.js';
import type { ConnectionHealth } from './health.js';
import type { ConnectionReportListQuery, ListPage, MeetingListQuery, RecordingListQuery, SessionListQuery } from './list-queries.js';
import type {
  ConnectionReportRecord,
  JoinLinkRecord,
  MeetingRecord,
  MeetingSettingRecord,
  ParticipantRecord,
  RecordingRecord,
  SessionRecord,
  VendorName,
} from './records.js';
import type { CallContext } from './request-memo.js';
import { UnsupportedByVendorError, type VendorErrorSource } from './vendor-errors.js';

/**
 * One result per key, in key order: the record, `null` when the vendor says it does not exist, or an Error
 * for that key alone. A batch method throws only when the whole batch failed.
 */
export type BatchResult<T> = Array<T | Error>;

/**
 * The contract every vendor implements, one instance per configured connection. All ids are the vendor's
 * native ids. Reads are batch-shaped (many ids in, one result per id out): a vendor with a batch endpoint
 * makes one upstream call per batch, the others bounded-concurrency calls, never the same resource twice
 * in one request (use `ctx.memo`). Anything outside `capabilities` throws UnsupportedByVendorError.
 */
export interface VendorDatasource {
  readonly connectionId: string;
  readonly vendor: VendorName;
  readonly label: string | null;
  readonly capabilities: ReadonlySet<Capability>;
  readonly health: ConnectionHealth;

  listMeetings(query: MeetingListQuery, ctx: CallContext): Promise<ListPage<MeetingRecord>>;
  listSessions(query: SessionListQuery, ctx: CallContext): Promise<ListPage<SessionRecord>>;
  listRecordings(query: RecordingListQuery, ctx: CallContext): Promise<ListPage<RecordingRecord>>;
  listConnectionReports(query: ConnectionReportListQuery, ctx: CallContext): Promise<ListPage<ConnectionReportRecord>>;

  getMeetings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<MeetingRecord | null>>;
  getSessions(ids: readonly string[], ctx: CallContext): Promise<BatchResult<SessionRecord | null>>;
  getParticipants(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord | null>>;
  getRecordings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord | null>>;
  getConnectionReports(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ConnectionReportRecord | null>>;

  meetingSettings(meetingIds: readonly string[], ctx: CallContext): Promise<BatchResult<MeetingSettingRecord[]>>;
  meetingSessions(meetingIds: readonly string[], ctx: CallContext): Promise<BatchResult<SessionRecord[]>>;
  meetingParticipants(meetingIds: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>>;
  meetingRecordings(meetingIds: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord[]>>;
  sessionParticipants(sessionIds: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>>;
  sessionRecordings(sessionIds: readonly string[], ctx: CallContext): Promise<BatchResult<RecordingRecord[]>>;

  createMeeting(input: CreateMeetingCommand, ctx: CallContext): Promise<MeetingRecord>;
  updateMeeting(meetingId: string, input: UpdateMeetingCommand, ctx: CallContext): Promise<MeetingRecord>;
  deleteMeeting(meetingId: string, ctx: CallContext): Promise<void>;
  /** Starts a run of the meeting and returns the host's link. */
  startSession(meetingId: string, input: StartSessionCommand, ctx: CallContext): Promise<JoinLinkRecord>;
  endSession(meetingId: string, ctx: CallContext): Promise<MeetingRecord>;
  createJoinLink(meetingId: string, input: JoinLinkCommand, ctx: CallContext): Promise<JoinLinkRecord>;

  /** Releases timers, sockets and caches; called on shutdown. */
  close(): Promise<void>;
}

/**
 * Every method answers UNSUPPORTED_BY_VENDOR until a vendor overrides it, so a datasource states only what
 * it can do. `capabilities` must list exactly the overridden methods; the vendor tests check both ways.
 */
export abstract class BaseVendorDatasource implements VendorDatasource {
  abstract readonly vendor: VendorName;
  abstract readonly capabilities: ReadonlySet<Capability>;

  constructor(
    readonly connectionId: string,
    readonly label: string | null,
    readonly health: ConnectionHealth,
  ) {}

  protected get source(): VendorErrorSource {
    return { vendor: this.vendor, connectionId: this.connectionId };
  }

  protected unsupported(what: string): Promise<never> {
    return Promise.reject(new UnsupportedByVendorError(this.source, what));
  }

  listMeetings(_q: MeetingListQuery, _ctx: CallContext): Promise<ListPage<MeetingRecord>> {
    return this.unsupported('list meetings');
  }
  listSessions(_q: SessionListQuery, _ctx: CallContext): Promise<ListPage<SessionRecord>> {
    return this.unsupported('list sessions');
  }
  listRecordings(_q: RecordingListQuery, _ctx: CallContext): Promise<ListPage<RecordingRecord>> {
    return this.unsupported('list recordings');
  }
  listConnectionReports(_q: ConnectionReportListQuery, _ctx: CallContext): Promise<ListPage<ConnectionReportRecord>> {
    return this.unsupported('list connection reports');
  }
  getMeetings(_ids: readonly string[], _ctx: CallContext): Promise<BatchResult<MeetingRecord | null>> {
    return this.unsupported('look up meetings by id');
  }
  getSessions(_ids: readonly string[], _ctx: CallContext): Promise<BatchResult<SessionRecord | null>> {
    return this.unsupported('look up sessions by id');
  }
  getParticipants(_ids: readonly string[], _ctx: CallContext): Promise<BatchResult<ParticipantRecord | null>> {
    return this.unsupported('look up participants by id');
  }
  getRecordings(_ids: readonly string[], _ctx: CallContext): Promise<BatchResult<RecordingRecord | null>> {
    return this.unsupported('look up recordings by id');
  }
  getConnectionReports(_ids: readonly string[], _ctx: CallContext): Promise<BatchResult<ConnectionReportRecord | null>> {
    return this.unsupported('look up connection reports by id');
  }
  meetingSettings(_ids: readonly string[], _ctx: CallContext): Promise<BatchResult<MeetingSettingRecord[]>> {
    return this.unsupported('list meeting settings');
  }
  meetingSessions(_ids: readonly string[], _ctx: CallContext): Promise<BatchResult<SessionRecord[]>> {
    return this.unsupported("list a meeting's sessions");
  }
  meetingParticipants(_ids: readonly string[], _ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    return this.unsupported("list a meeting's participants");
  }
  meetingRecordings(_ids: readonly string[], _ctx: CallContext): Promise<BatchResult<RecordingRecord[]>> {
    return this.unsupported("list a meeting's recordings");
  }
  sessionParticipants(_ids: readonly string[], _ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    return this.unsupported("list a session's participants");
  }
  sessionRecordings(_ids: readonly string[], _ctx: CallContext): Promise<BatchResult<RecordingRecord[]>> {
    return this.unsupported("list a session's recordings");
  }
  createMeeting(_input: CreateMeetingCommand, _ctx: CallContext): Promise<MeetingRecord> {
    return this.unsupported('create meetings');
  }
  updateMeeting(_id: string, _input: UpdateMeetingCommand, _ctx: CallContext): Promise<MeetingRecord> {
    return this.unsupported('update meetings');
  }
  deleteMeeting(_id: string, _ctx: CallContext): Promise<void> {
    return this.unsupported('delete meetings');
  }
  startSession(_id: string, _input: StartSessionCommand, _ctx: CallContext): Promise<JoinLinkRecord> {
    return this.unsupported('start sessions');
  }
  endSession(_id: string, _ctx: CallContext): Promise<MeetingRecord> {
    return this.unsupported('end sessions');
  }
  createJoinLink(_id: string, _input: JoinLinkCommand, _ctx: CallContext): Promise<JoinLinkRecord> {
    return this.unsupported('create join links');
  }
  async close(): Promise<void> {}
}

/**
 * Runs `work` over every item at once, keeping order; a failed item becomes its Error. For vendors without batch
 * endpoints: the shared HTTP client keeps the connection's calls in flight within what the vendor tolerates
 * (datasources/concurrency.ts), so starting them all lets nested loads pipeline instead of waiting in stages.
 */
export function mapAll<I, O>(items: readonly I[], work: (item: I) => Promise<O>): Promise<Array<O | Error>> {
  return Promise.all(
    items.map(async (item) => {
      try {
        return await work(item);
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    }),
  );
}

/**
 * Runs `work` over `items` with at most `limit` in flight, keeping order; a failed item becomes its Error.
 * Only for work that is not one vendor call each (the shared HTTP client already bounds those per connection).
 */
export async function mapBounded<I, O>(items: readonly I[], limit: number, work: (item: I) => Promise<O>): Promise<Array<O | Error>> {
  const results: Array<O | Error> = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as I);
      } catch (error) {
        results[index] = error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
