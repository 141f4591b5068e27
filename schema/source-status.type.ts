import { Field, Int, ObjectType } from 'type-graphql';
import { SourceState } from './source-state.enum.js';
import { VendorConnection } from './vendor-connection.type.js';

@ObjectType({ description: 'Why a connection did not answer fully.' })
export class SourceError {
  @Field(() => String, { description: 'The same code as `extensions.code` in `errors`.' }) code!: string;
  @Field(() => String) message!: string;
  @Field(() => Boolean) retryable!: boolean;
  @Field(() => Int, { nullable: true }) retryAfterSeconds!: number | null;
}

@ObjectType({ description: 'How one connection asked for a list answered.' })
export class SourceStatus {
  @Field(() => VendorConnection) connection!: VendorConnection;
  @Field(() => SourceState) state!: SourceState;
  @Field(() => SourceError, { nullable: true }) error!: SourceError | null;
  @Field(() => String, { nullable: true, description: 'Human-readable detail, e.g. which part of the range a PARTIAL source could serve.' }) message!: string | null;
}
