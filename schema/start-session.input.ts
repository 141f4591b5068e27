import { IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsSafeText } from './validators.js';

@InputType()
export class StartSessionInput {
  @Field(() => String, { nullable: true, description: "The host's display name." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsSafeText()
  hostName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSafeText()
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSafeText()
  attendeePassword?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSafeText()
  moderatorPassword?: string | null;

  @Field(() => String, { nullable: true, description: 'Where participants land after leaving.' })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl({ require_tld: false })
  logoutUrl?: string | null;
}
