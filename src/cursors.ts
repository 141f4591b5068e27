import { createHash } from 'node:crypto';
import { BadUserInputError } from '../core/errors.js';

/**
 * Opaque list cursors. A cursor records, per connection, how many of that connection's items have been
 * consumed, plus a fingerprint of the query it belongs to, so the next page is exact and a cursor replayed
 * against another filter or order is refused instead of silently skipping items.
 */
export interface CursorState {
  /** Which list and which filter/order it was issued for. */
  fingerprint: string;
  offsets: Record<string, number>;
  /** The connection of the item the cursor points at, so `before` can leave exactly that item out. */
  last?: string;
}

const VERSION = 1;

export function queryFingerprint(list: string, query: unknown): string {
  return createHash('sha256').update(list).update('\0').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

export function encodeCursor(state: CursorState): string {
  const payload = { v: VERSION, f: state.fingerprint, o: state.offsets, ...(state.last === undefined ? {} : { l: state.last }) };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, expectedFingerprint: string, field = 'after'): CursorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadUserInputError(field, 'is not a cursor returned by this list.');
  }
  if (!isCursorPayload(parsed)) throw new BadUserInputError(field, 'is not a cursor returned by this list.');
  if (parsed.f !== expectedFingerprint) {
    throw new BadUserInputError(field, `belongs to a different filter, order or set of connections; start again without \`${field}\`.`);
  }
  return { fingerprint: parsed.f, offsets: parsed.o, ...(typeof parsed.l === 'string' ? { last: parsed.l } : {}) };
}

function isCursorPayload(value: unknown): value is { v: number; f: string; o: Record<string, number>; l?: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.v !== VERSION || typeof v.f !== 'string' || typeof v.o !== 'object' || v.o === null) return false;
  if (v.l !== undefined && typeof v.l !== 'string') return false;
  return Object.values(v.o as Record<string, unknown>).every((n) => Number.isInteger(n) && (n as number) >= 0);
}

/** Simple offset cursors for single-connection nested lists (Meeting.sessions). */
export function encodeOffsetCursor(fingerprint: string, offset: number): string {
  return encodeCursor({ fingerprint, offsets: { '': offset } });
}

export function decodeOffsetCursor(cursor: string, fingerprint: string, field = 'after'): number {
  return decodeCursor(cursor, fingerprint, field).offsets[''] ?? 0;
}
