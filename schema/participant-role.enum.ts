import { registerEnumType } from 'type-graphql';

export enum ParticipantRole {
  MODERATOR = 'MODERATOR',
  PARTICIPANT = 'PARTICIPANT',
  SPECTATOR = 'SPECTATOR',
  AGENT = 'AGENT',
  CUSTOMER = 'CUSTOMER',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(ParticipantRole, { name: 'ParticipantRole' });
