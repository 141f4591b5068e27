import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars.js';

@ObjectType({ description: "A connection's recent health as meetgraph observed it." })
export class ConnectionHealth {
  @Field(() => DateTimeScalar, { nullable: true })
  lastSuccessAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastFailureAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The unified error code of the last failure.' })
  lastErrorCode!: string | null;

  @Field(() => Int, { nullable: true })
  lastLatencyMs!: number | null;

  @Field(() => Boolean, { description: 'True while meetgraph stops calling this vendor after repeated failures.' })
  circuitOpen!: boolean;

  @Field(() => Int, { nullable: true, description: 'Calls still allowed in the current rate window, when known.' })
  rateBudgetRemaining!: number | null;
}
