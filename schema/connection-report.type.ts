import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionMode } from './connection-mode.enum.js';
import { Endpoint } from './endpoint.type.js';
import { Node } from './node.interface.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { Vendor } from './vendor.enum.js';

/** One remote-support connection. `connection` is resolved in resolvers/connection-report.resolver.ts. */
@ObjectType({
  implements: Node,
  description: 'One remote-support connection between an agent and a target: Alpemix connection reports and Apizee ticket statistics.',
})
export class ConnectionReport extends Node {
  @Field(() => ID, { description: 'Global id `ConnectionReport:<connectionId>:<nativeId>`; `node(id:)` resolves it.' })
  declare id: string;

  @Field(() => Vendor, { description: 'The vendor that reported the connection.' })
  vendor!: Vendor;

  @Field(() => String, { description: "The vendor's own id (Alpemix `uid`, Apizee ticket id)." })
  nativeId!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "When the connection started, ISO-8601 UTC, converted from the vendor's local time with the connection's `timezone` setting. Null" +
      ' when unreadable.',
  })
  startedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Length in seconds (not minutes); null when the vendor does not say.' })
  durationSeconds!: number | null;

  @Field(() => ConnectionMode, { description: 'What the connection was used for.' })
  mode!: ConnectionMode;

  @Field(() => String, { nullable: true, description: "The agent's note or the ticket description; null when empty." })
  note!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The vendor's reference: Alpemix support number, Apizee ticket reference. Null when none.",
  })
  reference!: string | null;

  @Field(() => Endpoint, {
    nullable: true,
    description: 'The support side: who helped, from which machine. Null when the vendor names no agent.',
  })
  agent!: Endpoint | null;

  @Field(() => Endpoint, { nullable: true, description: 'The side that was helped: device or customer. Null when the vendor names none.' })
  target!: Endpoint | null;

  @Field(() => String, {
    nullable: true,
    description: "The vendor's timestamp exactly as sent, before time-zone conversion (local time, no zone); check it against `startedAt`.",
  })
  rawTimestamp!: string | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "The vendor's own payload, for fields the model lacks; its shape is the vendor's and may change between vendor versions.",
  })
  raw!: unknown;
}
