import { registerEnumType } from 'type-graphql';

export enum SourceState {
  COMPLETE = 'COMPLETE',
  PARTIAL = 'PARTIAL',
  FAILED = 'FAILED',
  UNSUPPORTED = 'UNSUPPORTED',
}

registerEnumType(SourceState, {
  name: 'SourceState',
  description: 'How completely one vendor connection answered.',
  valuesConfig: {
    COMPLETE: { description: 'Everything asked for is in the answer.' },
    FAILED: { description: 'The vendor could not be asked or gave no usable answer; `error` says why. Its items are absent.' },
    PARTIAL: { description: 'The vendor could serve only part of the range asked; `message` says which part.' },
    UNSUPPORTED: { description: 'The vendor cannot serve this at all (see `VendorConnection.capabilities`); not an error.' },
  },
});
