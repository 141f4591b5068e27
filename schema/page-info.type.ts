import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a page sits in its list (Relay cursor connections). Cursors are opaque: never parse or build one.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Items exist after `endCursor` (after the `before` cursor, when the page is empty).' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Items exist before `startCursor` (before the `after` cursor, when the page is empty).' })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the first edge; pass as `before` with `last` for the page before. Null when the page is empty.',
  })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the last edge; pass as `after` with `first` for the next page. Null when the page is empty.',
  })
  endCursor!: string | null;
}
