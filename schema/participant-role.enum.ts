import { registerEnumType } from 'type-graphql';

export enum ParticipantRole {
  MODERATOR = 'MODERATOR',
  PARTICIPANT = 'PARTICIPANT',
  SPECTATOR = 'SPECTATOR',
  AGENT = 'AGENT',
  CUSTOMER = 'CUSTOMER',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(ParticipantRole, {
  name: 'ParticipantRole',
  description: 'What a participant may do in a meeting, as far as the vendor tells; the roles a join link can have depend on the vendor.',
  valuesConfig: {
    MODERATOR: { description: 'Runs the meeting: host, organizer or moderator.' },
    PARTICIPANT: { description: 'Takes part with audio and video.' },
    SPECTATOR: { description: 'Watches and listens only (alfaview spectators).' },
    AGENT: { description: 'The support agent of a one-to-one assistance call (Apizee tickets).' },
    CUSTOMER: { description: 'The customer of a one-to-one assistance call (Apizee tickets).' },
    UNKNOWN: { description: 'The vendor does not say (e.g. VConnct attendance).' },
  },
});
