import { createHash } from 'node:crypto';
import { BadUserInputError } from './errors.js';

/**
 * Opaque list cursors. A cursor records, per connection, how many of that connection's items have been
 * consumed, plus a fingerprint of the query it belongs to, so the next page is exact and a cursor replayed
 * against another filter or order is refused instead of silently skipping items.
 */
export interface CursorState {
  /** Which list and which filter/order it was issued for. */
  fingerprint: string;
  offsets: Record<string, number>;
}

const VERSION = 1;

export function queryFingerprint(list: string, query: unknown): string {
  return createHash('sha256').update(list).update('\0').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify({ v: VERSION, f: state.fingerprint, o: state.offsets }), 'utf8').toString('base64url');
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
    throw new BadUserInputError(field, 'belongs to a different filter or order; start again without `after`.');
  }
  return { fingerprint: parsed.f, offsets: parsed.o };
}

function isCursorPayload(value: unknown): value is { v: number; f: string; o: Record<string, number> } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.v !== VERSION || typeof v.f !== 'string' || typeof v.o !== 'object' || v.o === null) return false;
  return Object.values(v.o as Record<string, unknown>).every((n) => Number.isInteger(n) && (n as number) >= 0);
}

/** Simple offset cursors for single-connection nested lists (Meeting.sessions). */
export function encodeOffsetCursor(fingerprint: string, offset: number): string {
  return encodeCursor({ fingerprint, offsets: { '': offset } });
}

export function decodeOffsetCursor(cursor: string, fingerprint: string, field = 'after'): number {
  return decodeCursor(cursor, fingerprint, field).offsets[''] ?? 0;
}
