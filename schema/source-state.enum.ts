import { registerEnumType } from 'type-graphql';

export enum SourceState {
  COMPLETE = 'COMPLETE',
  PARTIAL = 'PARTIAL',
  FAILED = 'FAILED',
  UNSUPPORTED = 'UNSUPPORTED',
}

registerEnumType(SourceState, {
  name: 'SourceState',
  valuesConfig: {
    PARTIAL: { description: 'The vendor could serve only part of the range asked; `message` says which part.' },
    UNSUPPORTED: { description: 'The vendor cannot serve this list at all.' },
  },
});
