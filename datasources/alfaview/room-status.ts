import type { CallContext } from '../request-memo.js';
import type { AlfaviewClient } from './client.js';
import { entriesOf } from './mapper.js';
import type { AlfaviewRoomStatus, AlfaviewRoomStatusReply } from './types.js';

/**
 * The one place that asks alfaview who is in its rooms (docs/vendors/alfaview.md "Room status").
 *
 * `roomService/status` is marked deprecated in alfaview's public SDK ("use 'Status' call in the roomStateService",
 * https://github.com/alfatraining/alfaview-php-sdk/blob/master/docs/Api/RoomServiceApi.md), but the vendor's
 * published API page lists no room-state service for JSON API v1, so meetgraph keeps the call until it does.
 * Everything else in meetgraph sees only `fetchRoomStatuses` and the `AlfaviewRoomStatus` shape it returns
 * (users by id with `online`, `displayName`, `isGuest`, `isSpectator`): moving to the successor changes this file.
 */
export const ALFAVIEW_ROOM_STATUS_METHOD = 'roomService/status';

/** Room ids per status call; a meetgraph page is far smaller. */
export const ALFAVIEW_STATUS_BATCH_SIZE = 100;

/**
 * Who is in each room, for many rooms at once (the call is a batch: `roomIds[]`). A room the vendor leaves out
 * of the reply is absent from the map: nobody is in it, or it does not exist.
 */
export async function fetchRoomStatuses(
  client: AlfaviewClient,
  roomIds: readonly string[],
  ctx: CallContext,
): Promise<Map<string, AlfaviewRoomStatus>> {
  const found = new Map<string, AlfaviewRoomStatus>();
  for (let i = 0; i < roomIds.length; i += ALFAVIEW_STATUS_BATCH_SIZE) {
    const chunk = roomIds.slice(i, i + ALFAVIEW_STATUS_BATCH_SIZE);
    // docs/vendors/alfaview.md "Room status": roomService/status — roomIds[]; reply rooms: { <roomId>: { users: { <userId>: … } } }
    const reply = await client.call<AlfaviewRoomStatusReply>(ALFAVIEW_ROOM_STATUS_METHOD, { roomIds: chunk }, ctx);
    for (const { id, value } of entriesOf(reply.rooms)) found.set(id, value);
  }
  return found;
}
