import { registerEnumType } from 'type-graphql';

export enum MeetingStatus {
  SCHEDULED = 'SCHEDULED',
  LIVE = 'LIVE',
  IDLE = 'IDLE',
  ENDED = 'ENDED',
  CANCELLED = 'CANCELLED',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(MeetingStatus, {
  name: 'MeetingStatus',
  valuesConfig: {
    IDLE: { description: 'A standing room nobody is in.' },
    UNKNOWN: { description: 'The vendor could not be asked for the live state.' },
  },
});
