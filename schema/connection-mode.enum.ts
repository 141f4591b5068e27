import { registerEnumType } from 'type-graphql';

export enum ConnectionMode {
  SUPPORT = 'SUPPORT',
  PRESENTATION = 'PRESENTATION',
  VIDEO_ASSISTANCE = 'VIDEO_ASSISTANCE',
}

registerEnumType(ConnectionMode, { name: 'ConnectionMode' });
