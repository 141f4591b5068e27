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
  @Field(() => CreateMeetingInput, { description: 'The meeting to create; `connectionId` picks the vendor account.' })
  @ValidateNested()
  input!: CreateMeetingInput;
}

@ArgsType()
export class UpdateMeetingArgs {
  @Field(() => ID, { description: 'Global id of the meeting to change (`Meeting:<connectionId>:<nativeId>`).' })
  @IsString()
  @IsNotEmpty()
  @IsSafeId()
  id!: string;

  @Field(() => UpdateMeetingInput, { description: 'The fields to change; absent fields stay as they are.' })
  @ValidateNested()
  input!: UpdateMeetingInput;
}

@ArgsType()
export class DeleteMeetingArgs {
  @Field(() => ID, { description: 'The global id of the meeting to delete.' })
  @IsString()
  @IsNotEmpty()
  @IsSafeId()
  id!: string;
}

@ArgsType()
export class MeetingIdArgs {
  @Field(() => ID, { description: 'Global id of the meeting (`Meeting:<connectionId>:<nativeId>`).' })
  @IsString()
  @IsNotEmpty()
  @IsSafeId()
  meetingId!: string;
}

@ArgsType()
export class StartSessionArgs extends MeetingIdArgs {
  @Field(() => StartSessionInput, { nullable: true, description: 'Options for the run; absent means the vendor defaults.' })
  @IsOptional()
  @ValidateNested()
  input?: StartSessionInput | null;
}

@ArgsType()
export class CreateJoinLinkArgs extends MeetingIdArgs {
  @Field(() => JoinLinkInput, { description: 'Who the link is for and with which role.' })
  @ValidateNested()
  input!: JoinLinkInput;
}
