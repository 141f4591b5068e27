import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { MeetingFieldsInput } from './meeting-fields.input.js';
import { IsSafeText } from './validators.js';

@InputType({ description: 'Absent fields stay as they are.' })
export class UpdateMeetingInput extends MeetingFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSafeText()
  title?: string | null;
}
