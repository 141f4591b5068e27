import { IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';

export const MAX_PAGE_SIZE = 100;

/** `first`/`after` of every list; each list args class sets its own default for `first`. */
@ArgsType()
export class PageArgs {
  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  @IsOptional()
  @MaxLength(4096)
  after?: string | null;
}

export function firstField(defaultValue: number) {
  return (target: object, key: string): void => {
    Field(() => Int, { defaultValue, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })(target, key);
    IsInt()(target, key);
    Min(1)(target, key);
    Max(MAX_PAGE_SIZE)(target, key);
  };
}
