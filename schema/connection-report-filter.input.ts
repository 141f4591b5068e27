import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ConnectionMode } from './connection-mode.enum.js';
import { ListFilter } from './list-filter.input.js';
import { IsSafeText } from './validators.js';

@InputType({ description: 'A report matches `from`/`to` when its connection started inside the range.' })
export class ConnectionReportFilter extends ListFilter {
  @Field(() => [ConnectionMode], { nullable: true, description: 'Only reports of these modes; absent means all.' })
  @IsOptional()
  @ArrayMaxSize(20)
  mode?: ConnectionMode[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive text in the note, reference or endpoint names; at most 200 characters.',
  })
  @IsOptional()
  @MaxLength(200)
  @IsSafeText()
  search?: string | null;
}
