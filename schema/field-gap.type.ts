import { Field, ObjectType } from 'type-graphql';
import { SourceError } from './source-status.type.js';
import { SourceState } from './source-state.enum.js';

@ObjectType({
  description:
    'A field of this object that came back incomplete: the list resolved to `[]` because the vendor failed (`FAILED`) ' +
    'or cannot provide it (`UNSUPPORTED`). Only fields the query selected are listed.',
})
export class FieldGap {
  @Field(() => String, { description: 'The schema name of the field, e.g. `participants` (never the alias the query gave it).' })
  field!: string;

  @Field(() => SourceState, {
    description: '`FAILED` (the vendor call went wrong; `error` says how) or `UNSUPPORTED` (this vendor cannot provide it).',
  })
  state!: SourceState;

  @Field(() => SourceError, { nullable: true, description: 'Why: the same code and message a strict error would carry.' })
  error!: SourceError | null;
}
