import type { ClassType } from 'type-graphql';
import { Field, ObjectType } from 'type-graphql';
import { ConnectionReport } from './connection-report.type.js';
import { Meeting } from './meeting.type.js';
import { PageInfo } from './page-info.type.js';
import { Recording } from './recording.type.js';
import { Session } from './session.type.js';
import { SourceStatus } from './source-status.type.js';

/** Relay-style connection types with `sources`: one factory so the five lists cannot drift apart. */
function connectionTypes<T extends object>(Item: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with the cursor that points at it.` })
  class Edge {
    @Field(() => String, { description: `Opaque position of this ${name} in the merged list; pass it as \`after\` to continue after it.` })
    cursor!: string;

    @Field(() => Item, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, {
    description: `One page of ${name} items merged from every selected vendor connection (Relay); \`sources\` says who answered.`,
  })
  class Connection {
    @Field(() => [Edge], { description: 'The items of this page with their cursors, in list order.' })
    edges!: Edge[];

    @Field(() => [Item], { description: 'The same items as `edges`, without cursors.' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Cursors and whether more pages exist.' })
    pageInfo!: PageInfo;

    @Field(() => [SourceStatus], { description: 'One entry per connection asked: did it answer, fully, and if not why.' })
    sources!: SourceStatus[];
  }

  return { Edge, Connection };
}

export const MeetingConnection = connectionTypes(Meeting, 'Meeting').Connection;
export const SessionConnection = connectionTypes(Session, 'Session').Connection;
export const RecordingConnection = connectionTypes(Recording, 'Recording').Connection;
export const ConnectionReportConnection = connectionTypes(ConnectionReport, 'ConnectionReport').Connection;
