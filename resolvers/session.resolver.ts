import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { compareSessions } from '../datasources/ordering.js';
import type { MeetingRecord, ParticipantRecord, RecordingRecord, SessionRecord } from '../datasources/records.js';
import { SessionConnection } from '../schema/connections.type.js';
import { FieldGap } from '../schema/field-gap.type.js';
import { Meeting } from '../schema/meeting.type.js';
import { Participant } from '../schema/participant.type.js';
import { Recording } from '../schema/recording.type.js';
import { Session } from '../schema/session.type.js';
import { SessionsArgs } from '../schema/sessions.args.js';
import type { RequestContext } from '../src/context.js';
import { toGlobalId } from '../src/ids.js';
import { fanOutList, type MergedPage } from '../src/lists/fan-out.js';
import { pageRequest } from '../src/lists/page-request.js';
import { sessionListQuery } from '../src/lists/filters-to-queries.js';
import type { OwnedRecord } from '../src/owned.js';
import { fieldGaps, nestedList, type FieldGapView } from '../src/partial.js';
import { SESSION_LISTS } from '../src/partial-lists.js';

type SessionNode = OwnedRecord<SessionRecord>;

@Resolver(() => Session)
export class SessionResolver {
  @Query(() => SessionConnection, {
    description: 'Sessions, the runs of meetings (Apizee, VConnct), of every selected connection, newest `startedAt` first.',
  })
  sessions(
    @Args(() => SessionsArgs) args: SessionsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MergedPage<SessionRecord>> {
    const { selected } = ctx.connections.select(args.filter?.vendors, args.filter?.connectionIds, 'filter');
    const query = sessionListQuery(args.filter);
    return fanOutList(
      {
        list: 'sessions',
        type: 'Session',
        capability: 'LIST_SESSIONS',
        selected,
        page: pageRequest(args, info, { lastNeedsBefore: true }),
        query,
        fetch: (ds, window) => ds.listSessions({ ...query, ...window }, ctx.call),
        compare: compareSessions,
      },
      ctx,
      info,
    );
  }

  @FieldResolver(() => Meeting, {
    nullable: true,
    description:
      'The meeting this session is a run of; null when the vendor cannot tell which (an Apizee statistic outside every conference ' +
      'slot).',
  })
  meeting(@Root() session: SessionNode, @Ctx() ctx: RequestContext): Promise<OwnedRecord<MeetingRecord> | null> | null {
    if (!session.meetingNativeId) return null;
    return ctx.loaders.meeting.load(toGlobalId('Meeting', session.connectionId, session.meetingNativeId));
  }

  @FieldResolver(() => [Participant], {
    description: 'Who attended this session (VConnct attendance). Empty when the vendor cannot list them (see `capabilities`).',
  })
  participants(
    @Root() session: SessionNode,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Array<OwnedRecord<ParticipantRecord>>> {
    return nestedList(ctx, info, SESSION_LISTS.participants(ctx, session));
  }

  @FieldResolver(() => [Recording], {
    description: 'Recordings of this session (VConnct playback page). Empty when there are none or the vendor cannot list them.',
  })
  recordings(
    @Root() session: SessionNode,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Array<OwnedRecord<RecordingRecord>>> {
    return nestedList(ctx, info, SESSION_LISTS.recordings(ctx, session));
  }

  @FieldResolver(() => [FieldGap], {
    description:
      'The fields this query selected on this session (`participants`, `recordings`) that came back incomplete, and why. ' +
      'Empty when complete.',
  })
  gaps(@Root() session: SessionNode, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<FieldGapView[]> {
    return fieldGaps(ctx, info, session, SESSION_LISTS);
  }
}
