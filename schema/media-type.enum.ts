import { registerEnumType } from 'type-graphql';

export enum MediaType {
  VIDEO = 'VIDEO',
  AUDIO = 'AUDIO',
  IMAGE = 'IMAGE',
  PLAYBACK_PAGE = 'PLAYBACK_PAGE',
  DOCUMENT = 'DOCUMENT',
  OTHER = 'OTHER',
}

registerEnumType(MediaType, {
  name: 'MediaType',
  description: 'What kind of file or page a recording is.',
  valuesConfig: {
    VIDEO: { description: 'A video file.' },
    AUDIO: { description: 'An audio-only file.' },
    IMAGE: { description: 'A picture, e.g. a snapshot taken during an assistance call.' },
    PLAYBACK_PAGE: { description: 'A web page that plays the recording back (VConnct), not a file: open `url` in a browser.' },
    DOCUMENT: { description: 'A document shared in the meeting, e.g. a PDF.' },
    OTHER: { description: 'Any other file; `mimeType` may say more.' },
  },
});
