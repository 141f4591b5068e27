import { Ctx, Query, Resolver } from 'type-graphql';
import { VendorConnection } from '../schema/vendor-connection.type.js';
import { connectionView, type ConnectionView } from '../src/connection-view.js';
import type { RequestContext } from '../src/context.js';

@Resolver(() => VendorConnection)
export class VendorConnectionResolver {
  @Query(() => [VendorConnection], { description: 'The vendor accounts this caller may use, with what each can do and how it is doing.' })
  connections(@Ctx() ctx: RequestContext): ConnectionView[] {
    return ctx.connections.all().map(connectionView);
  }
}
