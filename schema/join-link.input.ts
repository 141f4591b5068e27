import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ParticipantRole } from './participant-role.enum.js';
import { DateTimeScalar } from './scalars.js';
import { IsSafeText } from './validators.js';

@InputType()
export class JoinLinkInput {
  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsSafeText()
  displayName!: string;

  @Field(() => ParticipantRole)
  role!: ParticipantRole;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSafeText()
  password?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the link should stop working, where the vendor supports it.' })
  @IsOptional()
  expiresAt?: Date | null;
}
