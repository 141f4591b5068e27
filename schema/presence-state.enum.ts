import { registerEnumType } from 'type-graphql';

export enum PresenceState {
  INVITED = 'INVITED',
  ONLINE = 'ONLINE',
  LEFT = 'LEFT',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(PresenceState, {
  name: 'PresenceState',
  description: 'Where a participant is relative to the meeting, as far as the vendor tells.',
  valuesConfig: {
    INVITED: { description: 'Invited; nothing says they joined (ALLOcloud invitees).' },
    ONLINE: { description: 'In the meeting now.' },
    LEFT: { description: 'Was in the meeting and has left, or the session has ended.' },
    UNKNOWN: { description: 'The vendor does not say.' },
  },
});
