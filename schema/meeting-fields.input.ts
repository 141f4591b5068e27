import { ArrayMaxSize, IsBoolean, IsInt, IsOptional, IsString, IsTimeZone, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { InviteeInput } from './invitee.input.js';
import { MeetingSettingInput } from './meeting-setting.input.js';
import { DateTimeScalar } from './scalars.js';
import { IsAfter, IsSafeText } from './validators.js';

/** The fields create and update share; on update every one is optional and absent means unchanged. */
@InputType('MeetingFieldsBase', { description: 'Shared fields; not used on its own (type-graphql only emits reachable types).' })
export abstract class MeetingFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @IsSafeText({ multiline: true })
  description?: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @IsOptional()
  startsAt?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @IsOptional()
  @IsAfter('startsAt')
  endsAt?: Date | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  durationMinutes?: number | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. Europe/Berlin.' })
  @IsOptional()
  @MaxLength(64)
  @IsTimeZone()
  timezone?: string | null;

  @Field(() => [MeetingSettingInput], { nullable: true, description: 'Vendor settings to set; the rest keep their defaults.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  settings?: MeetingSettingInput[] | null;

  @Field(() => [InviteeInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  participants?: InviteeInput[] | null;

  @Field(() => String, { nullable: true, description: 'Password hosts use to start or moderate, where the vendor has one.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsSafeText()
  moderatorPassword?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  recorded?: boolean | null;
}
