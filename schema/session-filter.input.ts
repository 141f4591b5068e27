import { IsOptional } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ListFilter } from './list-filter.input.js';

@InputType({ description: 'A session matches `from`/`to` when it started inside the range.' })
export class SessionFilter extends ListFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only running (true) or only finished (false) sessions.' })
  @IsOptional()
  live?: boolean | null;
}
