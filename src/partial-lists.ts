import type { MeetingRecord, SessionRecord } from '../datasources/records.js';
import type { OwnedRecord } from './owned.js';
import type { NestedLists } from './partial.js';

/** Meeting's nested plain lists, as both their resolvers and `Meeting.gaps` load them. */
export const MEETING_LISTS = {
  // Some vendors deliver settings with the meeting itself; only the others cost a loader call.
  settings: (ctx, meeting) => (meeting.settings ? Promise.resolve(meeting.settings) : ctx.loaders.meetingSettings.load(meeting.id)),
  participants: (ctx, meeting) => ctx.loaders.meetingParticipants.load(meeting.id),
  recordings: (ctx, meeting) => ctx.loaders.meetingRecordings.load(meeting.id),
} satisfies NestedLists<OwnedRecord<MeetingRecord>>;

/** Session's nested plain lists, as both their resolvers and `Session.gaps` load them. */
export const SESSION_LISTS = {
  participants: (ctx, session) => ctx.loaders.sessionParticipants.load(session.id),
  recordings: (ctx, session) => ctx.loaders.sessionRecordings.load(session.id),
} satisfies NestedLists<OwnedRecord<SessionRecord>>;
