import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alfaviewVendorError, classifyAlfaviewFailure, replyInfoFailed } from '../../datasources/alfaview/client.js';
import {
  findPermissionGroupId,
  isMeetingRoom,
  parseAlfaviewTime,
  permissionGroupName,
  reusableGroupLink,
  roomFromCreate,
  roomFromUpdate,
  roomStatus,
  roomsToArray,
  toJoinLink,
  toMeeting,
  toParticipants,
} from '../../datasources/alfaview/mapper.js';
import type {
  AlfaviewAuthenticateReply,
  AlfaviewCreateGroupLinksReply,
  AlfaviewErrorBody,
  AlfaviewPermissionGroupsReply,
  AlfaviewReply,
  AlfaviewRoomListReply,
  AlfaviewRoomStatusReply,
} from '../../datasources/alfaview/types.js';
import type { CreateMeetingCommand } from '../../datasources/commands.js';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/alfaview', name), 'utf8')) as T;
}

const source = { vendor: 'alfaview' as const, connectionId: 'alfa' };

function createCommand(overrides: Partial<CreateMeetingCommand> = {}): CreateMeetingCommand {
  return {
    kind: null,
    title: 'Weekly sync',
    description: null,
    startsAt: null,
    endsAt: null,
    durationMinutes: null,
    timezone: null,
    settings: null,
    participants: null,
    moderatorPassword: null,
    recorded: null,
    ...overrides,
  };
}

describe('alfaview replies and errors (published page examples)', () => {
  it('accepts the documented success replyInfo', () => {
    const reply = fixture<AlfaviewReply>('reply-ok.json');
    expect(reply.replyInfo).toBeDefined();
    expect(replyInfoFailed(reply.replyInfo!)).toBe(false);
  });

  it('treats a statusCode other than OK, or a statusMessage other than OK, as a failure', () => {
    expect(replyInfoFailed({ requestId: 'x', statusCode: 'OK', statusMessage: 'OK' })).toBe(false);
    expect(replyInfoFailed({ requestId: 'x', statusCode: 'ROOM_NOT_FOUND', statusMessage: 'room not found' })).toBe(true);
    expect(replyInfoFailed({ requestId: 'x', statusMessage: 'token expired' })).toBe(true);
  });

  it('classifies the documented "token expired" body as TOKEN_OUTDATED and surfaces it as VENDOR_AUTH_FAILED', () => {
    const body = fixture<AlfaviewErrorBody>('error-token-expired.json');
    const detail = body.details![0]!;
    const kind = classifyAlfaviewFailure(detail.statusCode ?? null, body.message ?? null, body.code ?? null);
    expect(kind).toBe('TOKEN_OUTDATED');
    const error = alfaviewVendorError(source, {
      kind,
      statusCode: detail.statusCode ?? null,
      message: body.message ?? null,
      grpcCode: 16,
      httpStatus: 401,
      retryAfterSeconds: null,
    });
    expect(error.code).toBe('VENDOR_AUTH_FAILED');
    expect(error.message).toContain('TOKEN_OUTDATED');
  });

  it.each([
    ['AUTHENTICATION_ERROR', 16, 'VENDOR_AUTH_FAILED'],
    ['INSUFFICIENT_PERMISSIONS', 7, 'FORBIDDEN'],
    ['PERMISSION_DENIED', 7, 'FORBIDDEN'],
    ['NOT_FOUND', 5, 'NOT_FOUND'],
    ['ROOM_NOT_FOUND', 5, 'NOT_FOUND'],
    ['QUOTA_EXCEEDED', 8, 'VENDOR_QUOTA_EXCEEDED'],
    ['OUT_OF_SLOTS_ROOMS', 8, 'VENDOR_QUOTA_EXCEEDED'],
    ['OUT_OF_SLOTS_PARTICIPANTS', 8, 'VENDOR_QUOTA_EXCEEDED'],
    ['RESOURCE_EXHAUSTED', 8, 'VENDOR_QUOTA_EXCEEDED'],
    ['INVALID_ARGUMENT', 3, 'VENDOR_REJECTED'],
    ['ROOM_INVALID', 3, 'VENDOR_REJECTED'],
    ['UNAVAILABLE', 14, 'VENDOR_UNAVAILABLE'],
    ['DEADLINE_EXCEEDED', 4, 'VENDOR_TIMEOUT'],
  ])('maps statusCode %s (gRPC %i) to %s', (statusCode, grpcCode, expected) => {
    const kind = classifyAlfaviewFailure(statusCode, 'some text', grpcCode);
    expect(
      alfaviewVendorError(source, { kind, statusCode, message: 'some text', grpcCode, httpStatus: 400, retryAfterSeconds: null }).code,
    ).toBe(expected);
  });

  it('tells a rate limit (gRPC 8 / HTTP 429) from an exhausted quota', () => {
    expect(classifyAlfaviewFailure('RESOURCE_EXHAUSTED', 'rate limit exceeded', 8)).toBe('RATE_LIMITED');
    expect(classifyAlfaviewFailure(null, 'slow down', 8)).toBe('RATE_LIMITED');
    expect(classifyAlfaviewFailure('OUT_OF_SLOTS_ROOMS', 'out of room slots', 8)).toBe('QUOTA');
    const error = alfaviewVendorError(source, {
      kind: 'RATE_LIMITED',
      statusCode: null,
      message: null,
      grpcCode: 8,
      httpStatus: 429,
      retryAfterSeconds: 7,
    });
    expect(error.code).toBe('VENDOR_RATE_LIMITED');
    expect(error.retryAfterSeconds).toBe(7);
  });

  it('recognises "context deadline exceeded" by its text alone', () => {
    expect(classifyAlfaviewFailure(null, 'rpc error: context deadline exceeded', null)).toBe('DEADLINE');
  });
});

describe('alfaview mapper', () => {
  const now = new Date('2025-07-03T10:00:00Z');

  it('turns the rooms map (int64 ids as strings) into an array without losing digits', () => {
    const entries = roomsToArray(fixture<AlfaviewRoomListReply>('room-list.json').rooms);
    expect(entries.map((e) => e.id).sort()).toEqual(['9007199254740999', '9007199254741001', '9007199254741002']);
    expect(
      entries
        .filter((e) => isMeetingRoom(e.room))
        .map((e) => e.id)
        .sort(),
    ).toEqual(['9007199254741001', '9007199254741002']);
  });

  it('maps a room to a standing ROOM meeting', () => {
    const rooms = fixture<AlfaviewRoomListReply>('room-list.json').rooms!;
    const meeting = toMeeting('9007199254741001', rooms['9007199254741001']!, 'LIVE');
    expect(meeting).toMatchObject({
      nativeId: '9007199254741001',
      kind: 'ROOM',
      title: 'Daily Stand-up',
      status: 'LIVE',
      startsAt: null,
      endsAt: null,
      joinUrl: null,
      createdAt: new Date('2025-06-30T08:00:00Z'),
    });
    expect(meeting.settings).toEqual(
      expect.arrayContaining([
        { name: 'activeParticipants', value: 50 },
        { name: 'subRooms', value: 10 },
        { name: 'parentId', value: '9007199254740999' },
      ]),
    );
    expect(meeting.raw).toMatchObject({ roomId: '9007199254741001', displayName: 'Daily Stand-up' });
    // Sparse protobuf-JSON: quotas as strings, no type, no createdAt.
    const sparse = toMeeting('9007199254741002', rooms['9007199254741002']!, 'IDLE');
    expect(sparse.createdAt).toBeNull();
    expect(sparse.settings).toEqual(expect.arrayContaining([{ name: 'activeParticipants', value: 25 }]));
    expect(toMeeting('5', {}, 'UNKNOWN').title).toBe('Room 5');
  });

  it('derives LIVE/IDLE and participants from roomService/status', () => {
    const status = fixture<AlfaviewRoomStatusReply>('room-status.json').rooms!;
    expect(roomStatus(status['9007199254741001'])).toBe('LIVE');
    expect(roomStatus(status['9007199254741002'])).toBe('IDLE');
    expect(roomStatus(undefined)).toBe('IDLE');
    const participants = toParticipants('9007199254741001', status['9007199254741001']);
    // The user without `online` (protobuf omits false) is not a live participant.
    expect(participants.map((p) => [p.displayName, p.role, p.presence])).toEqual([
      ['Anna Becker', 'PARTICIPANT', 'ONLINE'],
      ['Priya Nair', 'PARTICIPANT', 'ONLINE'],
      ['Observer', 'SPECTATOR', 'ONLINE'],
    ]);
    expect(participants[0]!.nativeId).toBe('9007199254741001:9007199254742001');
    expect(participants[1]!.raw).toMatchObject({ isGuest: true, userId: '9007199254742002' });
    expect(participants[0]!.raw).toMatchObject({ isGuest: false });
  });

  it('finds permission groups by name and maps roles', () => {
    const groups = fixture<AlfaviewPermissionGroupsReply>('permission-groups.json').permissionGroups;
    expect(findPermissionGroupId(groups, permissionGroupName('MODERATOR'))).toBe('101');
    expect(findPermissionGroupId(groups, permissionGroupName('PARTICIPANT'))).toBe('102');
    expect(findPermissionGroupId(groups, permissionGroupName('SPECTATOR'))).toBe('103');
    expect(findPermissionGroupId(groups, 'Presenter')).toBeNull();
    expect(() => permissionGroupName('AGENT')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.role' }));
  });

  it('maps a group link to a join link (url = joinLink, expiresAt = validUntil)', () => {
    const link = fixture<AlfaviewCreateGroupLinksReply>('group-links.json').groupLinks![0]!;
    expect(toJoinLink(link, 'PARTICIPANT')).toEqual({
      url: 'https://app.alfaview.com/#/join/4711/9007199254741001/c2a1f0e9d8b7a6c5/v2',
      role: 'PARTICIPANT',
      expiresAt: new Date('2025-07-10T09:00:00Z'),
    });
    expect(toJoinLink({ id: '1' }, 'PARTICIPANT')).toBeNull();
  });

  it('parses alfaview times in both documented spellings', () => {
    const auth = fixture<AlfaviewAuthenticateReply>('authenticate.json');
    expect(parseAlfaviewTime(auth.expiresAt)).toEqual(new Date(1751540400 * 1000));
    expect(parseAlfaviewTime('2025-07-03T10:00:00Z')).toEqual(now);
    expect(parseAlfaviewTime(String(now.getTime()))).toEqual(now);
    expect(parseAlfaviewTime('not a date')).toBeNull();
    expect(parseAlfaviewTime(undefined)).toBeNull();
  });

  it('builds rooms from write inputs and refuses what a standing room cannot hold', () => {
    expect(roomFromCreate(createCommand({ settings: [{ name: 'activeParticipants', value: 30 }] }))).toEqual({
      displayName: 'Weekly sync',
      type: 'ROOM_TYPE_ROOM',
      quotas: { activeParticipants: 30 },
    });
    expect(() => roomFromCreate(createCommand({ startsAt: now }))).toThrow(expect.objectContaining({ field: 'input.startsAt' }));
    expect(() => roomFromCreate(createCommand({ kind: 'SCHEDULED' }))).toThrow(expect.objectContaining({ field: 'input.kind' }));
    expect(() => roomFromCreate(createCommand({ recorded: true }))).toThrow(expect.objectContaining({ field: 'input.recorded' }));
    expect(() => roomFromCreate(createCommand({ settings: [{ name: 'lobby', value: true }] }))).toThrow(
      expect.objectContaining({ field: 'input.settings' }),
    );
    const updated = roomFromUpdate(
      { displayName: 'Old', type: 'ROOM_TYPE_ROOM', createdAt: '2025-01-01T00:00:00Z', createdBy: '1', quotas: { subRooms: 2 } },
      { title: 'New' },
    );
    expect(updated).toEqual({ displayName: 'New', type: 'ROOM_TYPE_ROOM', quotas: { subRooms: 2 } });
  });
});

describe('alfaview reusableGroupLink (the SDK GroupLink shape, as in group-links.json)', () => {
  const [link] = fixture<AlfaviewCreateGroupLinksReply>('group-links.json').groupLinks!;
  const sample = link!;
  const inside = new Date('2025-07-05T12:00:00Z');
  const until = new Date('2025-07-10T09:00:00Z');

  it('reuses a valid link of the same group and the same expiry (to the second)', () => {
    expect(reusableGroupLink([sample], '102', until, inside)).toBe(sample);
    expect(reusableGroupLink([sample], '102', new Date(until.getTime() + 400), inside)).toBe(sample);
  });

  it('never reuses another group, another expiry, a link not yet valid or no longer valid', () => {
    expect(reusableGroupLink([sample], '103', until, inside)).toBeNull();
    expect(reusableGroupLink([sample], '102', null, inside)).toBeNull(); // asked for a permanent link, this one expires
    expect(reusableGroupLink([sample], '102', new Date('2025-07-11T09:00:00Z'), inside)).toBeNull();
    expect(reusableGroupLink([sample], '102', until, new Date('2025-07-03T08:00:00Z'))).toBeNull();
    expect(reusableGroupLink([sample], '102', until, until)).toBeNull();
    expect(reusableGroupLink([{ ...sample, joinLink: '' }], '102', until, inside)).toBeNull();
    expect(reusableGroupLink(undefined, '102', until, inside)).toBeNull();
  });

  it('a permanent link (no validUntil) is reused for a request without expiry; the oldest of several wins', () => {
    const { validUntil: _until, ...permanent } = sample;
    const joinLink = 'https://app.alfaview.com/#/join/4711/1/a/v2';
    const older = { ...permanent, id: '9007199254742999', joinLink, createdAt: '2025-07-01T00:00:00Z' };
    const newer = { ...permanent, createdAt: '2025-07-02T00:00:00Z' };
    expect(reusableGroupLink([newer, older], '102', null, inside)).toBe(older);
    expect(reusableGroupLink([newer], '102', until, inside)).toBeNull();
  });
});
