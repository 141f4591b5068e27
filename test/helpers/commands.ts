import type { CreateMeetingCommand, JoinLinkCommand, StartSessionCommand } from '../../datasources/commands.js';
import type { ConnectionReportListQuery, MeetingListQuery, RecordingListQuery, SessionListQuery } from '../../datasources/list-queries.js';

/** Datasource queries and commands with neutral defaults, for the vendor integration tests. */
export function meetingQuery(overrides: Partial<MeetingListQuery> = {}): MeetingListQuery {
  return { from: null, to: null, offset: 0, limit: 100, statuses: null, kinds: null, search: null, order: 'STARTS_AT_DESC', ...overrides };
}

export function sessionQuery(overrides: Partial<SessionListQuery> = {}): SessionListQuery {
  return { from: null, to: null, offset: 0, limit: 100, live: null, ...overrides };
}

export function recordingQuery(overrides: Partial<RecordingListQuery> = {}): RecordingListQuery {
  return { from: null, to: null, offset: 0, limit: 100, mediaTypes: null, ...overrides };
}

export function reportQuery(overrides: Partial<ConnectionReportListQuery> = {}): ConnectionReportListQuery {
  return { from: null, to: null, offset: 0, limit: 100, modes: null, search: null, ...overrides };
}

export function createCommand(overrides: Partial<CreateMeetingCommand> = {}): CreateMeetingCommand {
  return {
    kind: null,
    title: 'Integration meeting',
    description: null,
    startsAt: null,
    endsAt: null,
    durationMinutes: null,
    timezone: null,
    settings: null,
    participants: null,
    moderatorPassword: null,
    recorded: null,
    ...overrides,
  };
}

export const NO_START: StartSessionCommand = {
  hostName: null,
  title: null,
  attendeePassword: null,
  moderatorPassword: null,
  logoutUrl: null,
};

export function joinCommand(overrides: Partial<JoinLinkCommand> = {}): JoinLinkCommand {
  return { displayName: 'Guest', role: 'PARTICIPANT', password: null, expiresAt: null, ...overrides };
}
