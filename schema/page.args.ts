import { IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';

export const MAX_PAGE_SIZE = 100;

/** Relay paging arguments of every list; each list args class sets its own default for `first`. */
@ArgsType()
export class PageArgs {
  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  @IsOptional()
  @MaxLength(4096)
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      `Page size when paging backward, 1 to ${MAX_PAGE_SIZE}, instead of \`first\`. ` +
      'On lists merged across connections it needs `before`: ' +
      "the end of such a list is only known after reading every connection's whole list.",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'The `startCursor` of the page after the one wanted; goes with `last`.' })
  @IsOptional()
  @MaxLength(4096)
  before?: string | null;
}

export function firstField(defaultValue: number) {
  return (target: object, key: string): void => {
    Field(() => Int, {
      defaultValue,
      description: `Page size, 1 to ${MAX_PAGE_SIZE}. Ignored when \`last\` is given and \`first\` is not.`,
    })(target, key);
    IsInt()(target, key);
    Min(1)(target, key);
    Max(MAX_PAGE_SIZE)(target, key);
  };
}
