import { IsOptional, ValidateNested } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { firstField, PageArgs } from './page.args.js';
import { SessionFilter } from './session-filter.input.js';

@ArgsType()
export class SessionsArgs extends PageArgs {
  @Field(() => SessionFilter, {
    nullable: true,
    description: 'Which connections and time range to ask; absent means every connection, any time.',
  })
  @IsOptional()
  @ValidateNested()
  filter?: SessionFilter | null;

  @firstField(20)
  first!: number;
}

/** `Meeting.sessions(first, after)`: one meeting's sessions, newest first. */
@ArgsType()
export class MeetingSessionsArgs extends PageArgs {
  @firstField(20)
  first!: number;
}
