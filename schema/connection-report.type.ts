import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionMode } from './connection-mode.enum.js';
import { Endpoint } from './endpoint.type.js';
import { Node } from './node.interface.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { Vendor } from './vendor.enum.js';

/** One remote-support connection. `connection` is resolved in resolvers/connection-report.resolver.ts. */
@ObjectType({ implements: Node })
export class ConnectionReport extends Node {
  @Field(() => ID) declare id: string;
  @Field(() => Vendor) vendor!: Vendor;
  @Field(() => String) nativeId!: string;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt!: Date | null;
  @Field(() => Int, { nullable: true }) durationSeconds!: number | null;
  @Field(() => ConnectionMode) mode!: ConnectionMode;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field(() => Endpoint, { nullable: true }) agent!: Endpoint | null;
  @Field(() => Endpoint, { nullable: true }) target!: Endpoint | null;
  @Field(() => String, { nullable: true, description: "The vendor's timestamp exactly as sent, before time-zone conversion." }) rawTimestamp!: string | null;
  @Field(() => JSONScalar, { nullable: true }) raw!: unknown;
}
