import { decodeCursor, encodeCursor, queryFingerprint } from '../../src/cursors.js';

describe('cursors', () => {
  const fingerprint = queryFingerprint('meetings', { status: ['LIVE'] });

  it('round-trips per-connection offsets', () => {
    const cursor = encodeCursor({ fingerprint, offsets: { alfa: 3, vc: 0 } });
    expect(decodeCursor(cursor, fingerprint)).toEqual({ fingerprint, offsets: { alfa: 3, vc: 0 } });
  });

  it('binds a cursor to its list and filter', () => {
    const cursor = encodeCursor({ fingerprint, offsets: { alfa: 1 } });
    expect(queryFingerprint('meetings', { status: ['IDLE'] })).not.toBe(fingerprint);
    expect(queryFingerprint('sessions', { status: ['LIVE'] })).not.toBe(fingerprint);
    expect(() => decodeCursor(cursor, queryFingerprint('meetings', { status: ['IDLE'] }))).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }));
  });

  it.each(['', 'x', Buffer.from('{"v":1}').toString('base64url'), Buffer.from(JSON.stringify({ v: 1, f: 'f', o: { a: -1 } })).toString('base64url')])('refuses the forged cursor %p', (cursor) => {
    expect(() => decodeCursor(cursor, 'f')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
