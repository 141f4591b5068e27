import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ListFilter } from './list-filter.input.js';
import { MediaType } from './media-type.enum.js';

@InputType({ description: 'A recording matches `from`/`to` when it was created inside the range.' })
export class RecordingFilter extends ListFilter {
  @Field(() => [MediaType], { nullable: true, description: 'Only recordings of these media types; absent means all.' })
  @IsOptional()
  @ArrayMaxSize(20)
  mediaType?: MediaType[] | null;
}
