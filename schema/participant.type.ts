import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from './node.interface.js';
import { ParticipantRole } from './participant-role.enum.js';
import { PresenceState } from './presence-state.enum.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { Vendor } from './vendor.enum.js';

@ObjectType({ implements: Node })
export class Participant extends Node {
  @Field(() => ID) declare id: string;
  @Field(() => Vendor) vendor!: Vendor;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => ParticipantRole) role!: ParticipantRole;
  @Field(() => PresenceState) presence!: PresenceState;
  @Field(() => DateTimeScalar, { nullable: true }) joinedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) leftAt!: Date | null;
  @Field(() => JSONScalar, { nullable: true, description: "The vendor's own payload, for fields the model lacks." }) raw!: unknown;
}
