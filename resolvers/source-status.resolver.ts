import { FieldResolver, Resolver, Root } from 'type-graphql';
import { SourceStatus } from '../schema/source-status.type.js';
import { VendorConnection } from '../schema/vendor-connection.type.js';
import { connectionView, type ConnectionView } from '../src/connection-view.js';
import type { SourceReport } from '../src/lists/sources.js';

@Resolver(() => SourceStatus)
export class SourceStatusResolver {
  @FieldResolver(() => VendorConnection, { description: 'The vendor account this entry is about.' })
  connection(@Root() source: SourceReport): ConnectionView {
    return connectionView(source.connection);
  }
}
