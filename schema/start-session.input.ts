import { IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType()
export class StartSessionInput {
  @Field(() => String, { nullable: true, description: "The host's display name." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  hostName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  attendeePassword?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  moderatorPassword?: string | null;

  @Field(() => String, { nullable: true, description: 'Where participants land after leaving.' })
  @IsOptional()
  @IsUrl({ require_tld: false })
  logoutUrl?: string | null;
}
