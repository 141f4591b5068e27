import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from './node.interface.js';
import { ParticipantRole } from './participant-role.enum.js';
import { PresenceState } from './presence-state.enum.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { Vendor } from './vendor.enum.js';

@ObjectType({
  implements: Node,
  description:
    'A person invited to or taking part in a meeting or session: alfaview live users, ALLOcloud invitees, Apizee organizers and ticket ' +
    'agent/customer, VConnct attendance. Vendors know different things about people, so most fields can be null.',
})
export class Participant extends Node {
  @Field(() => ID, {
    description: 'Global id `Participant:<connectionId>:<nativeId>`; vendors without participant ids get a stable composite one.',
  })
  declare id: string;

  @Field(() => Vendor, { description: 'The vendor that reported this person.' })
  vendor!: Vendor;

  @Field(() => String, { nullable: true, description: 'The name shown in the meeting; null when the vendor gives none.' })
  displayName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Email address, where the vendor gives one (ALLOcloud invitees, Apizee agent and customer); otherwise null.',
  })
  email!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Phone number, where the vendor gives one (Apizee customers reached by phone); otherwise null.',
  })
  phone!: string | null;

  @Field(() => ParticipantRole, { description: 'What the person may do; UNKNOWN when the vendor does not say.' })
  role!: ParticipantRole;

  @Field(() => PresenceState, { description: 'Invited, in the meeting now, or left; UNKNOWN when the vendor does not say.' })
  presence!: PresenceState;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the person joined, ISO-8601 UTC (VConnct attendance); null when the vendor does not say.',
  })
  joinedAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the person left, ISO-8601 UTC; null while present or when the vendor does not say.',
  })
  leftAt!: Date | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "The vendor's own payload, for fields the model lacks; its shape is the vendor's and may change between vendor versions.",
  })
  raw!: unknown;
}
