import type { Logger } from '../../core/logger.js';
import { BadUserInputError } from '../../core/errors.js';
import type { Capability } from '../capabilities.js';
import type { CreateMeetingCommand, JoinLinkCommand, StartSessionCommand, UpdateMeetingCommand } from '../commands.js';
import type { ConnectionHealth } from '../health.js';
import { pageMeetings, type ListPage, type MeetingListQuery } from '../list-queries.js';
import type { JoinLinkRecord, MeetingRecord, MeetingStatusValue, ParticipantRecord, ParticipantRoleValue } from '../records.js';
import type { CallContext } from '../request-memo.js';
import { VendorNotFoundError, VendorProtocolError, VendorRejectedError } from '../vendor-errors.js';
import { BaseVendorDatasource, type BatchResult } from '../vendor.js';
import type { AlfaviewClient } from './client.js';
import {
  ALFAVIEW_MEETING_ROOM_TYPES,
  findPermissionGroupId,
  isMeetingRoom,
  permissionGroupName,
  reusableGroupLink,
  roomFromCreate,
  roomFromUpdate,
  roomStatus,
  roomsToArray,
  toJoinLink,
  toMeeting,
  toParticipants,
  type AlfaviewRoomEntry,
} from './mapper.js';
import { fetchRoomStatuses } from './room-status.js';
import type {
  AlfaviewCreateGroupLinksReply,
  AlfaviewGroupLink,
  AlfaviewListGroupLinksReply,
  AlfaviewPermissionGroup,
  AlfaviewPermissionGroupsReply,
  AlfaviewReply,
  AlfaviewRoom,
  AlfaviewRoomCreateReply,
  AlfaviewRoomListReply,
  AlfaviewRoomStatus,
} from './types.js';

/** Page size used to walk `roomService/list` (limit/offset) when every room is needed. */
export const ALFAVIEW_ROOM_PAGE_SIZE = 100;
/** Ids per `filterRoomIds` list call; a meetgraph page is far smaller. */
export const ALFAVIEW_BATCH_SIZE = 100;
/** A vendor that ignores `offset` would otherwise be walked forever. */
const MAX_ROOM_PAGES = 1_000;

/** Rooms as standing meetings, their live users and role links; no sessions or recordings (docs/vendors/alfaview.md). */
export function alfaviewCapabilities(): ReadonlySet<Capability> {
  return new Set<Capability>([
    'LIST_MEETINGS',
    'GET_MEETING',
    'CREATE_MEETING',
    'UPDATE_MEETING',
    'DELETE_MEETING',
    'START_SESSION',
    'CREATE_JOIN_LINK',
    'MEETING_PARTICIPANTS',
  ]);
}

export interface AlfaviewDatasourceOptions {
  connectionId: string;
  label: string | null;
  health: ConnectionHealth;
  client: AlfaviewClient;
  logger: Logger;
  /** meetgraph's clock: decides which existing join links are still valid. */
  now: () => Date;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * alfaview rooms as standing meetings. Reads are memoized PER RESOURCE (`<connectionId>:room:<id>`,
 * `<connectionId>:status:<id>`): a batch asks the vendor only for the ids nobody in this GraphQL request
 * asked for yet, in ONE call. So `meetingParticipants` after `listMeetings` reuses the page's status call,
 * and `getMeetings` after `listMeetings` reuses the rooms already listed.
 */
export class AlfaviewDatasource extends BaseVendorDatasource {
  readonly vendor = 'alfaview' as const;
  readonly capabilities: ReadonlySet<Capability> = alfaviewCapabilities();
  /** Permission groups change rarely: cached for the datasource's lifetime (per connection). */
  private permissionGroups: Promise<Record<string, AlfaviewPermissionGroup>> | null = null;
  /** Join links being found or created, per room/group/expiry: concurrent requests share one, never mint two. */
  private readonly linksInFlight = new Map<string, Promise<AlfaviewGroupLink>>();
  private readonly client: AlfaviewClient;
  private readonly logger: Logger;
  private readonly now: () => Date;

  constructor(options: AlfaviewDatasourceOptions) {
    super(options.connectionId, options.label, options.health);
    this.client = options.client;
    this.logger = options.logger;
    this.now = options.now;
  }

  /* ---------- batched, per-resource memoized reads ---------- */

  /**
   * Resolves each id through `ctx.memo` under `<prefix>:<id>`; the ids not memoized yet are loaded together
   * by `load` (one upstream call per chunk) and every one of them is memoized, found or not.
   */
  private async batchOnce<V>(
    ctx: CallContext,
    prefix: string,
    ids: readonly string[],
    load: (missing: string[]) => Promise<Map<string, V>>,
  ): Promise<Map<string, Settled<V | null>>> {
    const unique = [...new Set(ids)];
    const missing: string[] = [];
    let release!: (value: Map<string, V>) => void;
    let fail!: (error: unknown) => void;
    const batch = new Promise<Map<string, V>>((resolve, reject) => {
      release = resolve;
      fail = reject;
    });
    const pending = unique.map((id) =>
      ctx.memo.forConnection(this.connectionId).once(`${prefix}:${id}`, () => {
        missing.push(id);
        return batch.then((found) => found.get(id) ?? null);
      }),
    );
    if (missing.length > 0) {
      // The upstream call itself is a memo key too (`<prefix>-batch:<ids>`), so the vendor-call cache can keep it.
      const key = `${prefix}-batch:${[...missing].sort().join(',')}`;
      ctx.memo
        .forConnection(this.connectionId)
        .once(key, async () => [...(await load(missing))])
        .then((entries) => release(new Map(entries)), fail);
    }
    const settled = await Promise.allSettled(pending);
    const out = new Map<string, Settled<V | null>>();
    unique.forEach((id, i) => {
      const s = settled[i] as PromiseSettledResult<V | null>;
      out.set(
        id,
        s.status === 'fulfilled'
          ? { ok: true, value: s.value }
          : { ok: false, error: s.reason instanceof Error ? s.reason : new Error(String(s.reason)) },
      );
    });
    return out;
  }

  /** Every meeting room of the company, walking `roomService/list` by limit/offset (vendor order is not meetgraph's). */
  private async allRooms(ctx: CallContext): Promise<AlfaviewRoomEntry[]> {
    const memo = ctx.memo.forConnection(this.connectionId);
    const entries = await memo.once('rooms:all', async () => {
      const byId = new Map<string, AlfaviewRoom>();
      for (let page = 0; page < MAX_ROOM_PAGES; page += 1) {
        // docs/vendors/alfaview.md "Methods used": roomService/list — limit, offset, filterRoomTypes; reply rooms: { <roomId>: Room }
        const reply = await this.client.call<AlfaviewRoomListReply>(
          'roomService/list',
          { limit: ALFAVIEW_ROOM_PAGE_SIZE, offset: page * ALFAVIEW_ROOM_PAGE_SIZE, filterRoomTypes: [...ALFAVIEW_MEETING_ROOM_TYPES] },
          ctx,
        );
        const rooms = roomsToArray(reply.rooms);
        let added = 0;
        for (const { id, room } of rooms) {
          if (!byId.has(id)) added += 1;
          byId.set(id, room);
        }
        if (rooms.length < ALFAVIEW_ROOM_PAGE_SIZE || added === 0) break;
      }
      return [...byId].filter(([, room]) => isMeetingRoom(room)).map(([id, room]) => ({ id, room }));
    });
    // Later by-id lookups in this request reuse what the full listing returned (outside the load: a listing
    // served by the vendor-call cache primes them too).
    for (const entry of entries) memo.prime(`room:${entry.id}`, entry.room);
    return entries;
  }

  /** Rooms by id: ONE `roomService/list` call with `filterRoomIds` for all ids not yet known in this request. */
  private roomsById(ids: readonly string[], ctx: CallContext): Promise<Map<string, Settled<AlfaviewRoom | null>>> {
    return this.batchOnce<AlfaviewRoom>(ctx, 'room', ids, async (missing) => {
      const found = new Map<string, AlfaviewRoom>();
      for (const chunk of chunks(missing, ALFAVIEW_BATCH_SIZE)) {
        // docs/vendors/alfaview.md "Methods used": roomService/list — filterRoomIds[], filterRoomTypes[]
        const reply = await this.client.call<AlfaviewRoomListReply>(
          'roomService/list',
          { limit: chunk.length, offset: 0, filterRoomIds: chunk, filterRoomTypes: [...ALFAVIEW_MEETING_ROOM_TYPES] },
          ctx,
        );
        const wanted = new Set(chunk);
        for (const { id, room } of roomsToArray(reply.rooms)) if (wanted.has(id) && isMeetingRoom(room)) found.set(id, room);
      }
      return found;
    });
  }

  /** Live status of rooms: ONE batch status call (room-status.ts) for all rooms not yet asked in this request. */
  private statusOf(ids: readonly string[], ctx: CallContext): Promise<Map<string, Settled<AlfaviewRoomStatus | null>>> {
    return this.batchOnce<AlfaviewRoomStatus>(ctx, 'status', ids, (missing) => fetchRoomStatuses(this.client, missing, ctx));
  }

  /** LIVE/IDLE from the status reply; UNKNOWN only when status could not be asked (the list must not fail for it). */
  private statusValue(statuses: Map<string, Settled<AlfaviewRoomStatus | null>>, id: string): MeetingStatusValue {
    const s = statuses.get(id);
    if (!s || !s.ok) return 'UNKNOWN';
    return roomStatus(s.value);
  }

  private warnStatusFailure(statuses: Map<string, Settled<AlfaviewRoomStatus | null>>): void {
    const failed = [...statuses.values()].find((s): s is { ok: false; error: Error } => !s.ok);
    if (failed)
      this.logger.warn(
        { connectionId: this.connectionId, error: (failed.error as { code?: string }).code ?? failed.error.name },
        'alfaview room status unavailable; rooms shown as UNKNOWN',
      );
  }

  /* ---------- VendorDatasource ---------- */

  override async listMeetings(query: MeetingListQuery, ctx: CallContext): Promise<ListPage<MeetingRecord>> {
    // Every alfaview meeting is a ROOM: a kinds filter without ROOM needs no upstream call.
    if (query.kinds && !query.kinds.includes('ROOM')) return { items: [], hasMore: false };
    const rooms = await this.allRooms(ctx);
    if (query.statuses) {
      // Filtering by status needs every room's status to cut an exact page: still one status call.
      const statuses = await this.statusOf(
        rooms.map((r) => r.id),
        ctx,
      );
      this.warnStatusFailure(statuses);
      return pageMeetings(
        rooms.map((r) => toMeeting(r.id, r.room, this.statusValue(statuses, r.id))),
        query,
      );
    }
    // Status does not affect order or the other filters: cut the page first, then ask status for its rooms only.
    const page = pageMeetings(
      rooms.map((r) => toMeeting(r.id, r.room, 'UNKNOWN')),
      query,
    );
    if (page.items.length === 0) return page;
    const statuses = await this.statusOf(
      page.items.map((m) => m.nativeId),
      ctx,
    );
    this.warnStatusFailure(statuses);
    return { ...page, items: page.items.map((m) => ({ ...m, status: this.statusValue(statuses, m.nativeId) })) };
  }

  override async getMeetings(ids: readonly string[], ctx: CallContext): Promise<BatchResult<MeetingRecord | null>> {
    const rooms = await this.roomsById(ids, ctx);
    const found = [...rooms].filter(([, r]) => r.ok && r.value !== null).map(([id]) => id);
    const statuses = found.length > 0 ? await this.statusOf(found, ctx) : new Map<string, Settled<AlfaviewRoomStatus | null>>();
    this.warnStatusFailure(statuses);
    return ids.map((id) => {
      const r = rooms.get(id);
      if (!r) return null;
      if (!r.ok) return r.error;
      return r.value === null ? null : toMeeting(id, r.value, this.statusValue(statuses, id));
    });
  }

  override async meetingParticipants(ids: readonly string[], ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    const statuses = await this.statusOf(ids, ctx);
    return ids.map((id) => {
      const s = statuses.get(id);
      if (!s) return [];
      return s.ok ? toParticipants(id, s.value) : s.error;
    });
  }

  override async createMeeting(input: CreateMeetingCommand, ctx: CallContext): Promise<MeetingRecord> {
    const room = roomFromCreate(input);
    // docs/vendors/alfaview.md "Methods used": roomService/create — room: Room; reply roomId, room
    const reply = await this.client.call<AlfaviewRoomCreateReply>('roomService/create', { room }, ctx);
    ctx.memo.forConnection(this.connectionId).forget();
    if (typeof reply.roomId !== 'string' && typeof reply.roomId !== 'number')
      throw new VendorProtocolError(this.source, 'alfaview created a room without returning its id.');
    // A new room has nobody in it yet.
    return toMeeting(String(reply.roomId), reply.room ?? room, 'IDLE');
  }

  override async updateMeeting(meetingId: string, input: UpdateMeetingCommand, ctx: CallContext): Promise<MeetingRecord> {
    const current = await this.requireRoom(meetingId, ctx);
    const room = roomFromUpdate(current, input);
    // docs/vendors/alfaview.md "Methods used": roomService/update — roomId, room; reply replyInfo
    await this.client.call<AlfaviewReply>('roomService/update', { roomId: meetingId, room }, ctx);
    ctx.memo.forConnection(this.connectionId).forget();
    // The update is done: a read-back that fails must not report it as failed. Answer with what we sent.
    const known = toMeeting(meetingId, room, 'UNKNOWN');
    const [meeting] = await this.getMeetings([meetingId], ctx).catch(() => [known]);
    if (meeting instanceof Error || !meeting) {
      const line = 'room updated, read-back failed; answering with the values sent';
      this.logger.warn({ operation: 'roomService/update', requestId: ctx.requestId }, line);
      return known;
    }
    return meeting;
  }

  override async deleteMeeting(meetingId: string, ctx: CallContext): Promise<void> {
    // docs/vendors/alfaview.md "Methods used": roomService/destroy — roomId (also removes everyone in it)
    await this.client.call<AlfaviewReply>('roomService/destroy', { roomId: meetingId }, ctx);
    ctx.memo.forConnection(this.connectionId).forget();
  }

  /** An alfaview room is always open: "starting" it means getting the host's (Moderator group) link. */
  override async startSession(meetingId: string, input: StartSessionCommand, ctx: CallContext): Promise<JoinLinkRecord> {
    const refuse = (field: keyof StartSessionCommand, why: string): void => {
      if (input[field] !== null && input[field] !== undefined) throw new BadUserInputError(`input.${field}`, why);
    };
    refuse('attendeePassword', 'alfaview rooms use role links instead of passwords.');
    refuse('moderatorPassword', 'alfaview rooms use role links instead of passwords.');
    refuse('logoutUrl', 'alfaview has no logout URL for rooms.');
    refuse('title', 'alfaview rooms have no per-session title.');
    const description = input.hostName ? `Host link for ${input.hostName}` : 'Host link';
    return this.groupLink(meetingId, 'MODERATOR', description, null, ctx);
  }

  override async createJoinLink(meetingId: string, input: JoinLinkCommand, ctx: CallContext): Promise<JoinLinkRecord> {
    if (input.password !== null && input.password !== undefined)
      throw new BadUserInputError('input.password', 'alfaview join links carry no password; the link itself is the key.');
    permissionGroupName(input.role); // BAD_USER_INPUT for roles without a group, before any upstream call
    return this.groupLink(meetingId, input.role, input.displayName, input.expiresAt, ctx);
  }

  override async close(): Promise<void> {
    this.permissionGroups = null;
    this.linksInFlight.clear();
    this.client.reset();
  }

  /* ---------- helpers ---------- */

  private async requireRoom(id: string, ctx: CallContext): Promise<AlfaviewRoom> {
    const result = (await this.roomsById([id], ctx)).get(id);
    if (!result) throw new VendorNotFoundError(this.source, `alfaview has no room ${id}.`);
    if (!result.ok) throw result.error;
    if (result.value === null) throw new VendorNotFoundError(this.source, `alfaview has no room ${id}.`);
    return result.value;
  }

  private groups(ctx: CallContext): Promise<Record<string, AlfaviewPermissionGroup>> {
    if (!this.permissionGroups) {
      // docs/vendors/alfaview.md "Methods used": businessLogicService/permissionGroups/list
      // → permissionGroups: { <id>: { name, permissions } }
      this.permissionGroups = this.client
        .call<AlfaviewPermissionGroupsReply>('businessLogicService/permissionGroups/list', {}, ctx)
        .then((reply) => reply.permissionGroups ?? {});
      // A failure is not cached: the next call asks again.
      this.permissionGroups.catch(() => {
        this.permissionGroups = null;
      });
    }
    return this.permissionGroups;
  }

  /**
   * The room's link for the role's permission group: an existing one when it fits (mapper `reusableGroupLink`),
   * else a new one. The description of a reused link is whatever its creator wrote; the caller's is used only
   * when a link is created.
   */
  private async groupLink(
    roomId: string,
    role: ParticipantRoleValue,
    description: string,
    expiresAt: Date | null,
    ctx: CallContext,
  ): Promise<JoinLinkRecord> {
    const name = permissionGroupName(role);
    const permissionGroupId = findPermissionGroupId(await this.groups(ctx), name);
    if (!permissionGroupId) throw new VendorRejectedError(this.source, `The alfaview company has no permission group named "${name}".`);
    const key = `${roomId}:${permissionGroupId}:${expiresAt ? Math.floor(expiresAt.getTime() / 1000) : '-'}`;
    let pending = this.linksInFlight.get(key);
    if (!pending) {
      const started = this.findOrCreateLink(roomId, permissionGroupId, description, expiresAt, ctx);
      this.linksInFlight.set(key, started);
      const forget = (): void => {
        if (this.linksInFlight.get(key) === started) this.linksInFlight.delete(key);
      };
      started.then(forget, forget);
      pending = started;
    }
    const record = toJoinLink(await pending, role);
    if (!record) throw new VendorProtocolError(this.source, 'alfaview returned a group link without a joinLink.');
    return record;
  }

  private async findOrCreateLink(
    roomId: string,
    permissionGroupId: string,
    description: string,
    expiresAt: Date | null,
    ctx: CallContext,
  ): Promise<AlfaviewGroupLink> {
    // docs/vendors/alfaview.md "Join links": guestService.v2/listGroupLinks — roomId; reply groupLinks[]
    const listed = await this.client.call<AlfaviewListGroupLinksReply>('guestService.v2/listGroupLinks', { roomId }, ctx);
    const existing = reusableGroupLink(listed.groupLinks, permissionGroupId, expiresAt, this.now());
    if (existing) return existing;
    const creation = { description, permissionGroupId, ...(expiresAt ? { validUntil: expiresAt.toISOString() } : {}) };
    // docs/vendors/alfaview.md "Join links": guestService.v2/createGroupLinks — roomId, groupLinkCreations[]; reply groupLinks[]
    const body = { roomId, groupLinkCreations: [creation] };
    const reply = await this.client.call<AlfaviewCreateGroupLinksReply>('guestService.v2/createGroupLinks', body, ctx);
    const links = reply.groupLinks ?? [];
    const ofGroup = (l: AlfaviewGroupLink): boolean =>
      l.permissionGroupId === undefined || String(l.permissionGroupId) === permissionGroupId;
    const link = links.find((l) => l && ofGroup(l)) ?? links[0];
    if (!link) throw new VendorProtocolError(this.source, 'alfaview created no group link.');
    return link;
  }
}
