import type { ParticipantRoleValue } from '../../datasources/records.js';

/** Who is in one room at one sample. `key` identifies a person within the room (vendor user id, or name). */
export interface RoomPresence {
  roomId: string;
  roomTitle: string | null;
  present: ReadonlyArray<{ key: string; displayName: string | null; role: ParticipantRoleValue }>;
}

/** One sample of every room's presence, taken at `at`. */
export interface PresenceSample {
  at: Date;
  rooms: readonly RoomPresence[];
  /** The sample covers every room: a room missing from it is empty (deleted or nobody there). */
  complete: boolean;
}

/** What the store holds open before the sample: each room's open session and who is in it. */
export interface OpenRoom {
  roomId: string;
  sessionId: string;
  participants: ReadonlyArray<{ key: string; joinedAt: Date }>;
}

export type PresenceChange =
  | { kind: 'openSession'; roomId: string; roomTitle: string | null; sessionId: string; at: Date }
  | { kind: 'closeSession'; sessionId: string; at: Date }
  | { kind: 'join'; sessionId: string; key: string; displayName: string | null; role: ParticipantRoleValue; at: Date }
  | { kind: 'leave'; sessionId: string; key: string; joinedAt: Date; at: Date };

/** A session's id: its room and the moment it was first seen occupied (unique per room, stable on replay). */
export function roomSessionId(roomId: string, startedAt: Date): string {
  return `${roomId}@${startedAt.toISOString()}`;
}

/**
 * The changes that turn the open state into the sample: a room becomes occupied → a session opens; a person
 * appears → they join; disappears → they leave; a room empties → everyone still in it leaves and the session
 * closes. Pure, so replaying a sample the store already reflects yields no change (idempotent).
 */
export function presenceChanges(open: readonly OpenRoom[], sample: PresenceSample): PresenceChange[] {
  const changes: PresenceChange[] = [];
  const at = sample.at;
  const openByRoom = new Map(open.map((o) => [o.roomId, o]));
  const sampled = new Map(sample.rooms.map((r) => [r.roomId, r]));
  for (const room of sample.rooms) {
    const current = openByRoom.get(room.roomId);
    const present = new Map(room.present.map((p) => [p.key, p]));
    if (present.size === 0) {
      if (current) closeRoom(current, at, changes);
      continue;
    }
    const sessionId = current?.sessionId ?? roomSessionId(room.roomId, at);
    if (!current) changes.push({ kind: 'openSession', roomId: room.roomId, roomTitle: room.roomTitle, sessionId, at });
    const inside = new Set(current?.participants.map((p) => p.key) ?? []);
    for (const p of current?.participants ?? []) {
      if (!present.has(p.key)) changes.push({ kind: 'leave', sessionId, key: p.key, joinedAt: p.joinedAt, at });
    }
    for (const p of room.present) {
      if (!inside.has(p.key)) changes.push({ kind: 'join', sessionId, key: p.key, displayName: p.displayName, role: p.role, at });
    }
  }
  if (sample.complete) for (const current of open) if (!sampled.has(current.roomId)) closeRoom(current, at, changes);
  return changes;
}

function closeRoom(current: OpenRoom, at: Date, changes: PresenceChange[]): void {
  for (const p of current.participants) changes.push({ kind: 'leave', sessionId: current.sessionId, key: p.key, joinedAt: p.joinedAt, at });
  changes.push({ kind: 'closeSession', sessionId: current.sessionId, at });
}
