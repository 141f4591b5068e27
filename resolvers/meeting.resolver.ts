import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { MeetingRecord, MeetingSettingRecord, ParticipantRecord, RecordingRecord, SessionRecord } from '../datasources/records.js';
import { compareSessions, meetingComparator } from '../datasources/ordering.js';
import { MeetingConnection, SessionConnection } from '../schema/connections.type.js';
import { FieldGap } from '../schema/field-gap.type.js';
import { MeetingSetting } from '../schema/meeting-setting.type.js';
import { Meeting } from '../schema/meeting.type.js';
import { MeetingsArgs } from '../schema/meetings.args.js';
import { MeetingSessionsArgs } from '../schema/sessions.args.js';
import { Participant } from '../schema/participant.type.js';
import { Recording } from '../schema/recording.type.js';
import { VendorConnection } from '../schema/vendor-connection.type.js';
import { connectionView, type ConnectionView } from '../src/connection-view.js';
import type { RequestContext } from '../src/context.js';
import { parseGlobalId } from '../src/ids.js';
import { fanOutList, type MergedPage } from '../src/lists/fan-out.js';
import { pageRequest } from '../src/lists/page-request.js';
import { meetingListQuery } from '../src/lists/filters-to-queries.js';
import { loadedListPage } from '../src/lists/loaded-list-page.js';
import type { OwnedRecord } from '../src/owned.js';
import { fieldGaps, nestedList, type FieldGapView } from '../src/partial.js';
import { MEETING_LISTS } from '../src/partial-lists.js';

type MeetingNode = OwnedRecord<MeetingRecord>;

@Resolver(() => Meeting)
export class MeetingResolver {
  @Query(() => MeetingConnection, {
    description: 'Meetings (alfaview, ALLOcloud, Apizee, VConnct) of every selected connection, merged in `orderBy` order.',
  })
  async meetings(
    @Args(() => MeetingsArgs) args: MeetingsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MergedPage<MeetingRecord>> {
    const { selected } = ctx.connections.select(args.filter?.vendors, args.filter?.connectionIds, 'filter');
    const query = meetingListQuery(args.filter, args.orderBy);
    const page = await fanOutList(
      {
        list: 'meetings',
        type: 'Meeting',
        capability: 'LIST_MEETINGS',
        selected,
        page: pageRequest(args, info, { lastNeedsBefore: true }),
        query,
        fetch: (ds, window) => ds.listMeetings({ ...query, ...window }, ctx.call),
        compare: meetingComparator(args.orderBy),
      },
      ctx,
      info,
    );
    for (const meeting of page.nodes) ctx.loaders.meeting.prime(meeting.id, meeting);
    return page;
  }

  @Query(() => Meeting, {
    nullable: true,
    description:
      'One meeting by its global id, read from its vendor. Null when the vendor no longer has it; a malformed id is BAD_USER_INPUT, a ' +
      'failed vendor call an error.',
  })
  async meeting(
    @Arg('id', () => ID, { description: 'Global id of the meeting.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<MeetingNode | null> {
    parseGlobalId(id, 'id', 'Meeting');
    return ctx.loaders.meeting.load(id);
  }

  @FieldResolver(() => VendorConnection, { description: 'The vendor account this meeting comes from.' })
  connection(@Root() meeting: MeetingNode, @Ctx() ctx: RequestContext): ConnectionView {
    return connectionView(ctx.connections.get(meeting.connectionId));
  }

  @FieldResolver(() => [MeetingSetting], {
    description:
      "The vendor's settings of this meeting by the vendor's names (VConnct BigBlueButton switches, alfaview room quotas and mode); " +
      'empty where the vendor has none to show.',
  })
  settings(@Root() meeting: MeetingNode, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<MeetingSettingRecord[]> {
    return nestedList(ctx, info, MEETING_LISTS.settings(ctx, meeting));
  }

  @FieldResolver(() => SessionConnection, { description: "This meeting's sessions, newest first. Reports in its own `sources`." })
  async sessions(
    @Root() meeting: MeetingNode,
    @Args(() => MeetingSessionsArgs) args: MeetingSessionsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MergedPage<SessionRecord>> {
    return loadedListPage(ctx, info, {
      list: `meeting-sessions:${meeting.id}`,
      ds: ctx.connections.get(meeting.connectionId),
      page: pageRequest(args, info, { lastNeedsBefore: false }),
      load: () => ctx.loaders.meetingSessions.load(meeting.id),
      compare: compareSessions,
    });
  }

  @FieldResolver(() => [Participant], {
    description:
      'Who is invited to or in this meeting: alfaview users online now, ALLOcloud invitees, Apizee organizer or ticket agent and ' +
      'customer, VConnct attendance of its sessions. Empty when the vendor cannot list them (see `capabilities`).',
  })
  participants(
    @Root() meeting: MeetingNode,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Array<OwnedRecord<ParticipantRecord>>> {
    return nestedList(ctx, info, MEETING_LISTS.participants(ctx, meeting));
  }

  @FieldResolver(() => [Recording], {
    description:
      'Recordings and media of this meeting (Apizee media, VConnct playback pages). ' +
      'Empty when the vendor keeps none (alfaview, ALLOcloud).',
  })
  recordings(
    @Root() meeting: MeetingNode,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Array<OwnedRecord<RecordingRecord>>> {
    return nestedList(ctx, info, MEETING_LISTS.recordings(ctx, meeting));
  }

  @FieldResolver(() => [FieldGap], {
    description:
      'The fields this query selected on this meeting (`settings`, `participants`, `recordings`) that came back incomplete, and why. ' +
      'Empty when everything selected is complete. `sessions` reports in its own `sources`.',
  })
  gaps(@Root() meeting: MeetingNode, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<FieldGapView[]> {
    return fieldGaps(ctx, info, meeting, MEETING_LISTS);
  }
}
