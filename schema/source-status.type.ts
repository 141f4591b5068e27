import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars.js';
import { SourceState } from './source-state.enum.js';
import { VendorConnection } from './vendor-connection.type.js';

@ObjectType({ description: 'Why a connection did not answer fully.' })
export class SourceError {
  @Field(() => String, {
    description: 'The same code as `extensions.code` in `errors`, e.g. VENDOR_TIMEOUT, VENDOR_RATE_LIMITED, UNSUPPORTED_BY_VENDOR.',
  })
  code!: string;

  @Field(() => String, { description: 'Human-readable explanation; never contains credentials or the raw vendor reply.' })
  message!: string;

  @Field(() => Boolean, { description: 'True when asking again later may succeed (timeouts, rate limits, outages).' })
  retryable!: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Seconds (not milliseconds) to wait before retrying, when the vendor or the rate limiter says; otherwise null.',
  })
  retryAfterSeconds!: number | null;
}

@ObjectType({ description: 'How one connection asked for a list answered.' })
export class SourceStatus {
  @Field(() => VendorConnection, { description: 'The vendor account this entry is about.' })
  connection!: VendorConnection;

  @Field(() => SourceState, { description: 'COMPLETE, PARTIAL, FAILED or UNSUPPORTED.' })
  state!: SourceState;

  @Field(() => SourceError, { nullable: true, description: 'Why it failed; null unless `state` is FAILED.' })
  error!: SourceError | null;

  @Field(() => String, {
    nullable: true,
    description: 'Human-readable detail, e.g. which part of the range a PARTIAL source could serve; null when there is nothing to add.',
  })
  message!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When (UTC) the data of this answer was fetched from the vendor: the oldest vendor read it used from this connection. ' +
      'An answer served from the vendor-call cache shows the time of the original fetch, so `now - fetchedAt` is its age. ' +
      'Null when the connection did not answer (FAILED, UNSUPPORTED).',
  })
  fetchedAt!: Date | null;
}
