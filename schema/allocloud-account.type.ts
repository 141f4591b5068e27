import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from './scalars.js';

@ObjectType({ description: 'An ALLOcloud Web Meeting customer account created through a reseller key.' })
export class AllocloudAccount {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) accountType!: string;
  @Field(() => Int, { nullable: true }) numberOfMeetings!: number | null;
  @Field(() => DateTimeScalar, { nullable: true }) paidUntil!: Date | null;
  @Field(() => JSONScalar, { nullable: true }) raw!: unknown;
}
