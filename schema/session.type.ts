import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from './node.interface.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { Vendor } from './vendor.enum.js';

/** One run of a meeting. `meeting`, `participants` and `recordings` are resolved in resolvers/session.resolver.ts. */
@ObjectType({ implements: Node })
export class Session extends Node {
  @Field(() => ID) declare id: string;
  @Field(() => Vendor) vendor!: Vendor;
  @Field(() => String) nativeId!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) endedAt!: Date | null;
  @Field(() => Int, { nullable: true }) durationSeconds!: number | null;
  @Field(() => Boolean) live!: boolean;
  @Field(() => Int, { nullable: true }) participantCount!: number | null;
  @Field(() => JSONScalar, { nullable: true }) raw!: unknown;
}
