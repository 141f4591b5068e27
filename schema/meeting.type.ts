import { Field, ID, Int, ObjectType } from 'type-graphql';
import { MeetingKind } from './meeting-kind.enum.js';
import { MeetingStatus } from './meeting-status.enum.js';
import { Node } from './node.interface.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { Vendor } from './vendor.enum.js';

/**
 * A meeting of any vendor. `connection`, `settings`, `sessions`, `participants` and `recordings` are
 * resolved in resolvers/meeting.resolver.ts through the request's loaders.
 */
@ObjectType({ implements: Node })
export class Meeting extends Node {
  @Field(() => ID) declare id: string;
  @Field(() => Vendor) vendor!: Vendor;
  @Field(() => String, { description: "The vendor's own id." }) nativeId!: string;
  @Field(() => MeetingKind) kind!: MeetingKind;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => MeetingStatus) status!: MeetingStatus;
  @Field(() => DateTimeScalar, { nullable: true }) startsAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) endsAt!: Date | null;
  @Field(() => Int, { nullable: true }) durationMinutes!: number | null;
  @Field(() => String, { nullable: true, description: 'IANA time zone the meeting was planned in, for display.' }) timezone!: string | null;
  @Field(() => String, { nullable: true }) joinUrl!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) createdAt!: Date | null;
  @Field(() => JSONScalar, { nullable: true, description: "The vendor's own payload, for fields the model lacks." }) raw!: unknown;
}
