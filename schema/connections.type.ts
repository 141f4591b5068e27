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
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => Item) node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [Item]) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => [SourceStatus], { description: 'One entry per connection asked: did it answer, fully, and if not why.' })
    sources!: SourceStatus[];
  }

  return { Edge, Connection };
}

export const MeetingConnection = connectionTypes(Meeting, 'Meeting').Connection;
export const SessionConnection = connectionTypes(Session, 'Session').Connection;
export const RecordingConnection = connectionTypes(Recording, 'Recording').Connection;
export const ConnectionReportConnection = connectionTypes(ConnectionReport, 'ConnectionReport').Connection;
