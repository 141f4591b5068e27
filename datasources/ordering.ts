import type { ConnectionReportRecord, MeetingRecord, RecordingRecord, SessionRecord } from './records.js';

/**
 * The one definition of each list's order. Datasources page their own items with these comparators and
 * the cross-vendor merge uses the same ones, which is what makes per-connection offsets in cursors exact.
 * Ties break on nativeId, then the merge breaks ties between connections on connectionId.
 */
export type MeetingOrderValue = 'STARTS_AT_DESC' | 'STARTS_AT_ASC' | 'TITLE_ASC';

function compareDates(a: Date | null, b: Date | null, direction: 1 | -1): number {
  // nulls last whatever the direction
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a.getTime() - b.getTime()) * direction;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function meetingComparator(order: MeetingOrderValue): (a: MeetingRecord, b: MeetingRecord) => number {
  switch (order) {
    case 'STARTS_AT_ASC':
      return (a, b) => compareDates(a.startsAt, b.startsAt, 1) || compareIds(a.nativeId, b.nativeId);
    case 'TITLE_ASC':
      return (a, b) => a.title.localeCompare(b.title, 'en') || compareIds(a.nativeId, b.nativeId);
    case 'STARTS_AT_DESC':
    default:
      return (a, b) => compareDates(a.startsAt, b.startsAt, -1) || compareIds(a.nativeId, b.nativeId);
  }
}

/** Sessions, newest start first. */
export function compareSessions(a: SessionRecord, b: SessionRecord): number {
  return compareDates(a.startedAt, b.startedAt, -1) || compareIds(a.nativeId, b.nativeId);
}

/** Recordings, newest first. */
export function compareRecordings(a: RecordingRecord, b: RecordingRecord): number {
  return compareDates(a.createdAt, b.createdAt, -1) || compareIds(a.nativeId, b.nativeId);
}

/** Connection reports, newest first. */
export function compareConnectionReports(a: ConnectionReportRecord, b: ConnectionReportRecord): number {
  return compareDates(a.startedAt, b.startedAt, -1) || compareIds(a.nativeId, b.nativeId);
}
