import { registerEnumType } from 'type-graphql';

/** GraphQL names are upper case; the values are the `vendor` strings of the config. */
export enum Vendor {
  ALFAVIEW = 'alfaview',
  ALLOCLOUD = 'allocloud',
  ALPEMIX = 'alpemix',
  APIZEE = 'apizee',
  VCONNCT = 'vconnct',
}

registerEnumType(Vendor, {
  name: 'Vendor',
  description: 'A video-meeting or remote-support vendor meetgraph speaks.',
  valuesConfig: {
    ALFAVIEW: { description: 'alfaview (JSON API v1): standing rooms, live participants, role join links.' },
    ALLOCLOUD: { description: 'ALLOcloud Web Meeting (API v6): scheduled meetings and their invitees.' },
    ALPEMIX: { description: 'Alpemix remote support: connection reports of today and yesterday.' },
    APIZEE: { description: 'Apizee: conferences, video-assistance tickets, their media, session and ticket statistics.' },
    VCONNCT: { description: 'VConnct (API v1): standing rooms with sessions, attendance, recordings and settings.' },
  },
});
