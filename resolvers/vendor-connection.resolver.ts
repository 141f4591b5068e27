import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { SyncStatus } from '../schema/sync-status.type.js';
import { VendorConnection } from '../schema/vendor-connection.type.js';
import { connectionView, type ConnectionView } from '../src/connection-view.js';
import type { RequestContext } from '../src/context.js';
import { syncStatusOf, type SyncStatusView } from '../src/history/sync-status.js';

@Resolver(() => VendorConnection)
export class VendorConnectionResolver {
  @Query(() => [VendorConnection], { description: 'The vendor accounts this caller may use, with what each can do and how it is doing.' })
  connections(@Ctx() ctx: RequestContext): ConnectionView[] {
    return ctx.connections.all().map(connectionView);
  }

  @FieldResolver(() => SyncStatus, {
    description: 'How history keeps what this vendor forgets (Alpemix connection reports, alfaview room presence); disabled otherwise.',
  })
  sync(@Root() connection: ConnectionView, @Ctx() ctx: RequestContext): Promise<SyncStatusView> {
    return syncStatusOf(ctx.connections.get(connection.connectionId));
  }
}
