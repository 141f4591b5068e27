import type {
  ConnectionModeValue,
  ConnectionReportRecord,
  MediaTypeValue,
  MeetingKindValue,
  MeetingRecord,
  MeetingStatusValue,
  RecordingRecord,
  SessionRecord,
} from './records.js';
import { compareConnectionReports, compareRecordings, compareSessions, meetingComparator, type MeetingOrderValue } from './ordering.js';

/**
 * What the cross-vendor merge asks of one connection: items [offset, offset + limit) of that connection's
 * list, filtered and in the list's order (datasources/ordering.ts), and whether more exist after them.
 */
export interface PageWindow {
  offset: number;
  limit: number;
}

export interface TimeRange {
  from: Date | null;
  to: Date | null;
}

export interface MeetingListQuery extends TimeRange, PageWindow {
  statuses: MeetingStatusValue[] | null;
  kinds: MeetingKindValue[] | null;
  search: string | null;
  order: MeetingOrderValue;
}

export interface SessionListQuery extends TimeRange, PageWindow {
  live: boolean | null;
}

export interface RecordingListQuery extends TimeRange, PageWindow {
  mediaTypes: MediaTypeValue[] | null;
}

export interface ConnectionReportListQuery extends TimeRange, PageWindow {
  modes: ConnectionModeValue[] | null;
  search: string | null;
}

export interface ListPage<T> {
  items: T[];
  hasMore: boolean;
  /** Set when the vendor could serve only part of the range asked; the reason is shown in `sources`. */
  partialReason?: string | null;
}

function inRange(at: Date | null, range: TimeRange): boolean {
  if (at === null) return range.from === null && range.to === null;
  if (range.from && at.getTime() < range.from.getTime()) return false;
  if (range.to && at.getTime() > range.to.getTime()) return false;
  return true;
}

function matchesText(needle: string | null, ...haystack: Array<string | null | undefined>): boolean {
  if (!needle) return true;
  const n = needle.toLocaleLowerCase();
  return haystack.some((h) => h?.toLocaleLowerCase().includes(n));
}

/**
 * A meeting matches a time range when it starts inside it; a standing room with no start time is open
 * throughout every range, so it always matches (otherwise "this week's meetings" would hide every room).
 */
export function meetingMatches(m: MeetingRecord, q: MeetingListQuery): boolean {
  if (q.statuses && !q.statuses.includes(m.status)) return false;
  if (q.kinds && !q.kinds.includes(m.kind)) return false;
  if (!matchesText(q.search, m.title, m.description)) return false;
  if (m.startsAt === null) return true;
  return inRange(m.startsAt, q);
}

export function sessionMatches(s: SessionRecord, q: SessionListQuery): boolean {
  if (q.live !== null && s.live !== q.live) return false;
  return inRange(s.startedAt, q);
}

export function recordingMatches(r: RecordingRecord, q: RecordingListQuery): boolean {
  if (q.mediaTypes && !q.mediaTypes.includes(r.mediaType)) return false;
  return inRange(r.createdAt, q);
}

export function connectionReportMatches(r: ConnectionReportRecord, q: ConnectionReportListQuery): boolean {
  if (q.modes && !q.modes.includes(r.mode)) return false;
  if (!matchesText(q.search, r.note, r.reference, r.agent?.name, r.target?.name)) return false;
  return inRange(r.startedAt, q);
}

function windowOf<T>(sorted: T[], window: PageWindow): ListPage<T> {
  return { items: sorted.slice(window.offset, window.offset + window.limit), hasMore: sorted.length > window.offset + window.limit };
}

/** For vendors that return a whole list at once: filter, order and cut the window meetgraph asked for. */
export function pageMeetings(all: MeetingRecord[], q: MeetingListQuery): ListPage<MeetingRecord> {
  return windowOf(all.filter((m) => meetingMatches(m, q)).sort(meetingComparator(q.order)), q);
}

export function pageSessions(all: SessionRecord[], q: SessionListQuery): ListPage<SessionRecord> {
  return windowOf(all.filter((s) => sessionMatches(s, q)).sort(compareSessions), q);
}

export function pageRecordings(all: RecordingRecord[], q: RecordingListQuery): ListPage<RecordingRecord> {
  return windowOf(all.filter((r) => recordingMatches(r, q)).sort(compareRecordings), q);
}

export function pageConnectionReports(all: ConnectionReportRecord[], q: ConnectionReportListQuery): ListPage<ConnectionReportRecord> {
  return windowOf(all.filter((r) => connectionReportMatches(r, q)).sort(compareConnectionReports), q);
}
