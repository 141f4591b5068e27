import { Field, Float, ID, ObjectType } from 'type-graphql';
import { MediaType } from './media-type.enum.js';
import { Node } from './node.interface.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { Vendor } from './vendor.enum.js';

/** `meeting` and `session` are resolved in resolvers/recording.resolver.ts. */
@ObjectType({ implements: Node })
export class Recording extends Node {
  @Field(() => ID) declare id: string;
  @Field(() => Vendor) vendor!: Vendor;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => MediaType) mediaType!: MediaType;
  @Field(() => String, { nullable: true }) mimeType!: string | null;
  @Field(() => Float, { nullable: true, description: 'Bytes; Float because files can exceed 2^31.' }) sizeBytes!: number | null;
  @Field(() => DateTimeScalar, { nullable: true }) createdAt!: Date | null;
  @Field(() => JSONScalar, { nullable: true }) raw!: unknown;
}
