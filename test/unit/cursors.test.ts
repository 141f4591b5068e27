import { decodeCursor, decodeOffsetCursor, encodeCursor, encodeOffsetCursor, queryFingerprint } from '../../src/cursors.js';

/** A cursor's payload as a client could forge it: base64url of any JSON. */
const forge = (payload: unknown): string => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
const payloadOf = (cursor: string): Record<string, unknown> => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));

describe('cursors', () => {
  const fingerprint = queryFingerprint('meetings', { status: ['LIVE'], connections: ['alfa', 'vc'] });

  describe('round trip', () => {
    it('gives back every connection’s offset, zero included', () => {
      const offsets = { alfa: 3, vc: 0, 'allo-2_x': 1234 };
      expect(decodeCursor(encodeCursor({ fingerprint, offsets }), fingerprint)).toEqual({ fingerprint, offsets });
    });

    it('round-trips an empty offset map (no connection consumed yet)', () => {
      expect(decodeCursor(encodeCursor({ fingerprint, offsets: {} }), fingerprint).offsets).toEqual({});
    });

    it('is opaque and URL-safe', () => {
      const cursor = encodeCursor({ fingerprint, offsets: { alfa: 3 } });
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursor).not.toContain('alfa');
    });

    it('encodes single-connection offsets for nested lists', () => {
      const nested = queryFingerprint('Meeting.sessions', { meeting: 'Meeting:vc:1' });
      expect(decodeOffsetCursor(encodeOffsetCursor(nested, 7), nested)).toBe(7);
      expect(decodeOffsetCursor(encodeOffsetCursor(nested, 0), nested)).toBe(0);
      expect(() => decodeOffsetCursor(encodeOffsetCursor(nested, 7), fingerprint, 'sessions.after')).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'sessions.after' }),
      );
    });
  });

  describe('fingerprints', () => {
    it('are stable for one list and query, and differ by list, by filter and by selected connections', () => {
      expect(queryFingerprint('meetings', { status: ['LIVE'], connections: ['alfa', 'vc'] })).toBe(fingerprint);
      const others = [
        queryFingerprint('sessions', { status: ['LIVE'], connections: ['alfa', 'vc'] }),
        queryFingerprint('meetings', { status: ['IDLE'], connections: ['alfa', 'vc'] }),
        queryFingerprint('meetings', { status: ['LIVE'], connections: ['alfa'] }),
        queryFingerprint('meetings', { status: ['LIVE'], connections: ['alfa', 'vc'], order: 'TITLE_ASC' }),
      ];
      expect(new Set([fingerprint, ...others]).size).toBe(others.length + 1);
    });

    it('refuses a cursor of another list, filter or connection set, naming the argument', () => {
      const cursor = encodeCursor({ fingerprint, offsets: { alfa: 1 } });
      for (const other of [
        queryFingerprint('sessions', { status: ['LIVE'], connections: ['alfa', 'vc'] }),
        queryFingerprint('meetings', { status: ['IDLE'], connections: ['alfa', 'vc'] }),
        queryFingerprint('meetings', { status: ['LIVE'], connections: ['alfa'] }),
      ]) {
        expect(() => decodeCursor(cursor, other, 'after')).toThrow(
          expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after', message: expect.stringMatching(/different filter/) }),
        );
      }
    });
  });

  describe('tampering', () => {
    const genuine = encodeCursor({ fingerprint, offsets: { alfa: 2, vc: 1 } });

    it.each([
      ['a negative offset', { o: { alfa: -1 } }],
      ['a fractional offset', { o: { alfa: 1.5 } }],
      ['a string offset', { o: { alfa: '3' } }],
      ['a null offset', { o: { alfa: null } }],
      ['offsets that are not a map', { o: 5 }],
      ['missing offsets', { o: undefined }],
      ['another version', { v: 2 }],
      ['no version', { v: undefined }],
      ['a numeric fingerprint', { f: 12 }],
    ])('refuses a genuine cursor edited to carry %s', (_what, edit) => {
      const cursor = forge({ ...payloadOf(genuine), ...edit });
      expect(() => decodeCursor(cursor, fingerprint)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }));
    });

    it('refuses a cursor whose fingerprint was swapped for another query’s', () => {
      const cursor = forge({ ...payloadOf(genuine), f: queryFingerprint('meetings', { status: ['IDLE'] }) });
      expect(() => decodeCursor(cursor, fingerprint)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    });
  });

  describe('garbage', () => {
    it.each([
      ['empty', ''],
      ['not base64 JSON', 'x'],
      ['plain text', 'not a cursor at all'],
      ['JSON null', forge(null)],
      ['a JSON number', forge(42)],
      ['a JSON string', forge('cursor')],
      ['a JSON array', forge([1, 'f', {}])],
      ['an empty object', forge({})],
      ['a version only', forge({ v: 1 })],
      ['a truncated genuine cursor', encodeCursor({ fingerprint, offsets: { alfa: 2 } }).slice(0, -6)],
    ])('refuses %s as BAD_USER_INPUT naming the field', (_what, cursor) => {
      expect(() => decodeCursor(cursor, fingerprint, 'sessions.after')).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'sessions.after' }),
      );
    });

    it('does not echo the cursor back in the message', () => {
      const cursor = forge({ v: 1, f: 'secret-looking-value', o: { a: -1 } });
      expect(() => decodeCursor(cursor, fingerprint)).toThrow(expect.not.objectContaining({ message: expect.stringContaining(cursor) }));
    });
  });
});
