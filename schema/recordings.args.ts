import { IsOptional, ValidateNested } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { firstField, PageArgs } from './page.args.js';
import { RecordingFilter } from './recording-filter.input.js';

@ArgsType()
export class RecordingsArgs extends PageArgs {
  @Field(() => RecordingFilter, {
    nullable: true,
    description: 'Which connections and time range to ask; absent means every connection, any time.',
  })
  @IsOptional()
  @ValidateNested()
  filter?: RecordingFilter | null;

  @firstField(20)
  first!: number;
}
