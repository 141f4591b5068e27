import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ListFilter } from './list-filter.input.js';
import { MeetingKind } from './meeting-kind.enum.js';
import { MeetingStatus } from './meeting-status.enum.js';
import { IsSafeText } from './validators.js';

@InputType({
  description: 'A meeting matches `from`/`to` when it starts inside the range; standing rooms without a start time always match.',
})
export class MeetingFilter extends ListFilter {
  @Field(() => [MeetingStatus], { nullable: true, description: 'Only meetings in one of these states; absent means all.' })
  @IsOptional()
  @ArrayMaxSize(20)
  status?: MeetingStatus[] | null;

  @Field(() => [MeetingKind], { nullable: true, description: 'Only meetings of these kinds; absent means all.' })
  @IsOptional()
  @ArrayMaxSize(20)
  kind?: MeetingKind[] | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive text in the title or description; at most 200 characters.' })
  @IsOptional()
  @MaxLength(200)
  @IsSafeText()
  search?: string | null;
}
