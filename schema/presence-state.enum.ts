import { registerEnumType } from 'type-graphql';

export enum PresenceState {
  INVITED = 'INVITED',
  ONLINE = 'ONLINE',
  LEFT = 'LEFT',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(PresenceState, { name: 'PresenceState' });
