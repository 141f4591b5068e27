import { registerEnumType } from 'type-graphql';
import { CAPABILITIES, type Capability as CapabilityName } from '../datasources/capabilities.js';

/** Built from datasources/capabilities.ts so the schema and the datasources can never disagree. */
export const Capability = Object.fromEntries(CAPABILITIES.map((c) => [c, c])) as { [K in (typeof CAPABILITIES)[number]]: K };

/** A Record over every capability, so a new capability does not compile without its description. */
const CAPABILITY_DESCRIPTIONS: Record<CapabilityName, string> = {
  LIST_MEETINGS: 'Its meetings appear in `Query.meetings`.',
  GET_MEETING: 'One meeting can be read by id (`Query.meeting`, `Query.node`).',
  CREATE_MEETING: '`Mutation.createMeeting` works.',
  UPDATE_MEETING: '`Mutation.updateMeeting` works.',
  DELETE_MEETING: '`Mutation.deleteMeeting` works.',
  START_SESSION: "`Mutation.startSession` starts a run and returns the host's link.",
  END_SESSION: '`Mutation.endSession` ends the running session.',
  CREATE_JOIN_LINK: '`Mutation.createJoinLink` mints a link for one person with a role.',
  MEETING_SETTINGS: "`Meeting.settings` lists the vendor's settings of a meeting.",
  MEETING_PARTICIPANTS: '`Meeting.participants` lists who is invited to or in a meeting.',
  MEETING_SESSIONS: '`Meeting.sessions` lists the runs of a meeting.',
  MEETING_RECORDINGS: "`Meeting.recordings` lists a meeting's recordings and media.",
  LIST_SESSIONS: 'Its sessions appear in `Query.sessions`.',
  SESSION_PARTICIPANTS: '`Session.participants` lists who attended a session.',
  SESSION_RECORDINGS: "`Session.recordings` lists a session's recordings.",
  LIST_RECORDINGS: 'Its recordings and media appear in `Query.recordings`.',
  LIST_CONNECTION_REPORTS: 'Its remote-support connection reports appear in `Query.connectionReports`.',
};

registerEnumType(Capability, {
  name: 'Capability',
  description:
    'Something a vendor can do through meetgraph. ' +
    'Anything else is UNSUPPORTED_BY_VENDOR on a mutation and UNSUPPORTED in `sources` on a list.',
  valuesConfig: Object.fromEntries(CAPABILITIES.map((c) => [c, { description: CAPABILITY_DESCRIPTIONS[c] }])),
});
