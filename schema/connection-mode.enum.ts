import { registerEnumType } from 'type-graphql';

export enum ConnectionMode {
  SUPPORT = 'SUPPORT',
  PRESENTATION = 'PRESENTATION',
  VIDEO_ASSISTANCE = 'VIDEO_ASSISTANCE',
}

registerEnumType(ConnectionMode, {
  name: 'ConnectionMode',
  description: 'What a remote-support connection was used for.',
  valuesConfig: {
    SUPPORT: { description: 'The agent connected to the target device to help (Alpemix, the default when the vendor does not say).' },
    PRESENTATION: { description: 'Presentation viewing: one side showed its screen to the other (Alpemix).' },
    VIDEO_ASSISTANCE: { description: 'A video-assistance call with a customer (Apizee tickets).' },
  },
});
