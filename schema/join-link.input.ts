import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ParticipantRole } from './participant-role.enum.js';
import { DateTimeScalar } from './scalars.js';
import { IsSafeText } from './validators.js';

@InputType({ description: 'Who the join link is for and with which role.' })
export class JoinLinkInput {
  @Field(() => String, { description: 'Name the person will be shown with, 1 to 100 characters.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsSafeText()
  displayName!: string;

  @Field(() => ParticipantRole, {
    description:
      'Role the link grants: alfaview MODERATOR, PARTICIPANT or SPECTATOR; VConnct MODERATOR or PARTICIPANT; Apizee MODERATOR or ' +
      'PARTICIPANT for a conference, AGENT or CUSTOMER for a ticket.',
  })
  role!: ParticipantRole;

  @Field(() => String, {
    nullable: true,
    description:
      "The room password for the role (VConnct); absent means the meeting's own. Vendors whose links carry no password refuse it.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSafeText()
  password?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When the link should stop working, ISO-8601, where the vendor supports it (alfaview); `JoinLink.expiresAt` in the answer says ' +
      'what was applied.',
  })
  @IsOptional()
  expiresAt?: Date | null;
}
