import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  attributeStat,
  conferenceStatus,
  mediaTypeOf,
  parseApizeeTime,
  parseMeetingNativeId,
  parseParticipantNativeId,
  parseRecordingNativeId,
  parseZonelessTime,
  ticketAgentUrl,
  ticketStatus,
  toConferenceMeeting,
  toConferenceParticipants,
  toConnectionReport,
  toRecording,
  toSession,
  toTicketMeeting,
  toTicketParticipants,
  unreadableItem,
} from '../../datasources/apizee/mapper.js';
import type {
  ApizeeConference,
  ApizeeList,
  ApizeeMedia,
  ApizeeSessionStatList,
  ApizeeTicket,
  ApizeeTicketMediaList,
  ApizeeTicketStat,
} from '../../datasources/apizee/types.js';

const dir = path.resolve(process.cwd(), 'test/fixtures/apizee');
const json = <T>(name: string): T => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;

// Every fixture is a payload from the published "Apizee REST APIs" page, copied as printed
// (conference-media.json: the doc's missing closing brace restored; its `total: 2` kept as printed).
const createdConference = json<ApizeeConference>('conference-create.json');
const listedConferences = json<ApizeeList<ApizeeConference>>('conferences-list.json');
const conferenceMedia = json<ApizeeList<ApizeeMedia>>('conference-media.json');
const sessions = json<ApizeeSessionStatList>('session.json');
const createdTicket = json<ApizeeTicket>('ticket-create.json');
const listedTickets = json<ApizeeList<ApizeeTicket>>('tickets-list.json');
const ticketMedias = json<ApizeeTicketMediaList>('ticket-medias.json');
const ticketStats = json<ApizeeTicketStat[]>('tickets-stats.json');

describe('apizee times', () => {
  it('parses both documented UTC spellings, `+00:00` and `Z`, to the same instant', () => {
    expect(parseApizeeTime('2023-07-13T16:21:57+00:00')?.toISOString()).toBe('2023-07-13T16:21:57.000Z');
    expect(parseApizeeTime('2023-07-13T16:21:57Z')?.toISOString()).toBe('2023-07-13T16:21:57.000Z');
    expect(parseApizeeTime('not a date')).toBeNull();
    expect(parseApizeeTime(null)).toBeNull();
  });

  it('reads zoneless statistics dates in the given zone', () => {
    expect(parseZonelessTime('2023-07-13 18:03:13', 'Europe/Paris')?.toISOString()).toBe('2023-07-13T16:03:13.000Z');
    expect(parseZonelessTime('2023-07-13 18:03:13', 'UTC')?.toISOString()).toBe('2023-07-13T18:03:13.000Z');
    expect(parseZonelessTime('2023-01-13 18:03:13', 'Europe/Paris')?.toISOString()).toBe('2023-01-13T17:03:13.000Z');
  });
});

describe('apizee native ids', () => {
  it('tells conferences and tickets apart and refuses anything else', () => {
    expect(parseMeetingNativeId('conference:842199')).toEqual({ type: 'conference', id: 842199 });
    expect(parseMeetingNativeId('ticket:82070')).toEqual({ type: 'ticket', id: 82070 });
    expect(parseMeetingNativeId('842199')).toBeNull();
    expect(parseMeetingNativeId('room:1')).toBeNull();
    expect(parseRecordingNativeId('ticket:663614:media:1973404')).toMatchObject({ meetingNativeId: 'ticket:663614', mediaId: '1973404' });
    expect(parseParticipantNativeId('ticket:663614:agent')?.meetingNativeId).toBe('ticket:663614');
    expect(parseParticipantNativeId('conference:842341:user:2899')?.meeting).toEqual({ type: 'conference', id: 842341 });
    expect(parseParticipantNativeId('conference:842341:somebody')).toBeNull();
  });
});

describe('apizee conferences', () => {
  it('maps the documented POST /conferences reply', () => {
    const m = toConferenceMeeting(createdConference);
    expect(m).toMatchObject({
      nativeId: 'conference:842199',
      kind: 'SCHEDULED',
      title: 'TEST',
      status: 'SCHEDULED',
      durationMinutes: 60,
      joinUrl: 'https://meet.apizee.com/private/7a3dc7993234907508525829e02f2388/ae226154999f5d50f9e6f909e27c5113',
      timezone: null,
    });
    expect(m.startsAt?.toISOString()).toBe('2023-07-13T08:28:31.000Z');
    expect(m.endsAt?.toISOString()).toBe('2023-07-13T09:28:31.000Z');
    expect(m.createdAt?.toISOString()).toBe('2023-07-13T08:28:31.000Z');
    expect(m.settings).toEqual([
      { name: 'sipPhoneNumber', value: '+33 2 57 57 97 61' },
      { name: 'sipDtmfCode', value: '342543' },
    ]);
    expect(m.raw).toBe(createdConference);
  });

  it('maps the documented listed conference as LIVE (`ongoing`)', () => {
    const m = toConferenceMeeting(listedConferences.data![0]!);
    expect(m.nativeId).toBe('conference:842341');
    expect(m.status).toBe('LIVE');
  });

  it('maps every status family', () => {
    expect(conferenceStatus('scheduled')).toBe('SCHEDULED');
    expect(conferenceStatus('ongoing')).toBe('LIVE');
    for (const s of ['ended', 'closed', 'finished']) expect(conferenceStatus(s)).toBe('ENDED');
    expect(conferenceStatus('cancelled')).toBe('CANCELLED');
    expect(conferenceStatus('archived')).toBe('UNKNOWN');
    expect(conferenceStatus(null)).toBe('UNKNOWN');
  });

  it('names organizer and moderator as MODERATOR participants, once each', () => {
    const people = toConferenceParticipants(createdConference);
    expect(people.map((p) => [p.nativeId, p.displayName, p.role])).toEqual([
      ['conference:842199:user:2888', 'Agent 1', 'MODERATOR'],
      ['conference:842199:user:2899', 'Dr Doe', 'MODERATOR'],
    ]);
    const same = toConferenceParticipants({ ...createdConference, organizer: { id: 2899, name: 'Dr Doe' } });
    expect(same).toHaveLength(1);
  });
});

describe('apizee tickets', () => {
  it('maps the documented POST /tickets reply as an ASSISTANCE meeting and drops the token-bearing sso_url', () => {
    const m = toTicketMeeting(createdTicket);
    expect(m).toMatchObject({
      nativeId: 'ticket:82070',
      kind: 'ASSISTANCE',
      // `reference` is the customer's own reference (a support case id), never the title
      title: 'Video assistance 82070',
      status: 'SCHEDULED',
      durationMinutes: 30,
      joinUrl: 'https://diag.apizee.com?convId=88a2c81a-2b5a-496f-8546-0d7bdde8&pwd=798042',
    });
    expect(JSON.stringify(m.raw)).not.toContain('access_token');
    expect(m.raw).not.toHaveProperty('sso_url');
    expect(m.raw).toHaveProperty('agent_url', 'https://cloud.apizee.com');
    expect(m.settings).toEqual([
      { name: 'reference', value: '1234' },
      { name: 'agentUrl', value: 'https://cloud.apizee.com/entrypoint/223/tickets/82070' },
    ]);
  });

  it('completes the agent URL with button_id and ticket id as the doc says, and keeps the portal without them', () => {
    expect(ticketAgentUrl(createdTicket)).toBe('https://cloud.apizee.com/entrypoint/223/tickets/82070');
    expect(ticketAgentUrl({ ...createdTicket, button_id: null })).toBe('https://cloud.apizee.com');
    expect(ticketAgentUrl(listedTickets.data![0]!)).toBeNull();
  });

  it('maps the documented listed ticket (`done`, no agent_url/button_id) as ENDED, its reference a setting, no agent link', () => {
    const ticket = listedTickets.data![0]!;
    expect(ticket).not.toHaveProperty('agent_url');
    expect(ticket).not.toHaveProperty('button_id');
    const meeting = toTicketMeeting(ticket);
    expect(meeting).toMatchObject({ nativeId: 'ticket:663614', status: 'ENDED', title: 'Video assistance 663614' });
    expect(meeting.settings).toEqual([{ name: 'reference', value: 'ref12345678' }]);
    expect(ticketAgentUrl(ticket)).toBeNull();
    const [agent, requestor] = toTicketParticipants(ticket);
    expect(agent).toMatchObject({ nativeId: 'ticket:663614:agent', role: 'AGENT', email: 'agent1@apizee.com', presence: 'LEFT' });
    expect(requestor).toMatchObject({
      nativeId: 'ticket:663614:requestor',
      role: 'CUSTOMER',
      phone: '+33612345678',
      email: null,
      presence: 'LEFT',
    });
  });

  it('maps every ticket state', () => {
    for (const s of ['new', 'open', 'invited']) expect(ticketStatus(s)).toBe('SCHEDULED');
    expect(ticketStatus('inprogress')).toBe('LIVE');
    for (const s of ['done', 'closed']) expect(ticketStatus(s)).toBe('ENDED');
    for (const s of ['rejected', 'declined', 'expired', 'cancelled']) expect(ticketStatus(s)).toBe('CANCELLED');
    expect(ticketStatus('weird')).toBe('UNKNOWN');
    expect(toTicketParticipants({ ...createdTicket, state: 'inprogress' })[1]?.presence).toBe('ONLINE');
    expect(toTicketParticipants(createdTicket)[0]?.presence).toBe('INVITED');
  });
});

describe('apizee media', () => {
  it('maps the documented conference recording (`media_type: video`, a bare word) to a VIDEO with its size', () => {
    const r = toRecording(conferenceMedia.data![0]!, 'conference:842341', null);
    expect(r).toMatchObject({
      nativeId: 'conference:842341:media:2343988',
      meetingNativeId: 'conference:842341',
      title: '0YW553BN-8214-composite',
      mediaType: 'VIDEO',
      mimeType: 'video/mp4',
      sizeBytes: 2270386,
      url: 'https://cloud.apizee.com/media/showVideo/1/hash/aec9aca0-2199-11ee-9a17-c7ee7339236a',
    });
    expect(r.createdAt?.toISOString()).toBe('2023-07-13T16:24:04.000Z');
  });

  it('maps the documented ticket medias (MIME `type`) and dates them by the ticket when they carry no `created`', () => {
    const fallback = new Date('2023-02-22T21:56:45Z');
    const [video, image] = ticketMedias.medias!.map((m) => toRecording(m, 'ticket:663614', fallback));
    expect(video).toMatchObject({ nativeId: 'ticket:663614:media:1973404', mediaType: 'VIDEO', mimeType: 'video/mp4', sizeBytes: null });
    expect(image).toMatchObject({ nativeId: 'ticket:663614:media:1973403', mediaType: 'IMAGE', mimeType: 'image/jpeg' });
    expect(video?.createdAt).toEqual(fallback);
  });

  it('classifies audio, documents and the rest', () => {
    const base: ApizeeMedia = { id: 1 };
    expect(mediaTypeOf({ ...base, type: 'audio/ogg' })).toBe('AUDIO');
    expect(mediaTypeOf({ ...base, type: 'application/pdf' })).toBe('DOCUMENT');
    expect(mediaTypeOf({ ...base, media_type: 'document', filename: 'agenda.pdf' })).toBe('DOCUMENT');
    expect(mediaTypeOf({ ...base, media_type: 'image', filename: 'x.png' })).toBe('IMAGE');
    expect(mediaTypeOf({ ...base, type: 'application/zip' })).toBe('OTHER');
    expect(mediaTypeOf(base)).toBe('OTHER');
  });
});

describe('apizee session statistics', () => {
  const stat = sessions.data![0]!;

  it('maps the documented stat: durationSeconds is end − start (68 s), not billing_duration (5); never live', () => {
    const s = toSession(stat, 'conference:842341', 'TEST XX');
    expect(s).toMatchObject({
      nativeId: '1057a6af-eb9e-4730-b570-b0df1cfb',
      meetingNativeId: 'conference:842341',
      title: 'TEST XX',
      durationSeconds: 68,
      participantCount: 2,
      live: false,
    });
    expect(s.startedAt?.toISOString()).toBe('2023-07-13T16:23:26.000Z');
    expect(s.endedAt?.toISOString()).toBe('2023-07-13T16:24:34.000Z');
    expect((s.raw as { billing_duration: number }).billing_duration).toBe(5);
    expect(toSession(stat, null, null).title).toBe('Conference');
    expect(toSession({ ...stat, end_time: null }, null, null).durationSeconds).toBeNull();
  });

  it('gives a stat to the one conference of its service key whose window contains its start', () => {
    // The doc masks the stat's key (…9063xxx); the listed conference (842341, 16:21:57–17:21:57) is its owner once keys match.
    const key = stat.service!.key!;
    const conference = { ...listedConferences.data![0]!, service_key: key };
    expect(attributeStat(stat, key, [conference])).toEqual({ kind: 'conference', conference });
    expect(attributeStat(stat, key, [listedConferences.data![0]!])).toEqual({ kind: 'none' });
    const outside = { ...conference, start_time: '2023-07-13T16:30:00+00:00' };
    expect(attributeStat(stat, key, [outside])).toEqual({ kind: 'none' });
    // the created conference (08:28–09:28) shares the key but not the window: the listed one still owns the stat
    const created = { ...createdConference, service_key: key };
    expect(attributeStat(stat, key, [created, conference])).toMatchObject({ kind: 'conference', conference: { id: 842341 } });
  });

  it('both published conferences share one service_key: a stat inside two overlapping windows is ambiguous, not guessed', () => {
    expect(createdConference.service_key).toBe(listedConferences.data![0]!.service_key);
    const key = stat.service!.key!;
    const conference = { ...listedConferences.data![0]!, service_key: key };
    const overlapping = { ...conference, id: 842400, start_time: '2023-07-13T16:23:00Z', end_time: '2023-07-13T16:50:00Z' };
    const attribution = attributeStat(stat, key, [conference, overlapping]);
    expect(attribution.kind).toBe('ambiguous');
    expect(attribution.kind === 'ambiguous' && attribution.candidates.map((c) => c.id)).toEqual([842341, 842400]);
  });
});

describe('apizee unreadable list items', () => {
  it('accepts every published conference and ticket', () => {
    for (const item of [createdConference, ...listedConferences.data!, createdTicket, ...listedTickets.data!]) {
      expect(unreadableItem(item)).toBeNull();
    }
  });

  it('refuses non-objects, missing or non-integer ids, and times that do not parse or are out of range', () => {
    const listed = listedConferences.data![0]!;
    expect(unreadableItem(null)).toBe('not an object');
    expect(unreadableItem([listed])).toBe('not an object');
    expect(unreadableItem({ ...listed, id: '842341' })).toBe('no integer id');
    expect(unreadableItem({ ...listed, id: 1.5 })).toBe('no integer id');
    expect(unreadableItem({ ...listed, start_time: 'tomorrow' })).toBe('start_time is not a date');
    expect(unreadableItem({ ...listed, start_time: '0001-01-01T00:00:00+00:00' })).toBe('start_time is out of range');
    expect(unreadableItem({ ...listed, end_time: null })).toBeNull();
  });
});

describe('apizee ticket statistics (French keys)', () => {
  const row = ticketStats[0]!;

  it('maps the documented row per the docs/vendors/apizee.md table, in the connection timezone', () => {
    const r = toConnectionReport(row, 'Europe/Paris');
    expect(r).toEqual({
      nativeId: '821793',
      startedAt: new Date('2023-07-13T16:03:13.000Z'),
      durationSeconds: 335,
      mode: 'VIDEO_ASSISTANCE',
      note: null,
      reference: '1234',
      agent: {
        name: 'Agent 1',
        vendorUserId: 'agent1@apizee.com',
        publicIp: null,
        localIp: null,
        deviceId: null,
        device: null,
        os: null,
        browser: null,
        phone: null,
      },
      target: {
        name: 'xx',
        vendorUserId: null,
        publicIp: null,
        localIp: null,
        deviceId: null,
        device: 'K',
        os: 'Android 10',
        browser: 'Chrome 114.0.0.0',
        phone: '+33612345678',
      },
      rawTimestamp: '2023-07-13 18:03:13',
      raw: row,
    });
  });

  it('defaults to reading the zoneless date as UTC and accepts decomposed accents in keys', () => {
    expect(toConnectionReport(row, 'UTC').startedAt?.toISOString()).toBe('2023-07-13T18:03:13.000Z');
    const decomposed: ApizeeTicketStat = {};
    for (const [k, v] of Object.entries(row)) decomposed[k.normalize('NFD')] = v;
    const r = toConnectionReport(decomposed, 'UTC');
    expect(r.durationSeconds).toBe(335);
    expect(r.rawTimestamp).toBe('2023-07-13 18:03:13');
    expect(r.agent?.name).toBe('Agent 1');
    expect(r.target?.os).toBe('Android 10');
  });

  it('keeps an email contact as the customer id, not as a phone', () => {
    const r = toConnectionReport({ ...row, Contact: 'claire@customer.example', Description: 'Broken boiler' }, 'UTC');
    expect(r.target).toMatchObject({ name: 'xx', vendorUserId: 'claire@customer.example', phone: null });
    expect(r.note).toBe('Broken boiler');
  });
});
