import { registerEnumType } from 'type-graphql';

export enum MeetingKind {
  ROOM = 'ROOM',
  SCHEDULED = 'SCHEDULED',
  ASSISTANCE = 'ASSISTANCE',
}

registerEnumType(MeetingKind, {
  name: 'MeetingKind',
  valuesConfig: {
    ROOM: { description: 'A persistent room that can be entered at any time.' },
    SCHEDULED: { description: 'One scheduled event.' },
    ASSISTANCE: { description: 'A one-to-one support call.' },
  },
});
