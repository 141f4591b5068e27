import type {
  CreateMeetingCommand,
  InviteeCommand,
  JoinLinkCommand,
  StartSessionCommand,
  UpdateMeetingCommand,
} from '../datasources/commands.js';
import type { CreateMeetingInput } from '../schema/create-meeting.input.js';
import type { InviteeInput } from '../schema/invitee.input.js';
import type { JoinLinkInput } from '../schema/join-link.input.js';
import type { StartSessionInput } from '../schema/start-session.input.js';
import type { UpdateMeetingInput } from '../schema/update-meeting.input.js';

/** Validated GraphQL inputs → the plain commands datasources take. Pure. */
const invitee = (p: InviteeInput): InviteeCommand => ({
  displayName: p.displayName ?? null,
  email: p.email ?? null,
  phone: p.phone ?? null,
  role: p.role ?? null,
});

export function createMeetingCommand(input: CreateMeetingInput): CreateMeetingCommand {
  return {
    kind: input.kind ?? null,
    title: input.title.trim(),
    description: input.description ?? null,
    startsAt: input.startsAt ?? null,
    endsAt: input.endsAt ?? null,
    durationMinutes: input.durationMinutes ?? null,
    timezone: input.timezone ?? null,
    settings: input.settings ? input.settings.map((s) => ({ name: s.name, value: s.value })) : null,
    participants: input.participants ? input.participants.map(invitee) : null,
    moderatorPassword: input.moderatorPassword ?? null,
    recorded: input.recorded ?? null,
  };
}

/** Only the fields the caller sent: absent means "leave as it is". */
export function updateMeetingCommand(input: UpdateMeetingInput): UpdateMeetingCommand {
  const command: UpdateMeetingCommand = {};
  if (input.title != null) command.title = input.title.trim();
  if (input.description !== undefined) command.description = input.description;
  if (input.startsAt !== undefined) command.startsAt = input.startsAt;
  if (input.endsAt !== undefined) command.endsAt = input.endsAt;
  if (input.durationMinutes !== undefined) command.durationMinutes = input.durationMinutes;
  if (input.timezone !== undefined) command.timezone = input.timezone;
  if (input.settings != null) command.settings = input.settings.map((s) => ({ name: s.name, value: s.value }));
  if (input.participants != null) command.participants = input.participants.map(invitee);
  if (input.moderatorPassword !== undefined) command.moderatorPassword = input.moderatorPassword;
  if (input.recorded !== undefined) command.recorded = input.recorded;
  return command;
}

export function startSessionCommand(input: StartSessionInput | null | undefined): StartSessionCommand {
  return {
    hostName: input?.hostName ?? null,
    title: input?.title ?? null,
    attendeePassword: input?.attendeePassword ?? null,
    moderatorPassword: input?.moderatorPassword ?? null,
    logoutUrl: input?.logoutUrl ?? null,
  };
}

export function joinLinkCommand(input: JoinLinkInput): JoinLinkCommand {
  return { displayName: input.displayName.trim(), role: input.role, password: input.password ?? null, expiresAt: input.expiresAt ?? null };
}
