import { IsNotEmpty, IsOptional, IsString, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { CreateMeetingInput } from './create-meeting.input.js';
import { JoinLinkInput } from './join-link.input.js';
import { StartSessionInput } from './start-session.input.js';
import { UpdateMeetingInput } from './update-meeting.input.js';
import { IsSafeId } from './validators.js';

/** Mutation arguments as classes, so validation errors name the full path (`input.title`). */
@ArgsType()
export class CreateMeetingArgs {
  @Field(() => CreateMeetingInput)
  @ValidateNested()
  input!: CreateMeetingInput;
}

@ArgsType()
export class UpdateMeetingArgs {
  @Field(() => ID)
  @IsString()
  @IsNotEmpty()
  @IsSafeId()
  id!: string;

  @Field(() => UpdateMeetingInput)
  @ValidateNested()
  input!: UpdateMeetingInput;
}

@ArgsType()
export class MeetingIdArgs {
  @Field(() => ID)
  @IsString()
  @IsNotEmpty()
  @IsSafeId()
  meetingId!: string;
}

@ArgsType()
export class StartSessionArgs extends MeetingIdArgs {
  @Field(() => StartSessionInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  input?: StartSessionInput | null;
}

@ArgsType()
export class CreateJoinLinkArgs extends MeetingIdArgs {
  @Field(() => JoinLinkInput)
  @ValidateNested()
  input!: JoinLinkInput;
}
