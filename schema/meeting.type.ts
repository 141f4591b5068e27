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
@ObjectType({
  implements: Node,
  description:
    'A meeting of any vendor: a standing room (alfaview, VConnct), a scheduled event (ALLOcloud, Apizee conference) or a one-to-one ' +
    'assistance call (Apizee ticket). `kind` says which. Every DateTime is ISO-8601 UTC.',
})
export class Meeting extends Node {
  @Field(() => ID, {
    description: 'Global id `Meeting:<connectionId>:<nativeId>`; pass it to `meeting(id:)`, `node(id:)` and the meeting mutations.',
  })
  declare id: string;

  @Field(() => Vendor, { description: 'The vendor this meeting lives at.' })
  vendor!: Vendor;

  @Field(() => String, {
    description: "The vendor's own id (Apizee: `conference:<id>` or `ticket:<id>`), e.g. to find the meeting in the vendor's console.",
  })
  nativeId!: string;

  @Field(() => MeetingKind, { description: 'Standing room, scheduled event or assistance call; decides which time fields are set.' })
  kind!: MeetingKind;

  @Field(() => String, { description: 'Display name from the vendor; a generated one such as "Room 12" when the vendor has none.' })
  title!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Free text: ALLOcloud agenda, Apizee ticket description, VConnct welcome text. Null when there is none (always for alfaview rooms' +
      ' and Apizee conferences).',
  })
  description!: string | null;

  @Field(() => MeetingStatus, {
    description:
      'Live state as last read from the vendor: standing rooms are LIVE or IDLE, scheduled events and tickets follow their schedule or ' +
      'state.',
  })
  status!: MeetingStatus;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'Scheduled start, ISO-8601 UTC. Null for standing rooms (kind ROOM), which have no schedule, and when the vendor gives none.',
  })
  startsAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Scheduled end, ISO-8601 UTC. Null for standing rooms and when the vendor gives no end.',
  })
  endsAt!: Date | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Planned length in minutes (not seconds). Null for standing rooms and when the vendor gives neither a duration nor an end.',
  })
  durationMinutes!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'IANA time zone the meeting was planned in (e.g. Europe/Berlin), for display only: every DateTime is already UTC. Null when the ' +
      'vendor does not say.',
  })
  timezone!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A stored link to join (ALLOcloud meeting URL, Apizee conference or customer link). Null where links are minted per person and ' +
      'role (alfaview, VConnct): use `createJoinLink` or `startSession`.',
  })
  joinUrl!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the meeting was created at the vendor, ISO-8601 UTC; null when the vendor does not say.',
  })
  createdAt!: Date | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "The vendor's own payload, for fields the model lacks; its shape is the vendor's and may change between vendor versions.",
  })
  raw!: unknown;
}
