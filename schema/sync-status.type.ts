import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars.js';

@ObjectType({
  description:
    "How meetgraph's history store keeps what this vendor forgets (Alpemix connection reports, alfaview room presence). " +
    'Disabled for other vendors and when the store is off (`store: false`).',
})
export class SyncStatus {
  @Field(() => Boolean, { description: 'Whether history is kept for this connection.' })
  enabled!: boolean;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the last sync run happened (ISO-8601 UTC); null before the first run.',
  })
  lastRunAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The error code of the last run when it failed (e.g. `VENDOR_RATE_LIMITED`); null when it succeeded.',
  })
  lastError!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'From when on the stored history is continuous (ISO-8601 UTC); lists that start earlier answer PARTIAL.',
  })
  coveredFrom!: Date | null;
}
