import { connectionGlobalId, NODE_TYPES, parseGlobalId, toGlobalId } from '../../src/ids.js';

describe('global ids', () => {
  it('round-trips native ids with reserved characters', () => {
    const native = 'a:b/c?d=e f%';
    const id = toGlobalId('Meeting', 'allo-1', native);
    expect(id).toBe('Meeting:allo-1:a%3Ab%2Fc%3Fd%3De%20f%25');
    expect(parseGlobalId(id, 'id')).toEqual({ type: 'Meeting', connectionId: 'allo-1', nativeId: native });
  });

  it.each([
    ['already percent-encoded', 'room%2F1'],
    ['non-ASCII', 'Besprechungsraum-München-会議'],
    ['an emoji', 'room-🎥'],
    ['only colons', ':::'],
    ['leading and trailing spaces', '  42  '],
    ['a long one', 'x'.repeat(480)],
  ])('round-trips a native id that is %s, for every node type', (_what, native) => {
    for (const type of NODE_TYPES) {
      expect(parseGlobalId(toGlobalId(type, 'c_1', native), 'id')).toEqual({ type, connectionId: 'c_1', nativeId: native });
    }
  });

  it('builds a connection’s id from its connection id alone', () => {
    expect(connectionGlobalId('vconnct-demo')).toBe('VendorConnection:vconnct-demo:vconnct-demo');
    expect(parseGlobalId(connectionGlobalId('vconnct-demo'), 'id', 'VendorConnection')).toEqual({
      type: 'VendorConnection',
      connectionId: 'vconnct-demo',
      nativeId: 'vconnct-demo',
    });
  });

  it.each(['', 'Meeting', 'Meeting:', 'Meeting:conn', 'Meeting:conn:', ':conn:x', 'Meeting::x', '::', ':::'])(
    'rejects the malformed id %p as BAD_USER_INPUT naming the field',
    (id) => {
      expect(() => parseGlobalId(id, 'meetingId')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'meetingId' }));
    },
  );

  it('rejects unknown types, foreign types and broken encodings', () => {
    expect(() => parseGlobalId('Widget:c:1', 'id')).toThrow(/unknown type/);
    expect(() => parseGlobalId('Session:c:1', 'id', 'Meeting')).toThrow(/expected a Meeting id, got a Session id/);
    expect(() => parseGlobalId('Meeting:c:%E0%A4%A', 'id')).toThrow(/malformed/);
  });

  it('matches type names exactly: case and inherited property names are not types', () => {
    for (const id of ['meeting:c:1', 'MEETING:c:1', 'toString:c:1', 'constructor:c:1', '__proto__:c:1']) {
      expect(() => parseGlobalId(id, 'id')).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/unknown type/) }),
      );
    }
  });

  it('accepts any of several expected types and names them all when none matches', () => {
    expect(parseGlobalId('Recording:c:1', 'id', ['Meeting', 'Recording']).type).toBe('Recording');
    expect(() => parseGlobalId('Session:c:1', 'id', ['Meeting', 'Recording'])).toThrow(
      /expected a Meeting or Recording id, got a Session id/,
    );
  });

  it('keeps a colon in the native part with the native part (split at the first two colons only)', () => {
    expect(parseGlobalId('Meeting:c:a:b', 'id')).toEqual({ type: 'Meeting', connectionId: 'c', nativeId: 'a:b' });
  });

  it('quotes a malformed id only in part, so error messages stay short', () => {
    const long = `Widget:c:${'y'.repeat(400)}`;
    let message = '';
    try {
      parseGlobalId(long, 'id');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/unknown type/);
    expect(message.length).toBeLessThan(300);
    expect(message).not.toContain('y'.repeat(100));
  });

  it('refuses an id over the length limit without echoing it', () => {
    const huge = `Meeting:c:${'y'.repeat(5000)}`;
    expect(() => parseGlobalId(huge, 'id')).toThrow(/^id: must be at most 512 characters \(got 5010\)\.$/);
  });
});
