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
  description: 'Where a meeting is in its life, as meetgraph last read it from the vendor.',
  valuesConfig: {
    SCHEDULED: { description: 'Planned and not started yet.' },
    LIVE: { description: 'Running now: someone is in it, or it is inside its scheduled slot.' },
    ENDED: { description: 'Over.' },
    CANCELLED: { description: 'Called off by the organizer.' },
    IDLE: { description: 'A standing room nobody is in.' },
    UNKNOWN: { description: 'The vendor could not be asked for the live state.' },
  },
});
