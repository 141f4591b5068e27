import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars.js';

@ObjectType({
  description: "A connection's recent health as meetgraph observed it: successes, failures, latency, circuit breaker and rate budget.",
})
export class ConnectionHealth {
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When a call to this vendor last succeeded, ISO-8601 UTC; null when none has yet.',
  })
  lastSuccessAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When a call to this vendor last failed, ISO-8601 UTC; null when none has.' })
  lastFailureAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The unified error code of the last failure, e.g. VENDOR_TIMEOUT; null when none has failed.',
  })
  lastErrorCode!: string | null;

  @Field(() => Int, { nullable: true, description: 'Duration of the last vendor call in milliseconds; null before the first call.' })
  lastLatencyMs!: number | null;

  @Field(() => Boolean, {
    description: 'True while meetgraph stops calling this vendor after repeated failures; calls fail fast until it closes again.',
  })
  circuitOpen!: boolean;

  @Field(() => Int, {
    nullable: true,
    description: "Calls still allowed in the vendor's current rate window (Alpemix); null for vendors without a known limit.",
  })
  rateBudgetRemaining!: number | null;
}
