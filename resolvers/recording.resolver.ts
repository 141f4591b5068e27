import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { compareRecordings } from '../datasources/ordering.js';
import type { MeetingRecord, RecordingRecord, SessionRecord } from '../datasources/records.js';
import { RecordingConnection } from '../schema/connections.type.js';
import { Meeting } from '../schema/meeting.type.js';
import { Recording } from '../schema/recording.type.js';
import { RecordingsArgs } from '../schema/recordings.args.js';
import { Session } from '../schema/session.type.js';
import type { RequestContext } from '../src/context.js';
import { toGlobalId } from '../src/ids.js';
import { fanOutList, type MergedPage } from '../src/lists/fan-out.js';
import { pageRequest } from '../src/lists/page-request.js';
import { recordingListQuery } from '../src/lists/filters-to-queries.js';
import type { OwnedRecord } from '../src/owned.js';

type RecordingNode = OwnedRecord<RecordingRecord>;

@Resolver(() => Recording)
export class RecordingResolver {
  @Query(() => RecordingConnection, {
    description: 'Recordings and media (Apizee, VConnct) of every selected connection, newest `createdAt` first.',
  })
  recordings(
    @Args(() => RecordingsArgs) args: RecordingsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MergedPage<RecordingRecord>> {
    const { selected } = ctx.connections.select(args.filter?.vendors, args.filter?.connectionIds, 'filter');
    const query = recordingListQuery(args.filter);
    return fanOutList(
      {
        list: 'recordings',
        type: 'Recording',
        capability: 'LIST_RECORDINGS',
        selected,
        page: pageRequest(args, info, { lastNeedsBefore: true }),
        query,
        fetch: (ds, window) => ds.listRecordings({ ...query, ...window }, ctx.call),
        compare: compareRecordings,
      },
      ctx,
      info,
    );
  }

  @FieldResolver(() => Meeting, {
    nullable: true,
    description: 'The meeting it was recorded in; null when the vendor does not link it to one.',
  })
  meeting(@Root() recording: RecordingNode, @Ctx() ctx: RequestContext): Promise<OwnedRecord<MeetingRecord> | null> | null {
    if (!recording.meetingNativeId) return null;
    return ctx.loaders.meeting.load(toGlobalId('Meeting', recording.connectionId, recording.meetingNativeId));
  }

  @FieldResolver(() => Session, {
    nullable: true,
    description: 'The session it was recorded in (VConnct); null when the vendor links recordings to meetings only (Apizee).',
  })
  session(@Root() recording: RecordingNode, @Ctx() ctx: RequestContext): Promise<OwnedRecord<SessionRecord> | null> | null {
    if (!recording.sessionNativeId) return null;
    return ctx.loaders.session.load(toGlobalId('Session', recording.connectionId, recording.sessionNativeId));
  }
}
