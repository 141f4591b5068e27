import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MeetingFieldsInput } from './meeting-fields.input.js';
import { MeetingKind } from './meeting-kind.enum.js';
import { IsSafeId, IsSafeText } from './validators.js';

@InputType({
  description:
    'A new meeting. What a vendor has no place for is BAD_USER_INPUT naming the field, never silently dropped: standing rooms ' +
    '(alfaview, VConnct) take no schedule, ALLOcloud needs `startsAt`, an Apizee ticket needs an AGENT and a CUSTOMER in ' +
    '`participants`.',
})
export class CreateMeetingInput extends MeetingFieldsInput {
  @Field(() => ID, {
    description: 'The vendor account to create it in (config id or VendorConnection id); see its `capabilities` for CREATE_MEETING.',
  })
  @IsString()
  @IsNotEmpty()
  @IsSafeId()
  connectionId!: string;

  @Field(() => String, { description: 'Display name, 1 to 200 characters.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSafeText()
  title!: string;

  @Field(() => MeetingKind, {
    nullable: true,
    description:
      "Where a vendor has several kinds (Apizee: SCHEDULED conference, the default, or ASSISTANCE ticket); absent means the vendor's " +
      'main kind. A kind the vendor does not have is BAD_USER_INPUT.',
  })
  @IsOptional()
  kind?: MeetingKind | null;
}
