import { Field, ObjectType } from 'type-graphql';
import { JSONScalar } from './scalars.js';

@ObjectType({ description: "One vendor setting of a meeting, by the vendor's own name." })
export class MeetingSetting {
  @Field(() => String)
  name!: string;

  @Field(() => JSONScalar, { nullable: true })
  value!: unknown;
}
