import { Field, ID, ObjectType } from 'type-graphql';
import { Capability } from './capability.enum.js';
import { ConnectionHealth } from './connection-health.type.js';
import { Node } from './node.interface.js';
import { Vendor } from './vendor.enum.js';

@ObjectType({ implements: Node, description: 'One configured vendor account: what it can do and how it is doing.' })
export class VendorConnection extends Node {
  @Field(() => ID, { description: 'Global id `VendorConnection:<connectionId>:<connectionId>`; filters accept it or the plain config id.' })
  declare id: string;

  @Field(() => Vendor, { description: 'Which vendor the account is at.' })
  vendor!: Vendor;

  @Field(() => String, {
    nullable: true,
    description: "The configuration's `label` for this account, for display; null when none is configured.",
  })
  label!: string | null;

  @Field(() => [Capability], { description: 'What this vendor can do through meetgraph; anything missing answers UNSUPPORTED_BY_VENDOR.' })
  capabilities!: string[];

  @Field(() => ConnectionHealth, { description: 'Recent successes, failures, latency, circuit breaker and rate budget of this account.' })
  health!: ConnectionHealth;
}
