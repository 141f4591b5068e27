import { registerEnumType } from 'type-graphql';

export enum MeetingOrder {
  STARTS_AT_DESC = 'STARTS_AT_DESC',
  STARTS_AT_ASC = 'STARTS_AT_ASC',
  TITLE_ASC = 'TITLE_ASC',
}

registerEnumType(MeetingOrder, {
  name: 'MeetingOrder',
  description: 'Order of the merged meeting list; meetings without a start time come last.',
  valuesConfig: {
    STARTS_AT_DESC: { description: 'Latest `startsAt` first (the default).' },
    STARTS_AT_ASC: { description: 'Earliest `startsAt` first.' },
    TITLE_ASC: { description: 'By title, A to Z.' },
  },
});
