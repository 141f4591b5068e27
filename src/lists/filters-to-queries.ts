import type {
  ConnectionReportListQuery,
  MeetingListQuery,
  PageWindow,
  RecordingListQuery,
  SessionListQuery,
} from '../../datasources/list-queries.js';
import type { ConnectionReportFilter } from '../../schema/connection-report-filter.input.js';
import type { MeetingFilter } from '../../schema/meeting-filter.input.js';
import type { MeetingOrder } from '../../schema/meeting-order.enum.js';
import type { RecordingFilter } from '../../schema/recording-filter.input.js';
import type { SessionFilter } from '../../schema/session-filter.input.js';

/** GraphQL list arguments → the datasource queries of datasources/list-queries.ts (window filled in per connection). */
type Without<T> = Omit<T, keyof PageWindow>;

const range = (f: { from?: Date | null; to?: Date | null } | null | undefined) => ({ from: f?.from ?? null, to: f?.to ?? null });
const list = <T>(values: T[] | null | undefined): T[] | null => (values?.length ? [...values] : null);

export function meetingListQuery(filter: MeetingFilter | null | undefined, order: MeetingOrder): Without<MeetingListQuery> {
  return { ...range(filter), statuses: list(filter?.status), kinds: list(filter?.kind), search: filter?.search?.trim() || null, order };
}

export function sessionListQuery(filter: SessionFilter | null | undefined): Without<SessionListQuery> {
  return { ...range(filter), live: filter?.live ?? null };
}

export function recordingListQuery(filter: RecordingFilter | null | undefined): Without<RecordingListQuery> {
  return { ...range(filter), mediaTypes: list(filter?.mediaType) };
}

export function connectionReportListQuery(filter: ConnectionReportFilter | null | undefined): Without<ConnectionReportListQuery> {
  return { ...range(filter), modes: list(filter?.mode), search: filter?.search?.trim() || null };
}
