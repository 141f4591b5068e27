import { Field, ObjectType } from 'type-graphql';
import { ParticipantRole } from './participant-role.enum.js';
import { DateTimeScalar } from './scalars.js';

@ObjectType({ description: 'A link that lets one person into a meeting with a role.' })
export class JoinLink {
  @Field(() => String) url!: string;
  @Field(() => ParticipantRole) role!: ParticipantRole;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt!: Date | null;
}
