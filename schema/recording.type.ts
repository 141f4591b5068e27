import { Field, Float, ID, ObjectType } from 'type-graphql';
import { MediaType } from './media-type.enum.js';
import { Node } from './node.interface.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { Vendor } from './vendor.enum.js';

/** `meeting` and `session` are resolved in resolvers/recording.resolver.ts. */
@ObjectType({
  implements: Node,
  description:
    'A recording or other media of a meeting or session: Apizee conference and ticket media files, VConnct session playback pages. ' +
    'Other vendors have none.',
})
export class Recording extends Node {
  @Field(() => ID, { description: 'Global id `Recording:<connectionId>:<nativeId>`; `node(id:)` resolves it.' })
  declare id: string;

  @Field(() => Vendor, { description: 'The vendor that stores the recording.' })
  vendor!: Vendor;

  @Field(() => String, { nullable: true, description: 'Title or file name; null when the vendor gives neither.' })
  title!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Where to download or play it: a file URL, or a web page for PLAYBACK_PAGE. The vendor may require a login. Null when the vendor ' +
      'gives none.',
  })
  url!: string | null;

  @Field(() => MediaType, { description: 'Video, audio, image, document, playback page or other.' })
  mediaType!: MediaType;

  @Field(() => String, {
    nullable: true,
    description: 'MIME type such as video/mp4 (text/html for a playback page); null when neither the vendor nor the file name says.',
  })
  mimeType!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'File size in bytes; Float because files can exceed 2^31. Null when unknown (always for playback pages).',
  })
  sizeBytes!: number | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When the recording was made, ISO-8601 UTC (VConnct: when its session ended; Apizee ticket media without a date: the ticket ' +
      'start). Null when unknown.',
  })
  createdAt!: Date | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "The vendor's own payload, for fields the model lacks; its shape is the vendor's and may change between vendor versions.",
  })
  raw!: unknown;
}
