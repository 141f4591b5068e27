import { IsOptional, ValidateNested } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { ConnectionReportFilter } from './connection-report-filter.input.js';
import { firstField, PageArgs } from './page.args.js';

@ArgsType()
export class ConnectionReportsArgs extends PageArgs {
  @Field(() => ConnectionReportFilter, {
    nullable: true,
    description: 'Which connections and time range to ask; absent means every connection, any time.',
  })
  @IsOptional()
  @ValidateNested()
  filter?: ConnectionReportFilter | null;

  @firstField(50)
  first!: number;
}
