import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from './scalars.js';

@ObjectType({ description: 'An ALLOcloud Web Meeting customer account created through a reseller key.' })
export class AllocloudAccount {
  @Field(() => ID, { description: "ALLOcloud's id of the new account (not a global id: accounts are not nodes)." })
  id!: string;

  @Field(() => String, { description: 'Account name as ALLOcloud stored it.' })
  name!: string;

  @Field(() => String, { description: 'ALLOcloud\'s account type, e.g. "premium".' })
  accountType!: string;

  @Field(() => Int, { nullable: true, description: 'How many meetings the account may hold, when ALLOcloud says.' })
  numberOfMeetings!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'End of the paid period, ISO-8601 UTC; null when ALLOcloud does not say.' })
  paidUntil!: Date | null;

  @Field(() => JSONScalar, { nullable: true, description: "ALLOcloud's own reply, for fields the model lacks." })
  raw!: unknown;
}
