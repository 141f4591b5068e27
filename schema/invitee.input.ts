import { IsEmail, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ParticipantRole } from './participant-role.enum.js';
import { IsSafeText } from './validators.js';

@InputType({ description: 'Someone to invite: an email or a phone number, with an optional role (AGENT/CUSTOMER for assistance calls).' })
export class InviteeInput {
  @Field(() => String, { nullable: true, description: 'Name to show for the invitee, at most 200 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSafeText()
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'Email address to invite; required unless `phone` is given.' })
  @ValidateIf((o: InviteeInput) => o.email != null || o.phone == null)
  @MaxLength(254)
  @IsEmail({}, { message: 'must be an email address (or give a phone)' })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Phone number: digits with an optional +, spaces, brackets and dashes (Apizee participants and customers can be reached by ' +
      'phone).',
  })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{4,30}$/, { message: 'must be a phone number' })
  phone?: string | null;

  @Field(() => ParticipantRole, {
    nullable: true,
    description:
      'Role where the vendor distinguishes: MODERATOR for the moderator of an Apizee conference, AGENT and CUSTOMER for an Apizee ' +
      'assistance ticket. Absent means an ordinary participant.',
  })
  @IsOptional()
  role?: ParticipantRole | null;
}
