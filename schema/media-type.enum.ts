import { registerEnumType } from 'type-graphql';

export enum MediaType {
  VIDEO = 'VIDEO',
  AUDIO = 'AUDIO',
  IMAGE = 'IMAGE',
  PLAYBACK_PAGE = 'PLAYBACK_PAGE',
  DOCUMENT = 'DOCUMENT',
  OTHER = 'OTHER',
}

registerEnumType(MediaType, { name: 'MediaType', valuesConfig: { PLAYBACK_PAGE: { description: 'A web page that plays the recording back.' } } });
