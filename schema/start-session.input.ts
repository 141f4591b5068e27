import { IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsSafeText } from './validators.js';

@InputType({
  description:
    'Options for starting a run of a meeting; every field is optional. VConnct takes them all; alfaview and Apizee take only `hostName`' +
    ' and answer BAD_USER_INPUT for the others.',
})
export class StartSessionInput {
  @Field(() => String, { nullable: true, description: "The host's display name, 1 to 100 characters." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsSafeText()
  hostName?: string | null;

  @Field(() => String, { nullable: true, description: 'Title of this run, at most 200 characters (VConnct).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSafeText()
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Password attendees of this run must give (VConnct).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSafeText()
  attendeePassword?: string | null;

  @Field(() => String, { nullable: true, description: 'Password moderators of this run must give (VConnct).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSafeText()
  moderatorPassword?: string | null;

  @Field(() => String, { nullable: true, description: 'Where participants land after leaving, a URL (VConnct).' })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl({ require_tld: false })
  logoutUrl?: string | null;
}
