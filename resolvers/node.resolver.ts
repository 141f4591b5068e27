import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Node } from '../schema/node.interface.js';
import { connectionView } from '../src/connection-view.js';
import type { RequestContext } from '../src/context.js';
import { parseGlobalId } from '../src/ids.js';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when the vendor no longer has it.' })
  async node(
    @Arg('id', () => ID, { description: 'Any global id meetgraph returned.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<unknown> {
    const parsed = parseGlobalId(id, 'id');
    const ds = ctx.connections.get(parsed.connectionId);
    switch (parsed.type) {
      case 'VendorConnection':
        return connectionView(ds);
      case 'Meeting':
        return ctx.loaders.meeting.load(id);
      case 'Session':
        return ctx.loaders.session.load(id);
      case 'Participant':
        return ctx.loaders.participant.load(id);
      case 'Recording':
        return ctx.loaders.recording.load(id);
      case 'ConnectionReport':
        return ctx.loaders.connectionReport.load(id);
    }
  }
}
