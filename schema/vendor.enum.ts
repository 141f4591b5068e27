import { registerEnumType } from 'type-graphql';

/** GraphQL names are upper case; the values are the `vendor` strings of the config. */
export enum Vendor {
  ALFAVIEW = 'alfaview',
  ALLOCLOUD = 'allocloud',
  ALPEMIX = 'alpemix',
  APIZEE = 'apizee',
  VCONNCT = 'vconnct',
}

registerEnumType(Vendor, { name: 'Vendor', description: 'A video-meeting or remote-support vendor meetgraph speaks.' });
