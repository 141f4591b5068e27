import {
  ArrayMaxSize,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { InviteeInput } from './invitee.input.js';
import { MeetingSettingInput } from './meeting-setting.input.js';
import { DateTimeScalar } from './scalars.js';
import { IsAfter, IsSafeText } from './validators.js';

/** The fields create and update share; on update every one is optional and absent means unchanged. */
@InputType('MeetingFieldsBase', { description: 'Shared fields; not used on its own (type-graphql only emits reachable types).' })
export abstract class MeetingFieldsInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Free text shown with the meeting (ALLOcloud agenda, VConnct welcome text), at most 4000 characters; alfaview and Apizee refuse ' +
      'it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @IsSafeText({ multiline: true })
  description?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'Scheduled start, ISO-8601 with an offset or Z. For scheduled vendors (ALLOcloud, where it is required; Apizee conferences); ' +
      'standing rooms refuse it.',
  })
  @IsOptional()
  startsAt?: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Scheduled end, ISO-8601; must be after `startsAt`. Give it or `durationMinutes`.',
  })
  @IsOptional()
  @IsAfter('startsAt')
  endsAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Planned length in minutes (1 to 10080, one week); used when `endsAt` is absent.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  durationMinutes?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "IANA time zone the meeting is planned in, e.g. Europe/Berlin, for the vendor's invitations and display; DateTime values are read" +
      ' with their own offset.',
  })
  @IsOptional()
  @MaxLength(64)
  @IsTimeZone()
  timezone?: string | null;

  @Field(() => [MeetingSettingInput], {
    nullable: true,
    description:
      "Vendor settings to set, by the vendor's names (as `Meeting.settings` shows them); the rest keep their defaults. At most 50.",
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  settings?: MeetingSettingInput[] | null;

  @Field(() => [InviteeInput], {
    nullable: true,
    description:
      'People to invite (ALLOcloud by email; Apizee by email or phone); at most 200. Vendors without invitations (alfaview, VConnct) ' +
      'refuse it: use `createJoinLink`.',
  })
  @IsOptional()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  participants?: InviteeInput[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Password hosts use to start or moderate, where the vendor has one (VConnct); 1 to 100 characters. Other vendors refuse it.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsSafeText()
  moderatorPassword?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Record the meeting, where the vendor can switch it on (ALLOcloud, VConnct); alfaview and Apizee refuse true.',
  })
  @IsOptional()
  @IsBoolean()
  recorded?: boolean | null;
}
