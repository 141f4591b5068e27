import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { MeetingRecord, MeetingSettingRecord, ParticipantRecord, RecordingRecord, SessionRecord } from '../datasources/records.js';
import { meetingComparator } from '../datasources/ordering.js';
import { MeetingConnection, SessionConnection } from '../schema/connections.type.js';
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
import { meetingListQuery } from '../src/lists/list-queries.js';
import { pageOfOne } from '../src/lists/single-connection.js';
import type { Node } from '../src/owned.js';
import { listOrReport } from '../src/partial.js';

type MeetingNode = Node<MeetingRecord>;

@Resolver(() => Meeting)
export class MeetingResolver {
  @Query(() => MeetingConnection, {
    description: 'Meetings (alfaview, ALLOcloud, Apizee, VConnct) of every selected connection, merged in `orderBy` order.',
  })
  async meetings(@Args(() => MeetingsArgs) args: MeetingsArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<MergedPage<MeetingRecord>> {
    const { selected, explicit } = ctx.connections.select(args.filter?.vendors, args.filter?.connectionIds, 'filter');
    const query = meetingListQuery(args.filter, args.orderBy);
    const page = await fanOutList(
      {
        list: 'meetings',
        type: 'Meeting',
        capability: 'LIST_MEETINGS',
        selected,
        explicit,
        first: args.first,
        after: args.after,
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
  async meeting(@Arg('id', () => ID, { description: 'Global id of the meeting.' }) id: string, @Ctx() ctx: RequestContext): Promise<MeetingNode | null> {
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
    if (meeting.settings) return Promise.resolve(meeting.settings);
    return listOrReport(ctx, info, () => ctx.loaders.meetingSettings.load(meeting.id));
  }

  @FieldResolver(() => SessionConnection, { description: "This meeting's sessions, newest first." })
  async sessions(@Root() meeting: MeetingNode, @Args(() => MeetingSessionsArgs) args: MeetingSessionsArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<MergedPage<SessionRecord>> {
    return pageOfOne(ctx, info, {
      list: `meeting-sessions:${meeting.id}`,
      ds: ctx.connections.get(meeting.connectionId),
      first: args.first,
      after: args.after,
      load: () => ctx.loaders.meetingSessions.load(meeting.id),
    });
  }

  @FieldResolver(() => [Participant], {
    description:
      'Who is invited to or in this meeting: alfaview users online now, ALLOcloud invitees, Apizee organizer or ticket agent and ' +
      'customer, VConnct attendance of its sessions. Empty when the vendor cannot list them (see `capabilities`).',
  })
  participants(@Root() meeting: MeetingNode, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Array<Node<ParticipantRecord>>> {
    return listOrReport(ctx, info, () => ctx.loaders.meetingParticipants.load(meeting.id));
  }

  @FieldResolver(() => [Recording], {
    description:
      'Recordings and media of this meeting (Apizee media, VConnct playback pages). ' +
      'Empty when the vendor keeps none (alfaview, ALLOcloud).',
  })
  recordings(@Root() meeting: MeetingNode, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Array<Node<RecordingRecord>>> {
    return listOrReport(ctx, info, () => ctx.loaders.meetingRecordings.load(meeting.id));
  }
}

