import { Field, ID, ObjectType } from 'type-graphql';
import { Capability } from './capability.enum.js';
import { ConnectionHealth } from './connection-health.type.js';
import { Node } from './node.interface.js';
import { Vendor } from './vendor.enum.js';

@ObjectType({ implements: Node, description: 'One configured vendor account.' })
export class VendorConnection extends Node {
  @Field(() => ID)
  declare id: string;

  @Field(() => Vendor)
  vendor!: Vendor;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => [Capability], { description: 'What this vendor can do through meetgraph.' })
  capabilities!: string[];

  @Field(() => ConnectionHealth)
  health!: ConnectionHealth;
}
