import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  feedInstant,
  feedMeetings,
  meetingIdFromUid,
  parseCalendar,
  parseDurationMinutes,
  toAccount,
  toCreateAccountBody,
  toInvitedParticipants,
  scheduleStatus,
  toCreateBody,
  toMeeting,
  toUpdateBody,
  type FeedMeeting,
} from '../../datasources/allocloud/mapper.js';
import type {
  AllocloudAccount,
  AllocloudCreateAccountBody,
  AllocloudEnvelope,
  AllocloudMeeting,
  AllocloudOrganizer,
} from '../../datasources/allocloud/types.js';

const dir = path.resolve(process.cwd(), 'test/fixtures/allocloud');
const text = (name: string): string => readFileSync(path.join(dir, name), 'utf8');
const json = <T>(name: string): T => JSON.parse(text(name)) as T;

const documentedMeeting = json<AllocloudEnvelope<AllocloudMeeting>>('meeting-created.json').data;
/** A clock after the documented meeting's slot (2020-04-07 09:00–10:00 UTC) and one inside it. */
const AFTER = new Date('2020-04-08T12:10:00.000Z');
const DURING = new Date('2020-04-07T09:30:00.000Z');

describe('allocloud toMeeting (documented POST /meeting reply)', () => {
  it('maps the documented meeting, duration "60" (a string) to 60 minutes', () => {
    expect(typeof documentedMeeting.duration).toBe('string');
    const m = toMeeting(documentedMeeting, AFTER);
    expect(m).toMatchObject({
      nativeId: '5e945c36b863b82cefdddf54',
      kind: 'SCHEDULED',
      title: 'My Meeting Topic',
      description: null,
      durationMinutes: 60,
      timezone: 'Europe/Zurich',
      joinUrl: null,
    });
    expect(m.startsAt?.toISOString()).toBe('2020-04-07T09:00:00.000Z');
    expect(m.endsAt?.toISOString()).toBe('2020-04-07T10:00:00.000Z');
    expect(m.raw).toBe(documentedMeeting);
    expect(m.settings).toEqual(
      expect.arrayContaining([
        { name: 'isRecorded', value: false },
        { name: 'type', value: 'standard' },
        { name: 'meetingId', value: '9974-7653-8886-0485' },
      ]),
    );
  });

  it('status follows the schedule, exactly as for a feed event: the documented flags (isClosed, no dtClosedAt) do not decide it', () => {
    const before = new Date('2020-04-06T09:00:00.000Z');
    expect(toMeeting(documentedMeeting, before).status).toBe('SCHEDULED');
    // In its slot the documented reply still says isActive: false, isClosed: true — the feed would say LIVE, so does this.
    expect(toMeeting(documentedMeeting, DURING).status).toBe('LIVE');
    expect(toMeeting({ ...documentedMeeting, isActive: true }, before).status).toBe('SCHEDULED');
    expect(toMeeting(documentedMeeting, AFTER).status).toBe('ENDED');
    for (const at of [before, DURING, AFTER]) {
      const expected = scheduleStatus(new Date(documentedMeeting.startTime!), new Date(documentedMeeting.endTime!), at);
      expect(toMeeting(documentedMeeting, at).status).toBe(expected);
    }
    expect(toMeeting(documentedMeeting, DURING).settings).toEqual(expect.arrayContaining([{ name: 'isActive', value: false }]));
  });

  it('reads duration strings and numbers, and falls back to the times when duration is unusable', () => {
    expect(parseDurationMinutes('60')).toBe(60);
    expect(parseDurationMinutes(' 45 ')).toBe(45);
    expect(parseDurationMinutes(90)).toBe(90);
    expect(parseDurationMinutes('')).toBeNull();
    expect(parseDurationMinutes('abc')).toBeNull();
    expect(toMeeting({ ...documentedMeeting, duration: 'n/a', endTime: '2020-04-07T09:30:00.000Z' }, AFTER).durationMinutes).toBe(30);
  });

  it('maps invitedParticipants (email strings or objects) to INVITED participants with composite ids', () => {
    const participants = toInvitedParticipants('5e945c36b863b82cefdddf54', [
      'Anna@Example.com',
      { email: 'ben@example.com', firstName: 'Ben', lastName: 'Guest' },
      { name: 'No Mail' },
    ]);
    expect(participants.map((p) => p.nativeId)).toEqual([
      '5e945c36b863b82cefdddf54:anna@example.com',
      '5e945c36b863b82cefdddf54:ben@example.com',
      '5e945c36b863b82cefdddf54:2',
    ]);
    expect(participants[1]).toMatchObject({
      displayName: 'Ben Guest',
      email: 'ben@example.com',
      role: 'PARTICIPANT',
      presence: 'INVITED',
      joinedAt: null,
    });
    expect(participants[2]).toMatchObject({ displayName: 'No Mail', email: null });
    expect(toInvitedParticipants('x', documentedMeeting.invitedParticipants)).toEqual([]);
  });
});

describe('allocloud request bodies (documented tutorial bodies)', () => {
  it('builds the documented minimal create body', () => {
    const startsAt = new Date('2020-04-07T09:00:00.000Z');
    const endsAt = new Date('2020-04-07T10:00:00.000Z');
    const body = toCreateBody({ title: 'My Meeting Topic', startsAt, endsAt, participants: [], recorded: null });
    expect(body).toEqual(json('create-meeting-request.json'));
  });

  it('an update body is the full meeting (every field of the tutorial update), read from the current JSON and changed where asked', () => {
    // The tutorial's update example: the create fields plus id, with the new topic and times.
    const tutorialUpdate = {
      topic: 'My Updated Meeting Topic',
      id: '5e945c36b863b82cefdddf54',
      startTime: '2020-04-07T09:30:00.000Z',
      endTime: '2020-04-07T10:30:00.000Z',
      duration: 60,
      type: 'standard',
      isRecurring: false,
      isRecorded: false,
      isDialin: false,
      invitedParticipants: [],
      recurring: {},
      meetingPermissionId: null,
    };
    const startsAt = new Date('2020-04-07T09:30:00.000Z');
    const changes = { title: 'My Updated Meeting Topic', startsAt, endsAt: new Date('2020-04-07T10:30:00.000Z') };
    const body = toUpdateBody({ ...documentedMeeting, recurring: {} }, changes);
    expect(body).toEqual({ ...tutorialUpdate, agenda: '' });
    expect(Object.keys(body).sort()).toEqual([...Object.keys(tutorialUpdate), 'agenda'].sort());
  });

  it('an update keeps what the caller did not name: type, dial-in, recurrence, permissions, recording, agenda, invitations', () => {
    const current: AllocloudMeeting = {
      ...documentedMeeting,
      type: 'webinar',
      isDialin: true,
      isRecorded: true,
      meetingPermissionId: 'perm-1',
      agenda: 'Budget',
      invitedParticipants: [{ email: 'a@example.com', name: 'A' }],
    };
    const moved = { title: null, startsAt: new Date('2020-04-07T11:00:00.000Z'), endsAt: new Date('2020-04-07T12:00:00.000Z') };
    const body = toUpdateBody(current, moved);
    expect(body).toMatchObject({
      id: documentedMeeting.id,
      topic: 'My Meeting Topic',
      type: 'webinar',
      isDialin: true,
      isRecorded: true,
      isRecurring: false,
      meetingPermissionId: 'perm-1',
      agenda: 'Budget',
      invitedParticipants: [{ email: 'a@example.com', name: 'A' }],
      recurring: documentedMeeting.recurring,
    });
    const changed = toUpdateBody(current, {
      title: 'T',
      startsAt: new Date(0),
      endsAt: new Date(3_600_000),
      description: 'New agenda',
      recorded: false,
      participants: [{ email: 'b@example.com', displayName: null, phone: null, role: null }],
    });
    expect(changed).toMatchObject({
      topic: 'T',
      agenda: 'New agenda',
      isRecorded: false,
      invitedParticipants: [{ email: 'b@example.com' }],
      type: 'webinar',
      isDialin: true,
    });
  });

  it('builds the documented create-account body and maps the documented account reply', () => {
    const input = json<AllocloudCreateAccountBody>('create-account-request.json');
    expect(toCreateAccountBody({ ...input, paidUntil: new Date(input.paidUntil) })).toEqual(input);
    const account = json<AllocloudEnvelope<AllocloudAccount>>('account-created.json').data;
    expect(toAccount(account)).toEqual({
      id: '5e9459c5b863b82cefdddf4f',
      name: 'test-user@example.com',
      accountType: 'trial',
      numberOfMeetings: 0,
      paidUntil: new Date('2020-04-27T12:23:33.852Z'),
      raw: account,
    });
  });
});

describe('allocloud iCalendar feed (ical.js)', () => {
  const organizer = json<AllocloudEnvelope<AllocloudOrganizer[]>>('account-admin.json').data[0]!;
  const now = new Date('2020-04-08T12:10:00.000Z');
  const read = feedMeetings(parseCalendar(text('organizer-feed.ics')), { fallbackTimezone: organizer.timezone, now });
  const meetings = read.meetings;
  const byId = new Map<string, FeedMeeting>(meetings.map((m) => [m.meeting.nativeId, m]));
  const get = (id: string): FeedMeeting => {
    const m = byId.get(id);
    if (!m) throw new Error(`missing ${id}`);
    return m;
  };

  it('yields one meeting per UID (the RECURRENCE-ID override is not a meeting)', () => {
    expect(meetings.map((m) => m.meeting.nativeId)).toEqual([
      '5e945c36b863b82cefdddf54',
      '5e945c36b863b82cefdddf55',
      '5e945c36b863b82cefdddf56',
      '5e945c36b863b82cefdddf57',
      '5e945c36b863b82cefdddf58',
    ]);
    expect(get('5e945c36b863b82cefdddf55').meeting.title).toBe('My Updated Meeting Topic');
  });

  it('maps UID, SUMMARY, folded DESCRIPTION, URL, UTC times and CREATED', () => {
    const { meeting } = get('5e945c36b863b82cefdddf54');
    expect(meeting).toMatchObject({
      kind: 'SCHEDULED',
      title: 'My Meeting Topic',
      description: 'Quarterly planning: review the numbers, agree on the next steps and assign owners for every open item.',
      joinUrl: 'https://meeting.allocloud.com/meeting/9974-7653-8886-0485',
      durationMinutes: 60,
      timezone: 'Europe/Paris',
      status: 'ENDED',
    });
    expect(meeting.startsAt?.toISOString()).toBe('2020-04-07T09:00:00.000Z');
    expect(meeting.endsAt?.toISOString()).toBe('2020-04-07T10:00:00.000Z');
    expect(meeting.createdAt?.toISOString()).toBe('2020-04-13T12:18:07.000Z');
    // raw is the VEVENT as jCal
    expect(Array.isArray(meeting.raw) && (meeting.raw as unknown[])[0]).toBe('vevent');
  });

  it('maps ATTENDEE lines to invited participants (folded value, CN, CHAIR as moderator)', () => {
    const { participants } = get('5e945c36b863b82cefdddf54');
    expect(participants).toEqual([
      expect.objectContaining({
        nativeId: '5e945c36b863b82cefdddf54:anna.chair@example.com',
        displayName: 'Anna Chair',
        role: 'MODERATOR',
        presence: 'INVITED',
      }),
      expect.objectContaining({
        nativeId: '5e945c36b863b82cefdddf54:ben.guest@example.com',
        email: 'Ben.Guest@example.com',
        displayName: 'Ben Guest',
        role: 'PARTICIPANT',
        presence: 'INVITED',
      }),
    ]);
    expect(get('5e945c36b863b82cefdddf55').participants).toEqual([]);
  });

  it('resolves TZID through the feed VTIMEZONE, across DST (CEST +2, CET +1), and DURATION', () => {
    const summer = get('5e945c36b863b82cefdddf55').meeting;
    expect(summer.startsAt?.toISOString()).toBe('2020-07-07T07:30:00.000Z');
    expect(summer.endsAt?.toISOString()).toBe('2020-07-07T08:30:00.000Z');
    expect(summer.timezone).toBe('Europe/Zurich');
    const winter = get('5e945c36b863b82cefdddf56').meeting;
    expect(winter.startsAt?.toISOString()).toBe('2020-12-07T08:30:00.000Z');
    expect(winter.endsAt?.toISOString()).toBe('2020-12-07T09:15:00.000Z');
    expect(winter.durationMinutes).toBe(45);
  });

  it("reads floating times in the organizer's zone and a TZID without VTIMEZONE as an IANA zone", () => {
    const floating = get('5e945c36b863b82cefdddf57').meeting;
    expect(floating.startsAt?.toISOString()).toBe('2020-04-08T12:00:00.000Z'); // 14:00 Europe/Paris (CEST)
    expect(floating.status).toBe('LIVE'); // inside its slot at `now`
    const ny = get('5e945c36b863b82cefdddf58').meeting;
    expect(ny.startsAt?.toISOString()).toBe('2020-04-09T13:00:00.000Z'); // 09:00 EDT
    expect(ny.timezone).toBe('America/New_York');
    expect(ny.status).toBe('CANCELLED');
  });

  it('status follows the schedule: a future event is SCHEDULED', () => {
    expect(get('5e945c36b863b82cefdddf55').meeting.status).toBe('SCHEDULED');
  });

  it('does not depend on the process time zone for floating times without any zone', () => {
    const calendar = parseCalendar(
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:abc', 'DTSTART:20200408T140000', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n'),
    );
    const [only] = feedMeetings(calendar, { fallbackTimezone: null, now }).meetings;
    expect(only?.meeting.nativeId).toBe('abc');
    expect(only?.meeting.startsAt?.toISOString()).toBe('2020-04-08T14:00:00.000Z');
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    const time = vevent.getFirstPropertyValue('dtstart');
    expect(feedInstant(time as never, 'Not/AZone', 'Asia/Tokyo').toISOString()).toBe('2020-04-08T05:00:00.000Z');
  });

  it('takes the meeting id from the UID before the @', () => {
    expect(meetingIdFromUid('5e945c36b863b82cefdddf54@meeting.allocloud.com')).toBe('5e945c36b863b82cefdddf54');
    expect(meetingIdFromUid('plain')).toBe('plain');
  });

  it('the fixture feed has nothing unreadable', () => {
    expect(read.unreadable).toEqual([]);
  });

  it('skips an event it cannot read (year 0001, a value ical.js cannot decode, an end before the start) and keeps the rest', () => {
    const event = (uid: string, start: string, end = 'DTEND:20200408T150000Z'): string[] => [
      'BEGIN:VEVENT',
      `UID:${uid}@meeting.allocloud.com`,
      start,
      end,
      `SUMMARY:${uid}`,
      'END:VEVENT',
    ];
    const feed = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      ...event('good1', 'DTSTART:20200408T140000Z'),
      ...event('yearone', 'DTSTART:00010101T000000Z', 'DTEND:00010101T010000Z'),
      ...event('garbled', 'DTSTART:0001-01-01T00:00:00Z'),
      ...event('backwards', 'DTSTART:20200408T160000Z'),
      ...event('good2', 'DTSTART:20200408T143000Z'),
      'END:VCALENDAR',
    ].join('\r\n');
    const result = feedMeetings(parseCalendar(feed), { fallbackTimezone: 'Europe/Paris', now });
    expect(result.meetings.map((m) => m.meeting.nativeId)).toEqual(['good1', 'good2']);
    expect(result.unreadable.map((u) => u.id)).toEqual(['yearone', 'garbled', 'backwards']);
    expect(result.unreadable[0]?.reason).toMatch(/year 1/);
  });

  it('rejects text that is not a calendar', () => {
    expect(() => parseCalendar('BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n')).toThrow();
    expect(() => parseCalendar('{"responseCode":-2}')).toThrow();
  });
});
