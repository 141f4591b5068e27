import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'One end of a remote-support connection: the agent or the target. Alpemix fills names, addresses and ids; Apizee fills the ' +
    "customer's contact, device, OS and browser. Unknown fields are null.",
})
export class Endpoint {
  @Field(() => String, { nullable: true, description: 'Person or device name (Alpemix user name, Apizee agent or requester).' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: "The vendor's id of this side: Alpemix id, Apizee agent login or customer email." })
  vendorUserId!: string | null;

  @Field(() => String, { nullable: true, description: 'Public IP address as the vendor saw it (Alpemix).' })
  publicIp!: string | null;

  @Field(() => String, { nullable: true, description: 'IP address inside the local network (Alpemix).' })
  localIp!: string | null;

  @Field(() => String, { nullable: true, description: "The vendor's number of the device (Alpemix)." })
  deviceId!: string | null;

  @Field(() => String, { nullable: true, description: 'Device kind, e.g. smartphone or desktop (Apizee).' })
  device!: string | null;

  @Field(() => String, { nullable: true, description: 'Operating system (Apizee).' })
  os!: string | null;

  @Field(() => String, { nullable: true, description: 'Web browser (Apizee).' })
  browser!: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number when the customer was reached by phone (Apizee).' })
  phone!: string | null;
}
