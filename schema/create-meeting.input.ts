import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MeetingFieldsInput } from './meeting-fields.input.js';
import { MeetingKind } from './meeting-kind.enum.js';
import { IsSafeId, IsSafeText } from './validators.js';

@InputType()
export class CreateMeetingInput extends MeetingFieldsInput {
  @Field(() => ID, { description: 'The vendor account to create it in (config id or VendorConnection id).' })
  @IsString()
  @IsNotEmpty()
  @IsSafeId()
  connectionId!: string;

  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSafeText()
  title!: string;

  @Field(() => MeetingKind, { nullable: true, description: "Where a vendor has several kinds (Apizee: SCHEDULED conference or ASSISTANCE ticket); default: the vendor's main kind." })
  @IsOptional()
  kind?: MeetingKind | null;
}
