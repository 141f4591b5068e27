import { Field, ObjectType } from 'type-graphql';
import { ParticipantRole } from './participant-role.enum.js';
import { DateTimeScalar } from './scalars.js';

@ObjectType({ description: 'A link that lets one person into a meeting with a role.' })
export class JoinLink {
  @Field(() => String, {
    description: 'Open it in a browser or the vendor app to join. Treat it as a secret: whoever has it joins with its role.',
  })
  url!: string;

  @Field(() => ParticipantRole, { description: 'The role the link grants.' })
  role!: ParticipantRole;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the link stops working, ISO-8601 UTC; null when it does not expire or the vendor does not say.',
  })
  expiresAt!: Date | null;
}
