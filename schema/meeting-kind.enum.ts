import { registerEnumType } from 'type-graphql';

export enum MeetingKind {
  ROOM = 'ROOM',
  SCHEDULED = 'SCHEDULED',
  ASSISTANCE = 'ASSISTANCE',
}

registerEnumType(MeetingKind, {
  name: 'MeetingKind',
  description: 'The shape of a meeting; it decides which time fields are set.',
  valuesConfig: {
    ROOM: { description: 'A persistent room that can be entered at any time, without a schedule (alfaview rooms, VConnct meetings).' },
    SCHEDULED: { description: 'One scheduled event with a start and an end (ALLOcloud meetings, Apizee conferences).' },
    ASSISTANCE: { description: 'A one-to-one video-assistance call between an agent and a customer (Apizee tickets).' },
  },
});
