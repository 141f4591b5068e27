import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AllocloudAccountResolver } from '../resolvers/allocloud-account.resolver.js';
import { ConnectionReportResolver } from '../resolvers/connection-report.resolver.js';
import { MeetingMutationResolver } from '../resolvers/meeting-mutation.resolver.js';
import { MeetingResolver } from '../resolvers/meeting.resolver.js';
import { NodeResolver } from '../resolvers/node.resolver.js';
import { RecordingResolver } from '../resolvers/recording.resolver.js';
import { SessionResolver } from '../resolvers/session.resolver.js';
import { SourceStatusResolver } from '../resolvers/source-status.resolver.js';
import { VendorConnectionResolver } from '../resolvers/vendor-connection.resolver.js';
import { describeRootTypes } from '../schema/root-types.js';
import { DateTimeScalar } from '../schema/scalars.js';
import { validateArgs } from './validate-args.js';

export const RESOLVERS = [
  MeetingResolver,
  MeetingMutationResolver,
  SessionResolver,
  RecordingResolver,
  ConnectionReportResolver,
  VendorConnectionResolver,
  SourceStatusResolver,
  NodeResolver,
  AllocloudAccountResolver,
] as const;

/** The executable schema; arguments and inputs with class-validator rules are validated before resolvers run (src/validate-args.ts). */
export async function buildMeetgraphSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...RESOLVERS],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validateFn: validateArgs,
  });
  return describeRootTypes(schema);
}

/** The SDL committed as schema/schema.graphql: sorted, so diffs show real changes only. */
export function printMeetgraphSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
