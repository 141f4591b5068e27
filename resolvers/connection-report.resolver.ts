import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { compareConnectionReports } from '../datasources/ordering.js';
import type { ConnectionReportRecord } from '../datasources/records.js';
import { ConnectionReport } from '../schema/connection-report.type.js';
import { ConnectionReportsArgs } from '../schema/connection-reports.args.js';
import { ConnectionReportConnection } from '../schema/connections.type.js';
import { VendorConnection } from '../schema/vendor-connection.type.js';
import { connectionView, type ConnectionView } from '../src/connection-view.js';
import type { RequestContext } from '../src/context.js';
import { fanOutList, type MergedPage } from '../src/lists/fan-out.js';
import { pageRequest } from '../src/lists/page-request.js';
import { connectionReportListQuery } from '../src/lists/filters-to-queries.js';
import type { OwnedRecord } from '../src/owned.js';

@Resolver(() => ConnectionReport)
export class ConnectionReportResolver {
  @Query(() => ConnectionReportConnection, {
    description: 'Remote-support connection reports (Alpemix, Apizee) of every selected connection, newest `startedAt` first.',
  })
  connectionReports(
    @Args(() => ConnectionReportsArgs) args: ConnectionReportsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MergedPage<ConnectionReportRecord>> {
    const { selected } = ctx.connections.select(args.filter?.vendors, args.filter?.connectionIds, 'filter');
    const query = connectionReportListQuery(args.filter);
    return fanOutList(
      {
        list: 'connectionReports',
        type: 'ConnectionReport',
        capability: 'LIST_CONNECTION_REPORTS',
        selected,
        page: pageRequest(args, info, { lastNeedsBefore: true }),
        query,
        fetch: (ds, window) => ds.listConnectionReports({ ...query, ...window }, ctx.call),
        compare: compareConnectionReports,
      },
      ctx,
      info,
    );
  }

  @FieldResolver(() => VendorConnection, { description: 'The vendor account this report comes from.' })
  connection(@Root() report: OwnedRecord<ConnectionReportRecord>, @Ctx() ctx: RequestContext): ConnectionView {
    return connectionView(ctx.connections.get(report.connectionId));
  }
}
