import { Args, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { JoinLinkRecord, MeetingRecord } from '../datasources/records.js';
import type { VendorDatasource } from '../datasources/vendor.js';
import { JoinLink } from '../schema/join-link.type.js';
import { Meeting } from '../schema/meeting.type.js';
import {
  CreateJoinLinkArgs,
  CreateMeetingArgs,
  DeleteMeetingArgs,
  MeetingIdArgs,
  StartSessionArgs,
  UpdateMeetingArgs,
} from '../schema/mutations.args.js';
import { createMeetingCommand, joinLinkCommand, startSessionCommand, updateMeetingCommand } from '../src/inputs-to-commands.js';
import type { RequestContext } from '../src/context.js';
import { parseGlobalId } from '../src/ids.js';
import { own, type OwnedRecord } from '../src/owned.js';

/** Which datasource owns a meeting id, and its native id. */
function target(ctx: RequestContext, meetingId: string, field: string): { ds: VendorDatasource; nativeId: string } {
  const { connectionId, nativeId } = parseGlobalId(meetingId, field, 'Meeting');
  return { ds: ctx.connections.get(connectionId), nativeId };
}

/**
 * Runs a write; whatever its outcome (a failed write may still have happened), the connection's cached reads
 * are stale, in this request and in the vendor-call cache, before the answer goes out.
 */
async function write<T>(ctx: RequestContext, ds: VendorDatasource, run: Promise<T>): Promise<T> {
  try {
    return await run;
  } finally {
    await ctx.call.memo.forConnection(ds.connectionId).forget();
  }
}

/** After a write the written meeting is fresh. */
function afterWrite(ctx: RequestContext, ds: VendorDatasource, meeting?: MeetingRecord): OwnedRecord<MeetingRecord> | undefined {
  if (!meeting) return undefined;
  const node = own('Meeting', ds, meeting);
  ctx.loaders.meeting.clear(node.id).prime(node.id, node);
  return node;
}

@Resolver()
export class MeetingMutationResolver {
  @Mutation(() => Meeting, {
    description: 'Creates a meeting in the vendor account `input.connectionId` picks and returns it as the vendor stored it.',
  })
  async createMeeting(
    @Args(() => CreateMeetingArgs) { input }: CreateMeetingArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<OwnedRecord<MeetingRecord>> {
    const ds = ctx.connections.resolveRef(input.connectionId, 'input.connectionId');
    return afterWrite(ctx, ds, await write(ctx, ds, ds.createMeeting(createMeetingCommand(input), ctx.call))) as OwnedRecord<MeetingRecord>;
  }

  @Mutation(() => Meeting, {
    description: 'Changes a meeting at its vendor and returns it as the vendor now has it. Absent input fields stay as they are.',
  })
  async updateMeeting(
    @Args(() => UpdateMeetingArgs) { id, input }: UpdateMeetingArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<OwnedRecord<MeetingRecord>> {
    const { ds, nativeId } = target(ctx, id, 'id');
    return afterWrite(
      ctx,
      ds,
      await write(ctx, ds, ds.updateMeeting(nativeId, updateMeetingCommand(input), ctx.call)),
    ) as OwnedRecord<MeetingRecord>;
  }

  @Mutation(() => ID, { description: 'Returns the id of the deleted meeting.' })
  async deleteMeeting(@Args(() => DeleteMeetingArgs) { id }: DeleteMeetingArgs, @Ctx() ctx: RequestContext): Promise<string> {
    const { ds, nativeId } = target(ctx, id, 'id');
    await write(ctx, ds, ds.deleteMeeting(nativeId, ctx.call));
    ctx.loaders.meeting.clear(id);
    return id;
  }

  @Mutation(() => JoinLink, { description: "Starts a run of the meeting and returns the host's link." })
  async startSession(
    @Args(() => StartSessionArgs) { meetingId, input }: StartSessionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<JoinLinkRecord> {
    const { ds, nativeId } = target(ctx, meetingId, 'meetingId');
    const link = await write(ctx, ds, ds.startSession(nativeId, startSessionCommand(input), ctx.call));
    return link;
  }

  @Mutation(() => Meeting, { description: 'Ends the running session of a meeting for everyone (VConnct) and returns the meeting.' })
  async endSession(
    @Args(() => MeetingIdArgs) { meetingId }: MeetingIdArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<OwnedRecord<MeetingRecord>> {
    const { ds, nativeId } = target(ctx, meetingId, 'meetingId');
    return afterWrite(ctx, ds, await write(ctx, ds, ds.endSession(nativeId, ctx.call))) as OwnedRecord<MeetingRecord>;
  }

  @Mutation(() => JoinLink, {
    description: 'A link for one person with a role (MODERATOR, PARTICIPANT, SPECTATOR, AGENT or CUSTOMER, as the vendor allows).',
  })
  createJoinLink(
    @Args(() => CreateJoinLinkArgs) { meetingId, input }: CreateJoinLinkArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<JoinLinkRecord> {
    const { ds, nativeId } = target(ctx, meetingId, 'meetingId');
    return ds.createJoinLink(nativeId, joinLinkCommand(input), ctx.call);
  }
}
