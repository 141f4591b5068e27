import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Relay page information of a list: where this page starts and ends, and whether more items exist.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when at least one more item exists after this page; ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Cursor of the last item of this page; pass it as `after` to get the next page. ' +
      'Opaque: never parse or build it. Null when no page has items.',
  })
  endCursor!: string | null;
}
