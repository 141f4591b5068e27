import { Field, ObjectType } from 'type-graphql';
import { JSONScalar } from './scalars.js';

@ObjectType({
  description: "One vendor setting of a meeting, by the vendor's own name (VConnct's BigBlueButton switches, alfaview room quotas).",
})
export class MeetingSetting {
  @Field(() => String, { description: "The vendor's setting name, e.g. mute_on_start (VConnct) or activeParticipants (alfaview)." })
  name!: string;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The current value: a boolean, number or string as the vendor keeps it; null when unset.',
  })
  value!: unknown;
}
