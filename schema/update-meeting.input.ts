import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { MeetingFieldsInput } from './meeting-fields.input.js';
import { IsSafeText } from './validators.js';

@InputType({ description: 'Changes to a meeting. Absent fields stay as they are; a field the vendor cannot change is BAD_USER_INPUT.' })
export class UpdateMeetingInput extends MeetingFieldsInput {
  @Field(() => String, { nullable: true, description: 'New display name, 1 to 200 characters.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSafeText()
  title?: string | null;
}
