import type { MeetingKindValue, MeetingSettingRecord, ParticipantRoleValue } from './records.js';

/** Validated write inputs handed to datasources; GraphQL input classes are converted to these in resolvers. */
export interface InviteeCommand {
  displayName: string | null;
  email: string | null;
  phone: string | null;
  role: ParticipantRoleValue | null;
}

export interface CreateMeetingCommand {
  kind: MeetingKindValue | null;
  title: string;
  description: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  durationMinutes: number | null;
  timezone: string | null;
  /** Only the settings the caller named; each vendor completes or rejects them. */
  settings: MeetingSettingRecord[] | null;
  participants: InviteeCommand[] | null;
  moderatorPassword: string | null;
  recorded: boolean | null;
}

export type UpdateMeetingCommand = { [K in keyof CreateMeetingCommand]?: CreateMeetingCommand[K] | null };

export interface StartSessionCommand {
  hostName: string | null;
  title: string | null;
  attendeePassword: string | null;
  moderatorPassword: string | null;
  logoutUrl: string | null;
}

export interface JoinLinkCommand {
  displayName: string;
  role: ParticipantRoleValue;
  password: string | null;
  expiresAt: Date | null;
}
