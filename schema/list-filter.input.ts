import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DateTimeScalar } from './scalars.js';
import { IsAfter, IsSafeId } from './validators.js';
import { Vendor } from './vendor.enum.js';

/** What every list filter has (docs/architecture.md "Lists and cursors"): which connections to ask and the time range. */
@InputType('ListFilterBase', { description: 'Shared fields; not used on its own (type-graphql only emits reachable types).' })
export abstract class ListFilter {
  @Field(() => [Vendor], { nullable: true, description: 'Ask only these vendors.' })
  @IsOptional()
  @ArrayMaxSize(5)
  vendors?: Vendor[] | null;

  @Field(() => [ID], { nullable: true, description: 'Ask only these connections (config ids or VendorConnection ids).' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsSafeId({ each: true })
  connectionIds?: string[] | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Inclusive lower bound.' })
  @IsOptional()
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Inclusive upper bound.' })
  @IsOptional()
  @IsAfter('from')
  to?: Date | null;
}
