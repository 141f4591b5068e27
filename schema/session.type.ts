import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from './node.interface.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { Vendor } from './vendor.enum.js';

/** One run of a meeting. `meeting`, `participants` and `recordings` are resolved in resolvers/session.resolver.ts. */
@ObjectType({
  implements: Node,
  description:
    'One run of a meeting: from the moment someone started it until it ended. Filled by Apizee (conference session statistics) and ' +
    'VConnct (room sessions); other vendors have none.',
})
export class Session extends Node {
  @Field(() => ID, { description: 'Global id `Session:<connectionId>:<nativeId>`; `node(id:)` resolves it.' })
  declare id: string;

  @Field(() => Vendor, { description: 'The vendor this session ran at.' })
  vendor!: Vendor;

  @Field(() => String, { description: "The vendor's own id of the session." })
  nativeId!: string;

  @Field(() => String, {
    nullable: true,
    description: "The title the session ran under (usually its meeting's); null when the vendor gives none.",
  })
  title!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the session started, ISO-8601 UTC; null when the vendor does not say.',
  })
  startedAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the session ended, ISO-8601 UTC; null while it is live or when the vendor does not say.',
  })
  endedAt!: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: "Length in seconds (not minutes): Apizee's billed duration, VConnct end minus start. Null while live or when unknown.",
  })
  durationSeconds!: number | null;

  @Field(() => Boolean, {
    description: 'True while the session is running (VConnct: no end time yet); Apizee statistics only cover finished sessions.',
  })
  live!: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      'How many people took part, as the vendor counts them (Apizee); null when the vendor does not count (VConnct: count ' +
      '`participants`).',
  })
  participantCount!: number | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "The vendor's own payload, for fields the model lacks; its shape is the vendor's and may change between vendor versions.",
  })
  raw!: unknown;
}
