import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ApizeeClient } from '../../datasources/apizee/client.js';
import { ApizeeConnectionConfig } from '../../datasources/apizee/config.js';
import { ApizeeDatasource } from '../../datasources/apizee/datasource.js';
import { apizeeModule } from '../../datasources/apizee/index.js';
import {
  APIZEE_SANDBOX_CREDENTIALS,
  APIZEE_SANDBOX_ENTERPRISE_ID,
  startApizeeSimulator,
  type ApizeeSimulatorState,
} from '../../datasources/apizee/simulator.js';
import type { Capability } from '../../datasources/capabilities.js';
import type { CreateMeetingCommand } from '../../datasources/commands.js';
import { ConnectionHealth } from '../../datasources/health.js';
import { createHttpClient } from '../../datasources/http.js';
import type { MeetingRecord, RecordingRecord, SessionRecord } from '../../datasources/records.js';
import { newCallContext, type CallContext } from '../../datasources/request-memo.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import type { VendorDatasource } from '../../datasources/vendor.js';
import { MeetgraphError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import {
  meetingQuery,
  sessionQuery,
  recordingQuery,
  reportQuery,
  createCommand as baseCreateCommand,
  joinCommand,
  NO_START as noStart,
} from '../helpers/commands.js';

// A Wednesday: the seeded week has conferences before and after, one running now.
const START = new Date('2025-03-12T10:00:00.000Z');
let now = new Date(START);
const clock = (): Date => now;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let sim: RunningSimulator<ApizeeSimulatorState>;
let ds: VendorDatasource;
let requestNo = 0;
/** The errors the current test saw; `afterEach` checks them for credentials and tokens, then empties the list. */
const seenErrors: unknown[] = [];

function ctx(): CallContext {
  requestNo += 1;
  return newCallContext(`req-${requestNo}`);
}

function makeDatasource(overrides: Record<string, unknown> = {}): VendorDatasource {
  // Failures injected by one test must not open the circuit for the next, whatever order they run in
  // (the breaker has its own tests in test/api/faults.api.test.ts).
  const plain = { ...apizeeModule.sandboxConnection(sim, 'apz'), breaker: { failures: 1_000 }, ...overrides };
  const config = plainToInstance(ApizeeConnectionConfig, plain);
  expect(validateSync(config, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
  return apizeeModule.createDatasource(config, { logger: silentLogger(), health: new ConnectionHealth(clock), now: clock });
}

/** Built directly to lower the vendor page size (the module always uses 100). */
function smallPagesDatasource(pageSize: number): VendorDatasource {
  const source = { vendor: 'apizee' as const, connectionId: 'apz-small' };
  const health = new ConnectionHealth(clock);
  const http = createHttpClient({ source, baseUrl: sim.url, logger: silentLogger(), health });
  return new ApizeeDatasource({
    connectionId: 'apz-small',
    label: null,
    health,
    client: new ApizeeClient({ source, http, credentials: { ...APIZEE_SANDBOX_CREDENTIALS }, now: clock }),
    enterpriseId: APIZEE_SANDBOX_ENTERPRISE_ID,
    timezone: 'Europe/Paris',
    now: clock,
    pageSize,
  });
}

const weekStart = new Date('2025-03-10T00:00:00.000Z');
const weekEnd = new Date('2025-03-16T23:59:59.000Z');

const createCommand = (o: Partial<CreateMeetingCommand> = {}): CreateMeetingCommand =>
  baseCreateCommand({ title: 'Integration conference', ...o });

/** The error a promise rejects with (recorded for the credential check); fails the test if it resolves. */
async function failure(
  promise: Promise<unknown>,
): Promise<MeetgraphError & { field?: string; retryable?: boolean; retryAfterSeconds?: number | null }> {
  try {
    await promise;
  } catch (error) {
    seenErrors.push(error);
    expect(error).toBeInstanceOf(MeetgraphError);
    return error as MeetgraphError;
  }
  throw new Error('expected a rejection');
}

function unwrap<T>(value: T | Error): T {
  if (value instanceof Error) throw value;
  return value;
}

const conferences = (): ApizeeSimulatorState['conferences'] => sim.state.conferences;
function ended(serviceKey: string): number[] {
  return conferences()
    .filter((c) => !c.cancelled && c.conference.service_key === serviceKey && Date.parse(c.conference.end_time!) < START.getTime())
    .map((c) => c.conference.id);
}
const ticketIn = (state: string): number => sim.state.tickets.find((t) => t.state === state)!.id;

beforeAll(async () => {
  sim = await startApizeeSimulator({ clock, seed: 11 });
  ds = makeDatasource();
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  now = new Date(START);
  sim.control.resetCalls();
  sim.control.clearFaults();
  sim.state.rateLimit = null;
  // Tests that expire or revoke tokens must not make the next test pay a 401 and a reissued call.
  for (const token of sim.state.tokens.values()) Object.assign(token, { revoked: false, expiresAt: new Date(START.getTime() + DAY) });
  seenErrors.length = 0;
});

/** Within each test, so the check never depends on which tests ran before (jest --randomize). */
afterEach(() => {
  const { username, password } = APIZEE_SANDBOX_CREDENTIALS;
  const secrets = [password, username, 'Wr0ng-Secret-Value', ...sim.state.tokens.keys()];
  for (const error of seenErrors) {
    const text = `${(error as Error).message} ${JSON.stringify((error as MeetgraphError).extensions?.() ?? {})}`;
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
});

/** Runs `body` with a change to the shared simulator state, undone afterwards whatever happens. */
async function withState(change: () => () => void, body: () => Promise<void>): Promise<void> {
  const undo = change();
  try {
    await body();
  } finally {
    undo();
  }
}

describe('apizee meetings', () => {
  it("lists this week's conferences and tickets, one LIVE conference among them, newest first", async () => {
    const page = await ds.listMeetings(meetingQuery({ from: weekStart, to: weekEnd }), ctx());
    const kinds = new Set(page.items.map((m) => m.kind));
    expect(kinds).toEqual(new Set(['SCHEDULED', 'ASSISTANCE']));
    const live = page.items.filter((m) => m.kind === 'SCHEDULED' && m.status === 'LIVE');
    expect(live).toHaveLength(1);
    expect(live[0]?.joinUrl).toMatch(/^https:\/\/meet\.apizee\.com\/private\//);
    expect(page.items.every((m) => m.startsAt !== null && m.startsAt >= weekStart && m.startsAt <= weekEnd)).toBe(true);
    const starts = page.items.map((m) => m.startsAt!.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(page.items.some((m) => m.nativeId.startsWith('ticket:') && m.status === 'LIVE')).toBe(true);
    expect(page.items.some((m) => m.nativeId.startsWith('ticket:') && m.status === 'CANCELLED')).toBe(true);
    // the range reaches the vendor as `since`, a month early: `since` may filter on creation, not on start
    expect(sim.control.details('conferences.list')).toEqual(['offset=0;since=2025-02-07T00:00:00Z']);
    expect(page.hasMore).toBe(false);
  });

  it('asks only the source the kinds need', async () => {
    const tickets = await ds.listMeetings(meetingQuery({ kinds: ['ASSISTANCE'] }), ctx());
    expect(tickets.items.length).toBe(sim.state.tickets.length);
    expect(sim.control.calls('conferences.list')).toBe(0);
    sim.control.resetCalls();
    const confs = await ds.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx());
    expect(confs.items.length).toBe(conferences().length);
    expect(sim.control.calls('tickets.list')).toBe(0);
  });

  it('pages exactly: windows of 4 put together are the whole list, and hasMore is right', async () => {
    const whole = await ds.listMeetings(meetingQuery(), ctx());
    const ids: string[] = [];
    for (let offset = 0; ; offset += 4) {
      const page = await ds.listMeetings(meetingQuery({ offset, limit: 4 }), ctx());
      ids.push(...page.items.map((m) => m.nativeId));
      expect(page.hasMore).toBe(offset + 4 < whole.items.length);
      if (!page.hasMore) break;
    }
    expect(ids).toEqual(whole.items.map((m) => m.nativeId));
    expect(new Set(ids).size).toBe(conferences().length + sim.state.tickets.length);
  });

  it('reads every vendor page with limit/offset until `total`', async () => {
    const small = smallPagesDatasource(3);
    const page = await small.listMeetings(meetingQuery(), ctx());
    expect(page.items.length).toBe(conferences().length + sim.state.tickets.length);
    const pages = Math.ceil(conferences().length / 3);
    expect(sim.control.details('conferences.list')).toEqual(Array.from({ length: pages }, (_, i) => `offset=${i * 3};since=`));
    expect(sim.control.calls('tickets.list')).toBe(Math.ceil(sim.state.tickets.length / 3));
  });

  it('passes search to the vendor and keeps only matching titles', async () => {
    const page = await ds.listMeetings(meetingQuery({ search: 'demo', kinds: ['SCHEDULED'] }), ctx());
    expect(page.items.map((m) => m.title)).toEqual(['Product demo']);
  });

  it('gets conferences one call each and tickets from the one ticket list, null for unknown ids', async () => {
    const c = ctx();
    const [a, b] = conferences().map((x) => x.conference.id);
    const ticket = ticketIn('done');
    const ids = [`conference:${a}`, `ticket:${ticket}`, `conference:${b}`, 'conference:999', 'ticket:1', 'nonsense', `conference:${a}`];
    const got = await ds.getMeetings(ids, c);
    expect(got.map((m) => (m instanceof Error ? 'error' : (m?.nativeId ?? null)))).toEqual([
      `conference:${a}`,
      `ticket:${ticket}`,
      `conference:${b}`,
      null,
      null,
      null,
      `conference:${a}`,
    ]);
    expect((got[1] as MeetingRecord).kind).toBe('ASSISTANCE');
    // once per resource per request, even across methods
    await ds.getMeetings([`conference:${b}`], c);
    await ds.listMeetings(meetingQuery({ kinds: ['ASSISTANCE'] }), c);
    expect(sim.control.details('conferences.get').sort()).toEqual([String(a), String(b), '999'].sort());
    expect(sim.control.calls('tickets.list')).toBe(1);
  });
});

describe('apizee token', () => {
  it('caches the token across requests, shares one token request between concurrent calls', async () => {
    const fresh = makeDatasource();
    await Promise.all([
      fresh.listMeetings(meetingQuery(), ctx()),
      fresh.getMeetings([`conference:${conferences()[0]!.conference.id}`], ctx()),
      fresh.listMeetings(meetingQuery({ kinds: ['ASSISTANCE'] }), ctx()),
    ]);
    expect(sim.control.calls('token')).toBe(1);
    await fresh.listMeetings(meetingQuery(), ctx());
    expect(sim.control.calls('token')).toBe(1);
  });

  it('renews before expiry on its own clock, without a 401', async () => {
    const fresh = makeDatasource();
    await fresh.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx());
    now = new Date(START.getTime() + sim.state.tokenTtlSeconds * 1000 - 30_000);
    await fresh.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx());
    expect(sim.control.calls('token')).toBe(2);
    expect(sim.control.calls('conferences.list')).toBe(2);
  });

  it('on a 401 (revoked token) renews once and reissues the call once', async () => {
    const fresh = makeDatasource();
    await fresh.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx());
    sim.state.revokeTokens();
    const page = await fresh.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx());
    expect(page.items.length).toBe(conferences().length);
    expect(sim.control.calls('token')).toBe(2);
    expect(sim.control.calls('conferences.list')).toBe(3);
  });

  it('renews after the simulator expired the token (vendor clock ahead of ours)', async () => {
    const fresh = makeDatasource();
    await fresh.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx());
    sim.state.expireTokens();
    await fresh.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx());
    expect(sim.control.calls('token')).toBe(2);
  });

  it('a second 401 after renewal is VENDOR_AUTH_FAILED', async () => {
    const fresh = makeDatasource();
    sim.control.inject({
      operation: 'conferences.list',
      action: { kind: 'status', status: 401, body: { code: 401, message: 'Unauthorized', details: 'Invalid token' } },
      times: 2,
    });
    const error = await failure(fresh.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx()));
    expect(error.code).toBe('VENDOR_AUTH_FAILED');
    expect(sim.control.calls('token')).toBe(2);
    expect(sim.control.calls('conferences.list')).toBe(2);
  });

  it('wrong credentials are VENDOR_AUTH_FAILED and name neither username nor password', async () => {
    const wrong = makeDatasource({ credentials: { username: 'someone@customer.example', password: 'Wr0ng-Secret-Value' } });
    const error = await failure(wrong.listMeetings(meetingQuery(), ctx()));
    expect(error.code).toBe('VENDOR_AUTH_FAILED');
    expect(error.message).not.toContain('Wr0ng-Secret-Value');
    expect(error.message).not.toContain('someone@customer.example');
  });
});

describe('apizee errors', () => {
  const cases: Array<[number, string, Record<string, string> | undefined]> = [
    [400, 'VENDOR_REJECTED', undefined],
    [403, 'FORBIDDEN', undefined],
    [404, 'NOT_FOUND', undefined],
    [429, 'VENDOR_RATE_LIMITED', { 'Retry-After': '7' }],
    [500, 'VENDOR_UNAVAILABLE', undefined],
    [503, 'VENDOR_UNAVAILABLE', undefined],
  ];
  it.each(cases)('HTTP %i with a {code,message,details} body → %s', async (status, code, headers) => {
    sim.control.inject({
      operation: 'conferences.list',
      action: {
        kind: 'status',
        status,
        headers,
        body: { code: status === 400 ? 10 : status, message: 'The selected room_name field is invalid.', details: 'Parameter room_name' },
      },
      times: 3,
    }); // reads are tried up to three times
    const error = await failure(ds.listMeetings(meetingQuery(), ctx()));
    expect(error.code).toBe(code);
    if (status === 400) expect(error.message).toContain('The selected room_name field is invalid.');
    if (status === 429) expect(error).toMatchObject({ retryable: true, retryAfterSeconds: 7 });
    expect(error.message).not.toContain('{');
  });

  it("the simulator's own rate limit answers 429 with Retry-After", async () => {
    const fresh = makeDatasource();
    sim.state.rateLimit = { maxRequests: 2, windowSeconds: 60 };
    await fresh.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx());
    await fresh.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx());
    const error = await failure(fresh.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx()));
    expect(error).toMatchObject({ code: 'VENDOR_RATE_LIMITED', retryAfterSeconds: 60 });
  });

  it("the simulator's own 400, 403 and 404 reach the caller as VENDOR_REJECTED, FORBIDDEN and NOT_FOUND", async () => {
    const rejected = await failure(
      ds.createMeeting(
        createCommand({
          kind: 'ASSISTANCE',
          participants: [
            { displayName: null, email: 'nobody@nowhere.example', phone: null, role: 'AGENT' },
            { displayName: null, email: null, phone: '+33612345678', role: 'CUSTOMER' },
          ],
        }),
        ctx(),
      ),
    );
    expect(rejected.code).toBe('VENDOR_REJECTED');
    expect(rejected.message).toContain('The selected agent is invalid.');
    const otherEnterprise = makeDatasource({ enterpriseId: 99 });
    expect((await failure(otherEnterprise.listConnectionReports(reportQuery({ from: weekStart }), ctx()))).code).toBe('FORBIDDEN');
    const [missing] = await ds.meetingRecordings(['conference:1'], ctx());
    expect(missing).toBeInstanceOf(Error);
    expect((missing as MeetgraphError).code).toBe('NOT_FOUND');
  });

  it('a reset connection is VENDOR_UNAVAILABLE, an answer slower than timeoutMs is VENDOR_TIMEOUT', async () => {
    sim.control.inject({ operation: 'conferences.list', action: { kind: 'reset' }, times: 3 }); // a read is tried three times
    expect((await failure(ds.listMeetings(meetingQuery(), ctx()))).code).toBe('VENDOR_UNAVAILABLE');
    // The token is fetched first, so only the delayed call can time out, and the margin survives a loaded machine.
    const impatient = makeDatasource({ timeoutMs: 1_500 });
    await impatient.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx());
    sim.control.inject({ operation: 'tickets.list', action: { kind: 'delay', delayMs: 4_000 }, times: 1 });
    expect((await failure(impatient.listMeetings(meetingQuery({ kinds: ['ASSISTANCE'] }), ctx()))).code).toBe('VENDOR_TIMEOUT');
  });
});

describe('apizee sessions', () => {
  it('one /session call per service key for a batch spanning two keys; each stat goes to the conference containing it', async () => {
    const { meeting, meetingRoom2 } = sim.state.serviceKeys;
    const a = ended(meeting).slice(0, 2);
    const b = ended(meetingRoom2).slice(0, 2);
    expect(a.length).toBe(2);
    expect(b.length).toBe(2);
    const ids = [...a, ...b].map((id) => `conference:${id}`);
    const c = ctx();
    const result = await ds.meetingSessions([...ids, `ticket:${ticketIn('done')}`, 'conference:999'], c);
    expect(sim.control.calls('session.list')).toBe(2);
    expect(sim.control.details('session.list').sort()).toEqual([meeting, meetingRoom2].sort());
    // the conferences that could share a stat's window come from one list read for the whole batch: here the whole
    // list that conference:999's look-up already fell back to (a superset), so no second, narrower read
    expect(sim.control.details('conferences.list')).toHaveLength(1);
    expect(sim.control.details('conferences.list')[0]).toMatch(/since=$/);

    ids.forEach((nativeId, index) => {
      const sessions = unwrap(result[index]!);
      const conference = conferences().find((x) => `conference:${x.conference.id}` === nativeId)!.conference;
      const expected = sim.state.sessions.filter(
        (s) =>
          s.service?.key === conference.service_key &&
          Date.parse(s.start_time!) >= Date.parse(conference.start_time!) &&
          Date.parse(s.start_time!) <= Date.parse(conference.end_time!),
      );
      expect(sessions.map((s) => s.nativeId).sort()).toEqual(expected.map((s) => String(s.id)).sort());
      expect(sessions.length).toBeGreaterThan(0);
      for (const s of sessions) {
        expect(s).toMatchObject({ meetingNativeId: nativeId, live: false, title: conference.name });
        // the length is end − start; billing_duration (a different, unpublished measure) stays in raw
        const stat = sim.state.sessions.find((x) => String(x.id) === s.nativeId)!;
        expect(s.durationSeconds).toBe((Date.parse(stat.end_time!) - Date.parse(stat.start_time!)) / 1000);
        expect(s.durationSeconds).not.toBe(stat.billing_duration);
        expect((s.raw as { billing_duration: number }).billing_duration).toBe(stat.billing_duration);
        expect(s.participantCount).toBeGreaterThanOrEqual(2);
      }
    });
    expect((result[4] as MeetgraphError).code).toBe('UNSUPPORTED_BY_VENDOR');
    expect((result[5] as MeetgraphError).code).toBe('NOT_FOUND');
    // the same batch again in the same request asks nothing
    await ds.meetingSessions(ids, c);
    expect(sim.control.calls('session.list')).toBe(2);
    expect(sim.control.calls('conferences.get')).toBe(5);
  });

  it('a conference that has not started has no sessions and costs no /session call', async () => {
    const upcoming = conferences().find((x) => Date.parse(x.conference.start_time!) > START.getTime())!;
    const [sessions] = await ds.meetingSessions([`conference:${upcoming.conference.id}`], ctx());
    expect(sessions).toEqual([]);
    expect(sim.control.calls('session.list')).toBe(0);
  });

  it('lists sessions of every service key in range, one call per key, the ad-hoc one without a meeting', async () => {
    const from = new Date(START.getTime() - 8 * DAY);
    const page = await ds.listSessions(sessionQuery({ from, to: START }), ctx());
    expect(sim.control.details('session.list').sort()).toEqual([sim.state.serviceKeys.meeting, sim.state.serviceKeys.meetingRoom2].sort());
    const expected = sim.state.sessions.filter((s) => Date.parse(s.start_time!) >= from.getTime());
    expect(page.items.map((s) => s.nativeId).sort()).toEqual(expected.map((s) => String(s.id)).sort());
    const orphans = page.items.filter((s) => s.meetingNativeId === null);
    expect(orphans).toHaveLength(1);
    const starts = page.items.map((s) => s.startedAt!.getTime());
    expect(starts).toEqual([...starts].sort((x, y) => y - x));

    const firstTwo = await ds.listSessions(sessionQuery({ from, to: START, limit: 2 }), ctx());
    expect(firstTwo.items.map((s: SessionRecord) => s.nativeId)).toEqual(page.items.slice(0, 2).map((s) => s.nativeId));
    expect(firstTwo.hasMore).toBe(true);
    expect((await ds.listSessions(sessionQuery({ from, to: START, live: true }), ctx())).items).toEqual([]);
  });
});

describe('apizee recordings and participants', () => {
  it('maps conference media and ticket medias to recordings', async () => {
    const withMedia = [...sim.state.conferenceMedia].find(([, media]) => media.length >= 2)![0];
    const done = ticketIn('done');
    const [conf, ticket] = await ds.meetingRecordings([`conference:${withMedia}`, `ticket:${done}`], ctx());
    const confRecordings = unwrap(conf!);
    expect(confRecordings.length).toBe(sim.state.conferenceMedia.get(withMedia)!.length);
    const recording = confRecordings.find((r) => (r.raw as { source_type: string }).source_type === 'conf_record')!;
    expect(recording).toMatchObject({ mediaType: 'VIDEO', mimeType: 'video/mp4', meetingNativeId: `conference:${withMedia}` });
    expect(recording.sizeBytes).toBeGreaterThan(0);
    const ticketRecordings = unwrap(ticket!);
    expect(new Set(ticketRecordings.map((r) => r.mediaType))).toEqual(new Set(['VIDEO', 'IMAGE']));
    // ticket medias carry no date: they are dated by the ticket
    const start = sim.state.tickets.find((t) => t.id === done)!.start_time!;
    expect(ticketRecordings.every((r) => r.createdAt?.getTime() === Date.parse(start))).toBe(true);
    expect(sim.control.details('tickets.medias')).toEqual([String(done)]);

    const byId = await ds.getRecordings([recording.nativeId, ticketRecordings[0]!.nativeId, `ticket:${done}:media:1`, 'media:1'], ctx());
    expect(byId.map((r) => (r instanceof Error ? 'error' : (r?.nativeId ?? null)))).toEqual([
      recording.nativeId,
      ticketRecordings[0]!.nativeId,
      null,
      null,
    ]);
  });

  it('lists recordings of the range across conferences and tickets, filtered by media type', async () => {
    const from = new Date(START.getTime() - 7 * DAY);
    const page = await ds.listRecordings(recordingQuery({ from, to: START }), ctx());
    expect(page.partialReason ?? null).toBeNull();
    const meetings = new Set(page.items.map((r) => r.meetingNativeId!.split(':')[0]));
    expect(meetings).toEqual(new Set(['conference', 'ticket']));
    expect(page.items.every((r: RecordingRecord) => r.createdAt! >= from && r.createdAt! <= START)).toBe(true);
    // conferences that have not started are not asked for media
    const future = conferences()
      .filter((c) => Date.parse(c.conference.start_time!) > START.getTime())
      .map((c) => String(c.conference.id));
    expect(sim.control.details('conferences.media').filter((id) => future.includes(id))).toEqual([]);
    const images = await ds.listRecordings(recordingQuery({ from, to: START, mediaTypes: ['IMAGE'] }), ctx());
    expect(images.items.length).toBeGreaterThan(0);
    expect(images.items.every((r) => r.mediaType === 'IMAGE')).toBe(true);
  });

  it('without enterpriseId: ticket medias are unsupported, the recordings list is PARTIAL', async () => {
    const bare = makeDatasource({ enterpriseId: undefined });
    const [conf, ticket] = await bare.meetingRecordings(
      [`conference:${ended(sim.state.serviceKeys.meeting)[0]}`, `ticket:${ticketIn('done')}`],
      ctx(),
    );
    expect(Array.isArray(conf)).toBe(true);
    expect((ticket as MeetgraphError).code).toBe('UNSUPPORTED_BY_VENDOR');
    const page = await bare.listRecordings(recordingQuery({ from: new Date(START.getTime() - 7 * DAY) }), ctx());
    expect(page.partialReason).toMatch(/enterpriseId/);
    expect(page.items.every((r) => r.meetingNativeId!.startsWith('conference:'))).toBe(true);
    expect(sim.control.calls('tickets.medias')).toBe(0);
  });

  it('a ticket has its agent and requestor, a conference its organizer and moderator', async () => {
    const live = sim.state.tickets.find((t) => t.state === 'inprogress')!;
    const conference = conferences()[1]!.conference;
    const [ticketPeople, confPeople, missing] = await ds.meetingParticipants(
      [`ticket:${live.id}`, `conference:${conference.id}`, 'ticket:1'],
      ctx(),
    );
    expect(unwrap(ticketPeople!).map((p) => [p.role, p.presence])).toEqual([
      ['AGENT', 'ONLINE'],
      ['CUSTOMER', 'ONLINE'],
    ]);
    expect(unwrap(ticketPeople!)[0]!.email).toBe(live.agent);
    expect(unwrap(confPeople!).map((p) => [p.displayName, p.role])).toEqual([
      [conference.organizer!.name, 'MODERATOR'],
      [conference.moderator!.name, 'MODERATOR'],
    ]);
    expect((missing as MeetgraphError).code).toBe('NOT_FOUND');
    const byId = await ds.getParticipants(
      [`ticket:${live.id}:requestor`, `conference:${conference.id}:user:${conference.moderator!.id}`, 'ticket:1:agent'],
      ctx(),
    );
    expect(byId.map((p) => (p instanceof Error ? 'error' : (p?.role ?? null)))).toEqual(['CUSTOMER', 'MODERATOR', null]);
  });
});

describe('apizee ticket statistics', () => {
  it('maps the French-keyed statistics in the enterprise zone, asking local dates', async () => {
    const from = new Date(START.getTime() - 7 * DAY);
    const page = await ds.listConnectionReports(reportQuery({ from, to: START }), ctx());
    expect(sim.control.details('tickets.stats')).toEqual(['2025-03-05..2025-03-13']);
    expect(page.partialReason ?? null).toBeNull();
    expect(page.items.length).toBe(sim.state.ticketStats.length);
    const row = sim.state.ticketStats.find((r) => r['Durée totale des appels (secondes)'] !== 0)!;
    const report = page.items.find((r) => r.nativeId === String(row.ID))!;
    expect(report).toMatchObject({
      mode: 'VIDEO_ASSISTANCE',
      reference: String(row.Ref),
      durationSeconds: row['Durée totale des appels (secondes)'],
      rawTimestamp: row['Date de début de session'],
      agent: { name: row['Assigné à'], vendorUserId: row.Identifiant },
      target: { name: row.Demandeur, device: row.Appareil, os: row["Système d'exploitation"], browser: row.Navigateur },
    });
    // the seeded ticket started at its UTC start_time; the row writes it as Paris wall-clock time
    const ticket = sim.state.tickets.find((t) => t.id === row.ID)!;
    expect(report.startedAt?.getTime()).toBe(Date.parse(ticket.start_time!));
    expect(report.rawTimestamp).not.toBe(ticket.start_time);
  });

  it('without `from` reads a bounded history and says so', async () => {
    const page = await ds.listConnectionReports(reportQuery({ limit: 2 }), ctx());
    expect(page.items).toHaveLength(2);
    expect(page.hasMore).toBe(true);
    expect(page.partialReason).toMatch(/from/);
  });

  it('gets reports by ticket id with one statistics call for the batch', async () => {
    const ids = sim.state.ticketStats.slice(0, 3).map((r) => String(r.ID));
    const got = await ds.getConnectionReports([...ids, '424242'], ctx());
    expect(got.map((r) => (r instanceof Error ? 'error' : (r?.nativeId ?? null)))).toEqual([...ids, null]);
    expect(sim.control.calls('tickets.stats')).toBe(1);
  });
});

describe('apizee writes and links', () => {
  it('creates a conference with query parameters; the new one shows in the same request', async () => {
    const c = ctx();
    await ds.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), c);
    const startsAt = new Date(START.getTime() + 3 * HOUR);
    const created = await ds.createMeeting(
      createCommand({
        title: 'Claim 42 review',
        startsAt,
        durationMinutes: 45,
        settings: [
          { name: 'moderation', value: true },
          { name: 'invite', value: true },
        ],
        participants: [
          { displayName: 'Dr Doe', email: 'dr.doe@sandbox.apizee.example', phone: null, role: 'MODERATOR' },
          { displayName: 'Claire', email: 'claire@customer.example', phone: null, role: 'PARTICIPANT' },
          { displayName: null, email: null, phone: '+33612345678', role: null },
        ],
      }),
      c,
    );
    expect(created).toMatchObject({ kind: 'SCHEDULED', title: 'Claim 42 review', status: 'SCHEDULED', durationMinutes: 45 });
    expect(created.startsAt).toEqual(startsAt);
    expect(created.nativeId).toMatch(/^conference:\d+$/);
    const stored = conferences().find((x) => `conference:${x.conference.id}` === created.nativeId)!;
    expect(stored.participants).toEqual(['claire@customer.example', '+33612345678']);
    expect(stored.conference.moderator?.name).toBe('Dr Doe');
    expect(stored.conference.moderation).toBe(true);
    const after = await ds.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), c);
    expect(after.items.map((m) => m.nativeId)).toContain(created.nativeId);
  });

  it('refuses a conference without participants before any call', async () => {
    const error = await failure(ds.createMeeting(createCommand({ participants: [] }), ctx()));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.participants' });
    expect(sim.control.calls()).toBe(0);
  });

  it('creates a ticket for kind ASSISTANCE: AGENT as agent, the reference setting as reference, scope=sso for the agent link', async () => {
    const created = await ds.createMeeting(
      createCommand({
        kind: 'ASSISTANCE',
        title: 'Boiler will not start',
        settings: [{ name: 'reference', value: 'CASE-9001' }],
        participants: [
          { displayName: 'Agent 2', email: 'agent2@sandbox.apizee.example', phone: null, role: 'AGENT' },
          { displayName: 'Hugo', email: null, phone: '+33698765432', role: 'CUSTOMER' },
        ],
      }),
      ctx(),
    );
    const ticket = sim.state.tickets.find((t) => `ticket:${t.id}` === created.nativeId)!;
    // the reference is the customer's case id, never the title (a ticket has no title field)
    expect(ticket).toMatchObject({ agent: 'agent2@sandbox.apizee.example', reference: 'CASE-9001', requestor: { phone: '+33698765432' } });
    expect(sim.control.details('tickets.create')).toEqual(['scope=sso;reference=CASE-9001']);
    expect(created).toMatchObject({ kind: 'ASSISTANCE', status: 'SCHEDULED', title: `Video assistance ${ticket.id}` });
    // the creation reply is the only place the agent link appears: agentURL/entrypoint/button_id/tickets/id
    expect(created.settings).toEqual([
      { name: 'reference', value: 'CASE-9001' },
      { name: 'agentUrl', value: `https://cloud.apizee.com/entrypoint/223/tickets/${ticket.id}` },
    ]);
    // the single-sign-on URL carries an access token: not in raw
    expect(JSON.stringify(created.raw)).not.toContain('access_token');

    const noAgent = await failure(
      ds.createMeeting(
        createCommand({
          kind: 'ASSISTANCE',
          participants: [{ displayName: null, email: 'x@customer.example', phone: null, role: 'CUSTOMER' }],
        }),
        ctx(),
      ),
    );
    expect(noAgent).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.participants' });
    const badReference = await failure(
      ds.createMeeting(createCommand({ kind: 'ASSISTANCE', settings: [{ name: 'reference', value: true }], participants: [] }), ctx()),
    );
    expect(badReference).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.settings' });
    expect(sim.control.calls('tickets.create')).toBe(1);
  });

  it('startSession returns the host link without a write; a listed ticket has no agent link to give', async () => {
    const live = conferences().find(
      (x) => Date.parse(x.conference.start_time!) <= START.getTime() && Date.parse(x.conference.end_time!) >= START.getTime(),
    )!;
    const link = await ds.startSession(`conference:${live.conference.id}`, { ...noStart, hostName: 'Dr Doe' }, ctx());
    expect(link).toEqual({ url: `${live.conference.url}?name=Dr+Doe`, role: 'MODERATOR', expiresAt: null });
    const invited = sim.state.tickets.find((t) => t.state === 'invited')!;
    // GET /tickets rows carry no agent_url/button_id (published example): no link is invented
    expect((await failure(ds.startSession(`ticket:${invited.id}`, noStart, ctx()))).code).toBe('UNSUPPORTED_BY_VENDOR');
    expect((await failure(ds.startSession(`ticket:${ticketIn('done')}`, noStart, ctx()))).code).toBe('VENDOR_REJECTED');
    expect((await failure(ds.startSession('conference:999', noStart, ctx()))).code).toBe('NOT_FOUND');
    expect(sim.control.calls('conferences.create') + sim.control.calls('tickets.create')).toBe(0);
  });

  it('createJoinLink: conference url named for MODERATOR/PARTICIPANT, ticket requestor url, other roles refused', async () => {
    const upcoming = conferences().find((x) => Date.parse(x.conference.start_time!) > START.getTime())!;
    const link = await ds.createJoinLink(`conference:${upcoming.conference.id}`, joinCommand({ displayName: 'Léa Dubois' }), ctx());
    expect(link.role).toBe('PARTICIPANT');
    expect(new URL(link.url).searchParams.get('name')).toBe('Léa Dubois');
    expect(link.url.startsWith(upcoming.conference.url!)).toBe(true);
    const invited = sim.state.tickets.find((t) => t.state === 'invited')!;
    expect(await ds.createJoinLink(`ticket:${invited.id}`, joinCommand({ role: 'CUSTOMER' }), ctx())).toEqual({
      url: invited.requestor_url,
      role: 'CUSTOMER',
      expiresAt: null,
    });
    const agentLink = await failure(ds.createJoinLink(`ticket:${invited.id}`, joinCommand({ role: 'AGENT' }), ctx()));
    expect(agentLink.code).toBe('UNSUPPORTED_BY_VENDOR');
    expect(await failure(ds.createJoinLink(`ticket:${invited.id}`, joinCommand({ role: 'PARTICIPANT' }), ctx()))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.role',
    });
    expect(
      await failure(ds.createJoinLink(`conference:${upcoming.conference.id}`, joinCommand({ role: 'SPECTATOR' }), ctx())),
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await failure(ds.createJoinLink(`conference:${upcoming.conference.id}`, joinCommand({ password: 'x' }), ctx()))).toMatchObject({
      field: 'input.password',
    });
  });
});

describe('apizee readings the published page leaves open', () => {
  type StoredConference = ApizeeSimulatorState['conferences'][number];
  const conferenceLike = (id: number, start: string, end: string, created: string, serviceKey: string): StoredConference => ({
    conference: {
      ...conferences()[0]!.conference,
      id,
      name: `Extra ${id}`,
      start_time: start,
      end_time: end,
      created,
      modified: created,
      service_key: serviceKey,
    },
    participants: ['guest@customer.example'],
    cancelled: false,
  });
  const pushing =
    (...items: Array<ApizeeSimulatorState['conferences'][number]>) =>
    () => {
      sim.state.conferences.push(...items);
      return () => {
        for (const item of items) sim.state.conferences.splice(sim.state.conferences.indexOf(item), 1);
      };
    };

  it('`since` may filter on creation: a conference created weeks before it starts this week is still listed', async () => {
    const key = sim.state.serviceKeys.meeting;
    const early = conferenceLike(842901, '2025-03-13T09:00:00+00:00', '2025-03-13T10:00:00+00:00', '2025-02-20T09:00:00+00:00', key);
    await withState(pushing(early), async () => {
      expect(sim.state.conferenceSinceField).toBe('created');
      const page = await ds.listMeetings(meetingQuery({ from: weekStart, to: weekEnd, kinds: ['SCHEDULED'] }), ctx());
      expect(page.items.map((m) => m.nativeId)).toContain('conference:842901');
      // the look-back only widens what is read: a conference starting before `from` is still cut locally
      expect(page.items.every((m) => m.startsAt! >= weekStart)).toBe(true);
    });
  });

  it('a vendor that ignores `offset` ends the read without duplicates and the list says PARTIAL', async () => {
    const small = smallPagesDatasource(3);
    await withState(
      () => {
        sim.state.ignoreConferenceOffset = true;
        return () => {
          sim.state.ignoreConferenceOffset = false;
        };
      },
      async () => {
        const page = await small.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), ctx());
        const ids = page.items.map((m) => m.nativeId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toHaveLength(3);
        expect(page.partialReason).toMatch(/offset/);
        expect(sim.control.calls('conferences.list')).toBe(2);
      },
    );
  });

  it('an unreadable conference or ticket is skipped with PARTIAL; it fails neither the list nor the other look-ups', async () => {
    const yearOne = '0001-01-01T00:00:00+00:00';
    const odd = conferenceLike(842902, yearOne, '0001-01-01T01:00:00+00:00', yearOne, sim.state.serviceKeys.meeting);
    const badTicket = { ...sim.state.tickets[0]!, id: 663999, start_time: 'soon', created: '2025-03-11T08:00:00+00:00' };
    await withState(
      () => {
        const undo = pushing(odd)();
        sim.state.tickets.push(badTicket);
        return () => {
          undo();
          sim.state.tickets.splice(sim.state.tickets.indexOf(badTicket), 1);
        };
      },
      async () => {
        const page = await ds.listMeetings(meetingQuery(), ctx());
        expect(page.items.map((m) => m.nativeId)).not.toContain('conference:842902');
        expect(page.items.map((m) => m.nativeId)).not.toContain('ticket:663999');
        expect(page.items).toHaveLength(conferences().length - 1 + sim.state.tickets.length - 1);
        expect(page.partialReason).toMatch(/1 conferences that could not be read/);
        expect(page.partialReason).toMatch(/1 tickets that could not be read/);
        const good = conferences()[0]!.conference.id;
        const got = await ds.getMeetings([`conference:${good}`, 'conference:842902', `ticket:${ticketIn('done')}`, 'ticket:663999'], ctx());
        expect((got[0] as MeetingRecord).nativeId).toBe(`conference:${good}`);
        // that id alone fails (its code is the vendor-garbage code of datasources/vendor-errors.ts)
        expect(got[1]).toBeInstanceOf(MeetgraphError);
        expect((got[1] as Error).message).toMatch(/conference 842902 in a form meetgraph cannot read/);
        expect((got[2] as MeetingRecord).kind).toBe('ASSISTANCE');
        expect(got[3]).toBeNull();
      },
    );
  });

  it('a conference the list returned costs no GET /conferences/{id} later in the same request', async () => {
    const c = ctx();
    const page = await ds.listMeetings(meetingQuery({ kinds: ['SCHEDULED'] }), c);
    const ids = page.items.map((m) => m.nativeId);
    expect(ids.length).toBe(conferences().length);
    const got = await ds.getMeetings(ids, c);
    expect(got.map((m) => (m as MeetingRecord).nativeId)).toEqual(ids);
    await ds.meetingParticipants(ids, c);
    await ds.createJoinLink(
      ids.find((id) => page.items.find((m) => m.nativeId === id)?.status === 'SCHEDULED')!,
      joinCommand(),
      c,
    );
    expect(sim.control.calls('conferences.get')).toBe(0);
    expect(sim.control.calls('conferences.list')).toBe(1);
    // a new request asks again
    await ds.getMeetings([ids[0]!], ctx());
    expect(sim.control.calls('conferences.get')).toBe(1);
  });

  it('without a GET /conferences/{id} route, look-ups fall back to the documented list (read once)', async () => {
    await withState(
      () => {
        sim.state.conferenceByIdRoute = false;
        return () => {
          sim.state.conferenceByIdRoute = true;
        };
      },
      async () => {
        const [a, b] = conferences().map((x) => x.conference.id);
        const got = await ds.getMeetings([`conference:${a}`, 'conference:999', `conference:${b}`], ctx());
        expect(got.map((m) => (m === null ? null : (m as MeetingRecord).nativeId))).toEqual([`conference:${a}`, null, `conference:${b}`]);
        expect(sim.control.calls('conferences.get')).toBe(3);
        expect(sim.control.details('conferences.list')).toEqual(['offset=0;since=']);
      },
    );
  });

  it('a session statistic inside two overlapping conferences of one service key is given to neither, and the list says so', async () => {
    const key = sim.state.serviceKeys.meeting;
    const owner = conferences().find((x) => ended(key).includes(x.conference.id))!.conference;
    const [opens, closes] = [Date.parse(owner.start_time!), Date.parse(owner.end_time!)];
    const inside = (at: string): boolean => Date.parse(at) >= opens && Date.parse(at) <= closes;
    const stats = sim.state.sessions.filter((x) => x.service?.key === key && inside(x.start_time!));
    expect(stats.length).toBeGreaterThan(0);
    const twin = conferenceLike(842903, owner.start_time!, owner.end_time!, owner.created!, key);
    await withState(pushing(twin), async () => {
      const [mine, theirs] = await ds.meetingSessions([`conference:${owner.id}`, 'conference:842903'], ctx());
      const statIds = stats.map((x) => String(x.id));
      expect(unwrap(mine!).filter((x) => statIds.includes(x.nativeId))).toEqual([]);
      expect(unwrap(theirs!)).toEqual([]);
      const from = new Date(Date.parse(owner.start_time!) - HOUR);
      const page = await ds.listSessions(sessionQuery({ from, to: START }), ctx());
      for (const id of statIds) expect(page.items.find((x) => x.nativeId === id)?.meetingNativeId).toBeNull();
      expect(page.partialReason).toMatch(/overlapping conferences/);
    });
  });
});

describe('apizee capabilities and config', () => {
  const every: Array<[Capability | null, (d: VendorDatasource, c: CallContext) => Promise<unknown>]> = [
    ['LIST_MEETINGS', (d, c) => d.listMeetings(meetingQuery(), c)],
    ['GET_MEETING', (d, c) => d.getMeetings(['x'], c)],
    ['CREATE_MEETING', (d, c) => d.createMeeting(createCommand({ kind: 'ROOM' }), c)],
    ['UPDATE_MEETING', (d, c) => d.updateMeeting('conference:1', {}, c)],
    ['DELETE_MEETING', (d, c) => d.deleteMeeting('conference:1', c)],
    ['START_SESSION', (d, c) => d.startSession('x', noStart, c)],
    ['END_SESSION', (d, c) => d.endSession('conference:1', c)],
    ['CREATE_JOIN_LINK', (d, c) => d.createJoinLink('x', joinCommand(), c)],
    ['MEETING_SETTINGS', (d, c) => d.meetingSettings(['x'], c)],
    ['MEETING_PARTICIPANTS', (d, c) => d.meetingParticipants(['x'], c)],
    ['MEETING_SESSIONS', (d, c) => d.meetingSessions(['x'], c)],
    ['MEETING_RECORDINGS', (d, c) => d.meetingRecordings(['x'], c)],
    ['LIST_SESSIONS', (d, c) => d.listSessions(sessionQuery({ from: START, to: START }), c)],
    ['SESSION_PARTICIPANTS', (d, c) => d.sessionParticipants(['x'], c)],
    ['SESSION_RECORDINGS', (d, c) => d.sessionRecordings(['x'], c)],
    ['LIST_RECORDINGS', (d, c) => d.listRecordings(recordingQuery({ from: START, to: START }), c)],
    ['LIST_CONNECTION_REPORTS', (d, c) => d.listConnectionReports(reportQuery({ from: START, to: START }), c)],
    // look-ups by id ride on the capability of the list they come from
    ['MEETING_PARTICIPANTS', (d, c) => d.getParticipants(['x'], c)],
    ['MEETING_RECORDINGS', (d, c) => d.getRecordings(['x'], c)],
    ['LIST_CONNECTION_REPORTS', (d, c) => d.getConnectionReports(['x'], c)],
    [null, (d, c) => d.getSessions(['x'], c)],
  ];
  const outcome = (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'ok',
      (error: { code?: string }) => {
        seenErrors.push(error);
        return error.code ?? 'error';
      },
    );

  it('declares exactly what it implements; everything else is UNSUPPORTED_BY_VENDOR', async () => {
    expect([...ds.capabilities].sort()).toEqual(
      [
        'LIST_MEETINGS',
        'GET_MEETING',
        'CREATE_MEETING',
        'START_SESSION',
        'CREATE_JOIN_LINK',
        'MEETING_PARTICIPANTS',
        'MEETING_SESSIONS',
        'MEETING_RECORDINGS',
        'LIST_SESSIONS',
        'LIST_RECORDINGS',
        'LIST_CONNECTION_REPORTS',
      ].sort(),
    );
    for (const [index, [capability, call]] of every.entries()) {
      const result = await outcome(call(ds, ctx()));
      if (capability && ds.capabilities.has(capability))
        expect([index, capability, result]).not.toEqual([index, capability, 'UNSUPPORTED_BY_VENDOR']);
      else expect([index, capability, result]).toEqual([index, capability, 'UNSUPPORTED_BY_VENDOR']);
    }
  });

  it('without enterpriseId there are no connection reports, and no call is made for them', async () => {
    const bare = makeDatasource({ enterpriseId: undefined });
    expect(bare.capabilities.has('LIST_CONNECTION_REPORTS')).toBe(false);
    expect(await outcome(bare.listConnectionReports(reportQuery(), ctx()))).toBe('UNSUPPORTED_BY_VENDOR');
    expect(await outcome(bare.getConnectionReports(['1'], ctx()))).toBe('UNSUPPORTED_BY_VENDOR');
    expect(sim.control.calls()).toBe(0);
  });

  it('validates the connection entry: credentials, integer enterpriseId, a real IANA timezone, nothing else', () => {
    const check = (overrides: Record<string, unknown>): string[] =>
      validateSync(plainToInstance(ApizeeConnectionConfig, { ...apizeeModule.sandboxConnection(sim, 'apz'), ...overrides }), {
        whitelist: true,
        forbidNonWhitelisted: true,
      }).map((e) => e.property);
    expect(check({})).toEqual([]);
    expect(check({ timezone: 'Mars/Olympus_Mons' })).toEqual(['timezone']);
    expect(check({ timezone: 'America/New_York' })).toEqual([]);
    expect(check({ enterpriseId: '1' })).toEqual(['enterpriseId']);
    expect(check({ credentials: { username: 'a' } })).toEqual(['credentials']);
    expect(check({ apiKey: 'x' })).toEqual(['apiKey']);
  });
});
