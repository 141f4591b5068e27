import { parseGlobalId, toGlobalId } from '../../src/ids.js';

describe('global ids', () => {
  it('round-trips native ids with reserved characters', () => {
    const native = 'a:b/c?d=e f%';
    const id = toGlobalId('Meeting', 'allo-1', native);
    expect(id).toBe('Meeting:allo-1:a%3Ab%2Fc%3Fd%3De%20f%25');
    expect(parseGlobalId(id, 'id')).toEqual({ type: 'Meeting', connectionId: 'allo-1', nativeId: native });
  });

  it.each(['', 'Meeting', 'Meeting:', 'Meeting:conn', 'Meeting:conn:', ':conn:x', 'Meeting::x'])('rejects the malformed id %p as BAD_USER_INPUT naming the field', (id) => {
    expect(() => parseGlobalId(id, 'meetingId')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'meetingId' }));
  });

  it('rejects unknown types, foreign types and broken encodings', () => {
    expect(() => parseGlobalId('Widget:c:1', 'id')).toThrow(/unknown type/);
    expect(() => parseGlobalId('Session:c:1', 'id', 'Meeting')).toThrow(/expected a Meeting id, got a Session id/);
    expect(() => parseGlobalId('Meeting:c:%E0%A4%A', 'id')).toThrow(/malformed/);
  });
});
