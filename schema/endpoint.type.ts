import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One end of a remote-support connection: the agent or the target device.' })
export class Endpoint {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) vendorUserId!: string | null;
  @Field(() => String, { nullable: true }) publicIp!: string | null;
  @Field(() => String, { nullable: true }) localIp!: string | null;
  @Field(() => String, { nullable: true }) deviceId!: string | null;
  @Field(() => String, { nullable: true }) device!: string | null;
  @Field(() => String, { nullable: true }) os!: string | null;
  @Field(() => String, { nullable: true }) browser!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
}
