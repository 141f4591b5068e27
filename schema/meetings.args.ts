import { IsOptional, ValidateNested } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { MeetingFilter } from './meeting-filter.input.js';
import { MeetingOrder } from './meeting-order.enum.js';
import { firstField, PageArgs } from './page.args.js';

@ArgsType()
export class MeetingsArgs extends PageArgs {
  @Field(() => MeetingFilter, {
    nullable: true,
    description: 'Which connections, time range, states and kinds to ask; absent means every connection, any time.',
  })
  @IsOptional()
  @ValidateNested()
  filter?: MeetingFilter | null;

  @firstField(20)
  first!: number;

  @Field(() => MeetingOrder, {
    defaultValue: MeetingOrder.STARTS_AT_DESC,
    description: 'Order of the merged list; meetings without a start time always come last.',
  })
  orderBy!: MeetingOrder;
}
