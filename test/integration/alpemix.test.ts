import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DateTime } from 'luxon';
import {
  ALPEMIX_SANDBOX_CREDENTIALS,
  alpemixModule,
  AlpemixConnectionConfig,
  defaultAlpemixBudgetGroup,
  type AlpemixSimulatorState,
} from '../../datasources/alpemix/index.js';
import { startAlpemixSimulator } from '../../datasources/alpemix/simulator.js';
import type { AlpemixDatasource } from '../../datasources/alpemix/datasource.js';
import { ConnectionHealth } from '../../datasources/health.js';
import type { ConnectionReportListQuery } from '../../datasources/list-queries.js';
import { newCallContext } from '../../datasources/request-memo.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import type { VendorDatasource } from '../../datasources/vendor.js';
import { VendorError } from '../../datasources/vendor-errors.js';
import { silentLogger } from '../../core/logger.js';

const ZONE = 'Europe/Istanbul';
// 15:00 in Istanbul: both days hold seeded connections.
let nowMs = Date.parse('2024-08-22T12:00:00Z');
const clock = (): Date => new Date(nowMs);
const advance = (ms: number): void => {
  nowMs += ms;
};

let sim: RunningSimulator<AlpemixSimulatorState>;
/** Error messages of the current test; afterEach checks them for secrets, so every test is checked on its own. */
const errorMessages: string[] = [];
const SECOND_ACCOUNT = { mainUsername: 'branch.office', secretKey: 'alpemix-branch-secret-91d2e4' };

beforeAll(async () => {
  sim = await startAlpemixSimulator({ clock, seed: 11 });
  sim.state.accounts.set(SECOND_ACCOUNT.mainUsername, { secretKey: SECOND_ACCOUNT.secretKey, connections: [] });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  // each test starts a fresh minute at the vendor and a fresh datasource (fresh budgets)
  advance(5 * 60_000);
  sim.control.resetCalls();
  sim.control.clearFaults();
  sim.state.resetLimits();
  sim.state.callerIp = null;
  sim.state.unescapedBackslashes = false;
  sim.state.durationKey = 'dur:';
  errorMessages.length = 0;
});
afterEach(() => {
  // Every secret this test could have leaked: both accounts' keys, a wrong key it tried and every token issued.
  const secrets = [ALPEMIX_SANDBOX_CREDENTIALS.secretKey, SECOND_ACCOUNT.secretKey, 'wrong-secret-123456', ...sim.state.tokens.keys()];
  for (const message of errorMessages) for (const secret of secrets) expect(message).not.toContain(secret);
});

interface Made {
  ds: AlpemixDatasource;
  health: ConnectionHealth;
}

let groups = 0;

/**
 * A fresh datasource. Each gets its own budget group unless the test names one (or passes `budgetGroup: undefined`
 * for the default, shared by every connection to this simulator), so one test's calls never spend another's budget.
 */
function make(overrides: Record<string, unknown> = {}): Made {
  const health = new ConnectionHealth(clock);
  // Failures injected by one test must not open the circuit for the next, whatever order they run in
  // (the breaker has its own tests in test/api/faults.api.test.ts).
  const plain = {
    ...alpemixModule.sandboxConnection(sim, 'alp'),
    budgetGroup: `test-${++groups}`,
    breaker: { failures: 1_000 },
    ...overrides,
  };
  const config = plainToInstance(AlpemixConnectionConfig, plain);
  const ds = alpemixModule.createDatasource(config, { logger: silentLogger(), health, now: clock }) as AlpemixDatasource;
  return { ds, health };
}

function query(partial: Partial<ConnectionReportListQuery> = {}): ConnectionReportListQuery {
  return { from: null, to: null, offset: 0, limit: 200, modes: null, search: null, ...partial };
}

const ctx = (): ReturnType<typeof newCallContext> => newCallContext(`req-${Math.random().toString(36).slice(2)}`);
const startOfToday = (): Date => DateTime.fromMillis(nowMs, { zone: ZONE }).startOf('day').toJSDate();
const startOfYesterday = (): Date => DateTime.fromMillis(nowMs, { zone: ZONE }).startOf('day').minus({ days: 1 }).toJSDate();

async function failure(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VendorError);
    errorMessages.push((error as Error).message);
    return error as VendorError;
  }
  throw new Error('expected a failure');
}

function vendorUids(day: 'today' | 'yesterday'): string[] {
  return sim.state.report(ALPEMIX_SANDBOX_CREDENTIALS.mainUsername, day).map((c) => String(c.uid));
}

describe('alpemix datasource over HTTP', () => {
  it('lists today and yesterday: one token call, one report call per day, mapped and ordered', async () => {
    const { ds } = make();
    const page = await ds.listConnectionReports(query({ from: startOfYesterday() }), ctx());
    const expected = [...vendorUids('today'), ...vendorUids('yesterday')];
    expect(expected.length).toBeGreaterThan(5);
    expect(page.items.map((r) => r.nativeId)).toEqual(expected);
    expect(page.hasMore).toBe(false);
    expect(page.partialReason ?? null).toBeNull();
    expect(sim.control.calls('token')).toBe(1);
    expect(sim.control.details('report').sort()).toEqual(['today', 'yesterday']);
    const first = page.items[0]!;
    expect(first.rawTimestamp).toMatch(/^\d{2}:\d{2}:\d{2} \d{2}\\\d{2}\\\d{4}$/);
    expect(first.startedAt!.getTime()).toBeLessThanOrEqual(nowMs);
    expect(first.startedAt!.getTime()).toBeGreaterThanOrEqual(startOfToday().getTime());
    expect(first.durationSeconds).toEqual(expect.any(Number));
    expect(first.agent?.name).toEqual(expect.any(String));
    expect(page.items.some((r) => r.mode === 'PRESENTATION')).toBe(true);
    expect(page.items.some((r) => r.mode === 'SUPPORT')).toBe(true);
  });

  it('fetches only the days the range touches; a future range makes no call', async () => {
    const { ds } = make();
    const today = await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(today.items.map((r) => r.nativeId)).toEqual(vendorUids('today'));
    expect(sim.control.details('report')).toEqual(['today']);

    const yesterday = await ds.listConnectionReports(
      query({ from: startOfYesterday(), to: new Date(startOfToday().getTime() - 1) }),
      ctx(),
    );
    expect(yesterday.items.map((r) => r.nativeId)).toEqual(vendorUids('yesterday'));
    expect(sim.control.details('report')).toEqual(['today', 'yesterday']);

    const calls = sim.control.calls();
    const future = await ds.listConnectionReports(query({ from: new Date(nowMs + 2 * 86_400_000) }), ctx());
    expect(future).toEqual({ items: [], hasMore: false });
    expect(sim.control.calls()).toBe(calls);
  });

  it('serves a range older than yesterday for what exists, with a PARTIAL reason', async () => {
    const { ds } = make();
    const unbounded = await ds.listConnectionReports(query(), ctx());
    expect(unbounded.partialReason).toMatch(/today and yesterday only/);
    expect(unbounded.items.length).toBe(vendorUids('today').length + vendorUids('yesterday').length);

    const lastWeek = await ds.listConnectionReports(query({ from: new Date(nowMs - 7 * 86_400_000), to: new Date(nowMs) }), ctx());
    expect(lastWeek.partialReason).toMatch(/Europe\/Istanbul/);
    expect(lastWeek.items.length).toBe(unbounded.items.length);

    const calls = sim.control.calls();
    const older = await ds.listConnectionReports(
      query({ from: new Date(nowMs - 7 * 86_400_000), to: new Date(startOfYesterday().getTime() - 1) }),
      ctx(),
    );
    expect(older.items).toEqual([]);
    expect(older.partialReason).toMatch(/today and yesterday only/);
    expect(sim.control.calls()).toBe(calls);
  });

  it('pages exactly and stably, asking each day once per request and serving other requests from the cache', async () => {
    const { ds } = make();
    const request = ctx();
    const all = await ds.listConnectionReports(query({ from: startOfYesterday() }), request);
    const pages: string[] = [];
    for (let offset = 0; ; offset += 4) {
      const page = await ds.listConnectionReports(
        query({ from: startOfYesterday(), offset, limit: 4 }),
        offset % 8 === 0 ? request : ctx(),
      );
      pages.push(...page.items.map((r) => r.nativeId));
      expect(page.hasMore).toBe(offset + 4 < all.items.length);
      if (!page.hasMore) break;
    }
    expect(pages).toEqual(all.items.map((r) => r.nativeId));
    expect(sim.control.details('report').sort()).toEqual(['today', 'yesterday']);
  });

  it('filters by mode and search', async () => {
    const { ds } = make();
    const page = await ds.listConnectionReports(query({ from: startOfYesterday(), modes: ['PRESENTATION'] }), ctx());
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((r) => r.mode === 'PRESENTATION')).toBe(true);
    const searched = await ds.listConnectionReports(query({ from: startOfYesterday(), search: 'AYSE.DEMIR' }), ctx());
    expect(searched.items.every((r) => r.agent?.name === 'ayse.demir')).toBe(true);
    expect(searched.items.length).toBeGreaterThan(0);
  });

  it('looks connection reports up by uid from today and yesterday; unknown → null; no extra call in the same request', async () => {
    const { ds } = make();
    const request = ctx();
    await ds.listConnectionReports(query({ from: startOfYesterday() }), request);
    const [todayUid, yesterdayUid] = [vendorUids('today')[0]!, vendorUids('yesterday')[1]!];
    const found = await ds.getConnectionReports([todayUid, 'no-such-uid', yesterdayUid], request);
    expect(found.map((r) => (r instanceof Error || r === null ? r : r.nativeId))).toEqual([todayUid, null, yesterdayUid]);
    expect(sim.control.calls('report')).toBe(2);
    expect(await ds.getConnectionReports([], request)).toEqual([]);
  });

  it('accepts the doc-literal reply: unescaped backslashes in dt and the plain "dur" key', async () => {
    sim.state.unescapedBackslashes = true;
    sim.state.durationKey = 'dur';
    const { ds } = make();
    const page = await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(page.items.length).toBe(vendorUids('today').length);
    expect(page.items.every((r) => r.startedAt !== null && r.durationSeconds !== null)).toBe(true);
    expect(page.items[0]!.rawTimestamp).toContain('\\');
  });
});

describe('alpemix call budget: meetgraph never causes 204/205', () => {
  it('20 concurrent requests cost one token call and one report call per day; a spent budget serves the last answer', async () => {
    const { ds, health } = make();
    const pages = await Promise.all(Array.from({ length: 20 }, () => ds.listConnectionReports(query({ from: startOfYesterday() }), ctx())));
    const expected = [...vendorUids('today'), ...vendorUids('yesterday')];
    for (const page of pages) expect(page.items.map((r) => r.nativeId)).toEqual(expected);
    expect(sim.control.calls('token')).toBe(1);
    expect(sim.control.calls('report')).toBe(2);
    expect(health.snapshot().rateBudgetRemaining).toBe(1);

    // Within the 20 s cache: still no call.
    advance(15_000);
    await ds.listConnectionReports(query({ from: startOfYesterday() }), ctx());
    expect(sim.control.calls('report')).toBe(2);

    // Past the cache, two days are needed but one call is left: nothing is called, and instead of an error the
    // last answer (21 s old, within the 5 min a spent budget allows) is served.
    advance(6_000);
    const held = await ds.listConnectionReports(query({ from: startOfYesterday() }), ctx());
    expect(held.items.map((r) => r.nativeId)).toEqual(expected);
    expect(sim.control.calls()).toBe(3);

    // One day fits in the last slot; then the budget is spent.
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(sim.control.calls('report')).toBe(3);
    expect(health.snapshot().rateBudgetRemaining).toBe(0);
    advance(21_000);
    const spent = await ds.getConnectionReports([expected[0]!], ctx());
    expect(spent.map((r) => (r instanceof Error ? r : r?.nativeId))).toEqual([expected[0]]);
    expect(sim.control.calls('report')).toBe(3);

    // Once the window has rolled on, calls flow again; the vendor never answered 204/205.
    advance(20_000);
    await ds.listConnectionReports(query({ from: startOfYesterday() }), ctx());
    expect(sim.control.calls('report')).toBe(5);
    expect(sim.control.calls('token')).toBe(1);
    expect(sim.state.blockedUntil.size).toBe(0);
  });

  it('never sends a sixth token request in a minute, even when token requests keep failing', async () => {
    sim.control.inject({ operation: 'token', action: { kind: 'status', status: 200, body: { errornumber: 105 } } });
    const { ds } = make();
    for (let i = 0; i < 5; i++) {
      const error = await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()));
      expect(error.code).toBe('VENDOR_UNAVAILABLE');
    }
    const held = await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()));
    expect(held.code).toBe('VENDOR_RATE_LIMITED');
    expect(held.retryAfterSeconds).toBe(60);
    expect(sim.control.calls('token')).toBe(5);
    // report slots reserved for calls that never went out were given back
    expect(sim.control.calls('report')).toBe(0);
    sim.control.clearFaults();
    advance(61_000);
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(sim.control.calls('token')).toBe(6);
  });

  it('after a vendor 205 it holds back report calls for a whole minute', async () => {
    sim.control.inject({ operation: 'report', action: { kind: 'status', status: 200, body: { errornumber: 205 } }, times: 1 });
    const { ds, health } = make();
    const first = await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()));
    expect(first.code).toBe('VENDOR_RATE_LIMITED');
    expect(first.retryAfterSeconds).toBe(60);
    expect(health.snapshot().rateBudgetRemaining).toBe(0);
    advance(30_000);
    const second = await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()));
    expect(second.code).toBe('VENDOR_RATE_LIMITED');
    expect(second.retryAfterSeconds).toBe(30);
    expect(sim.control.calls('report')).toBe(1);
  });
});

describe('alpemix access token', () => {
  it('reuses the token for 23 h and fetches a new one after', async () => {
    const { ds } = make();
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    advance(22 * 3_600_000);
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(sim.control.calls('token')).toBe(1);
    advance(3_600_000 + 1_000);
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(sim.control.calls('token')).toBe(2);
    expect(sim.control.calls('report')).toBe(3);
  });

  it.each([
    ['202 (expired)', (s: AlpemixSimulatorState) => s.expireTokens()],
    ['203 (invalid)', (s: AlpemixSimulatorState) => s.invalidateTokens()],
    ['201 (caller IP changed)', (s: AlpemixSimulatorState) => void (s.callerIp = '10.20.30.40')],
    ['106 (token unknown to the vendor)', (s: AlpemixSimulatorState) => s.forgetTokens()],
  ])('re-authenticates once on %s and reissues the report call', async (_name, breakToken) => {
    const { ds } = make();
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    advance(61_000);
    breakToken(sim.state);
    const page = await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(page.items.map((r) => r.nativeId)).toEqual(vendorUids('today'));
    expect(sim.control.calls('token')).toBe(2);
    expect(sim.control.details('report')).toEqual(['today', 'today', 'today']);
  });

  it('drops the token on 106 instead of keeping it for 23 h: the next request needs no second re-authentication', async () => {
    const { ds } = make();
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    advance(61_000);
    sim.state.forgetTokens();
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    advance(61_000);
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    // one token for the first call, one after the 106; the third request reuses the second token
    expect(sim.control.calls('token')).toBe(2);
    expect(sim.control.calls('report')).toBe(4);
  });

  it('re-authenticates after 106 only within the budget: with no report call left nothing more is sent and the last answer is served', async () => {
    const { ds } = make();
    await ds.listConnectionReports(query({ from: startOfYesterday(), to: new Date(startOfToday().getTime() - 1) }), ctx());
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    advance(21_000); // past the 20 s cache, inside the vendor's minute: one report call left
    sim.control.inject({ operation: 'report', action: { kind: 'status', status: 200, body: { errornumber: 106 } }, times: 1 });
    const page = await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(page.items.map((r) => r.nativeId)).toEqual(vendorUids('today'));
    expect(sim.control.calls('report')).toBe(3);
    expect(sim.control.calls('token')).toBe(1);
  });

  it('re-authenticates only once: a second token error is VENDOR_AUTH_FAILED', async () => {
    sim.control.inject({ operation: 'report', action: { kind: 'status', status: 200, body: { errornumber: 202 } }, times: 2 });
    const { ds } = make();
    const error = await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()));
    expect(error.code).toBe('VENDOR_AUTH_FAILED');
    expect(sim.control.calls('token')).toBe(2);
    expect(sim.control.calls('report')).toBe(2);
  });

  it('rejects wrong credentials as the simulator answers them (200, 102, 104)', async () => {
    const cases: Array<[Record<string, string>, number]> = [
      [{ mainUsername: 'nobody.here', secretKey: ALPEMIX_SANDBOX_CREDENTIALS.secretKey }, 200],
      [{ mainUsername: ALPEMIX_SANDBOX_CREDENTIALS.mainUsername, secretKey: 'wrong-secret-123456' }, 102],
      [{ mainUsername: ALPEMIX_SANDBOX_CREDENTIALS.mainUsername, secretKey: 'has spaces "quoted"' }, 104],
    ];
    for (const [credentials, number] of cases) {
      const { ds } = make({ credentials });
      const error = await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()));
      expect(error.code).toBe('VENDOR_AUTH_FAILED');
      expect(error.upstreamStatus).toBe(number);
      expect(error.message).not.toContain(credentials.secretKey!);
    }
    expect(sim.control.calls('report')).toBe(0);
  });
});

describe('alpemix error numbers', () => {
  const table: Array<[number, 'token' | 'report', string, boolean]> = [
    [200, 'token', 'VENDOR_AUTH_FAILED', false],
    [102, 'token', 'VENDOR_AUTH_FAILED', false],
    [104, 'token', 'VENDOR_AUTH_FAILED', false],
    [204, 'token', 'VENDOR_RATE_LIMITED', true],
    [205, 'report', 'VENDOR_RATE_LIMITED', true],
    [100, 'token', 'INTERNAL_SERVER_ERROR', false],
    [101, 'report', 'INTERNAL_SERVER_ERROR', false],
    [107, 'report', 'INTERNAL_SERVER_ERROR', false],
    [103, 'report', 'VENDOR_UNAVAILABLE', true],
    [105, 'token', 'VENDOR_UNAVAILABLE', true],
    [108, 'report', 'VENDOR_UNAVAILABLE', true],
    [999, 'report', 'INTERNAL_SERVER_ERROR', false],
  ];

  it.each(table)('errornumber %i on %s → %s', async (number, operation, code, retryable) => {
    sim.control.inject({ operation, action: { kind: 'status', status: 200, body: { errornumber: number } }, times: 1 });
    const { ds } = make();
    const error = await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()));
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.upstreamStatus).toBe(number);
    expect(error.vendor).toBe('alpemix');
    expect(error.connectionId).toBe('alp');
  });

  it.each([
    [201, 'VENDOR_AUTH_FAILED'],
    [202, 'VENDOR_AUTH_FAILED'],
    [203, 'VENDOR_AUTH_FAILED'],
    [106, 'INTERNAL_SERVER_ERROR'],
  ])('errornumber %i twice → %s after one re-auth', async (number, code) => {
    sim.control.inject({ operation: 'report', action: { kind: 'status', status: 200, body: { errornumber: number } }, times: 2 });
    const { ds } = make();
    const error = await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()));
    expect(error.code).toBe(code);
    expect(error.upstreamStatus).toBe(number);
    expect(sim.control.calls('token')).toBe(2);
    expect(sim.control.calls('report')).toBe(2);
  });

  it('treats non-2xx answers as failures', async () => {
    sim.control.inject({ operation: 'report', action: { kind: 'status', status: 503 }, times: 1 });
    const { ds } = make();
    expect((await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()))).code).toBe('VENDOR_UNAVAILABLE');
    sim.control.inject({ operation: 'report', action: { kind: 'status', status: 404, body: { message: 'no route' } }, times: 1 });
    expect((await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()))).code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('maps a reset to VENDOR_UNAVAILABLE and a slow answer to VENDOR_TIMEOUT', async () => {
    sim.control.inject({ operation: 'report', action: { kind: 'reset' }, times: 1 });
    // 2 s leaves the (undelayed) token call ample time on a loaded machine; only the report call is slowed.
    const { ds } = make({ timeoutMs: 2_000 });
    expect((await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()))).code).toBe('VENDOR_UNAVAILABLE');
    sim.control.inject({ operation: 'report', action: { kind: 'delay', delayMs: 2_600 }, times: 1 });
    expect((await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()))).code).toBe('VENDOR_TIMEOUT');
  });
});

describe('alpemix simulator enforces the vendor rules', () => {
  const post = async (body: unknown): Promise<{ errornumber: number; accesstoken?: string; results?: unknown[] }> => {
    const res = await fetch(sim.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return (await res.json()) as { errornumber: number; accesstoken?: string; results?: unknown[] };
  };
  const step1 = { stepnumber: 1, secretkey: ALPEMIX_SANDBOX_CREDENTIALS.secretKey, mainusername: ALPEMIX_SANDBOX_CREDENTIALS.mainUsername };

  it('answers 100/101/106/107 to malformed requests and honours lastxconnection', async () => {
    expect((await post({})).errornumber).toBe(100);
    expect((await post({ stepnumber: 3 })).errornumber).toBe(101);
    const { accesstoken } = await post(step1);
    expect((await post({ stepnumber: 2, accesstoken })).errornumber).toBe(107);
    expect((await post({ stepnumber: 2, accesstoken, requestnumber: 9 })).errornumber).toBe(106);
    sim.state.resetLimits(); // the vendor's 3 report requests a minute
    expect((await post({ stepnumber: 2, accesstoken: 'never-issued-by-the-vendor', requestnumber: 1 })).errornumber).toBe(106);
    sim.state.invalidateTokens();
    expect((await post({ stepnumber: 2, accesstoken, requestnumber: 1 })).errornumber).toBe(203);
    const fresh = (await post(step1)).accesstoken;
    const last = await post({ stepnumber: 2, accesstoken: fresh, requestnumber: 1, lastxconnection: 2 });
    expect(last.errornumber).toBe(0);
    expect(last.results).toHaveLength(2);
  });

  it('blocks the IP after more than 5 token requests a minute (204) and answers 205 past 3 report requests', async () => {
    for (let i = 0; i < 5; i++) expect((await post(step1)).errornumber).toBe(0);
    expect((await post(step1)).errornumber).toBe(204);
    advance(61_000);
    expect((await post(step1)).errornumber).toBe(204); // still blocked
    sim.state.resetLimits();
    const { accesstoken } = await post(step1);
    for (let i = 0; i < 3; i++) expect((await post({ stepnumber: 2, accesstoken, requestnumber: 2 })).errornumber).toBe(0);
    expect((await post({ stepnumber: 2, accesstoken, requestnumber: 2 })).errornumber).toBe(205);
  });
});

describe('alpemix capabilities and configuration', () => {
  it('declares LIST_CONNECTION_REPORTS and rejects everything else with UNSUPPORTED_BY_VENDOR', async () => {
    const { ds } = make();
    expect([...ds.capabilities]).toEqual(['LIST_CONNECTION_REPORTS']);
    const c = ctx();
    const unsupported: Array<() => Promise<unknown>> = [
      () =>
        ds.listMeetings(
          { from: null, to: null, offset: 0, limit: 10, statuses: null, kinds: null, search: null, order: 'STARTS_AT_DESC' },
          c,
        ),
      () => ds.listSessions({ from: null, to: null, offset: 0, limit: 10, live: null }, c),
      () => ds.listRecordings({ from: null, to: null, offset: 0, limit: 10, mediaTypes: null }, c),
      () => ds.getMeetings(['1'], c),
      () => ds.getSessions(['1'], c),
      () => ds.getParticipants(['1'], c),
      () => ds.getRecordings(['1'], c),
      () => ds.meetingSettings(['1'], c),
      () => ds.meetingSessions(['1'], c),
      () => ds.meetingParticipants(['1'], c),
      () => ds.meetingRecordings(['1'], c),
      () => ds.sessionParticipants(['1'], c),
      () => ds.sessionRecordings(['1'], c),
      () =>
        ds.createMeeting(
          {
            kind: null,
            title: 't',
            description: null,
            startsAt: null,
            endsAt: null,
            durationMinutes: null,
            timezone: null,
            settings: null,
            participants: null,
            moderatorPassword: null,
            recorded: null,
          },
          c,
        ),
      () => ds.updateMeeting('1', {}, c),
      () => ds.deleteMeeting('1', c),
      () => ds.startSession('1', { hostName: null, title: null } as Parameters<VendorDatasource['startSession']>[1], c),
      () => ds.endSession('1', c),
      () => ds.createJoinLink('1', {} as Parameters<VendorDatasource['createJoinLink']>[1], c),
    ];
    for (const call of unsupported) expect((await failure(call())).code).toBe('UNSUPPORTED_BY_VENDOR');
    expect(sim.control.calls()).toBe(0);
    await expect(ds.listConnectionReports(query({ from: startOfToday() }), c)).resolves.toBeDefined();
    await expect(ds.getConnectionReports([vendorUids('today')[0]!], c)).resolves.toHaveLength(1);
  });

  it('validates the connection config: credentials, IANA timezone, no unknown keys', () => {
    const validate = (plain: Record<string, unknown>): string[] =>
      validateSync(plainToInstance(AlpemixConnectionConfig, plain), { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property);
    const good = alpemixModule.sandboxConnection(sim, 'alp');
    expect(validate(good)).toEqual([]);
    expect(validate({ ...good, timezone: 'Mars/Olympus' })).toEqual(['timezone']);
    expect(validate({ ...good, timezone: undefined })).toEqual([]);
    expect(validate({ ...good, credentials: { mainUsername: 'x' } })).toEqual(['credentials']);
    expect(validate({ ...good, extra: 1 })).toEqual(['extra']);
  });

  it('never puts a credential or token in an error message (checked here and after every test)', async () => {
    const wrongKey = make({ credentials: { mainUsername: ALPEMIX_SANDBOX_CREDENTIALS.mainUsername, secretKey: 'wrong-secret-123456' } });
    await failure(wrongKey.ds.listConnectionReports(query({ from: startOfToday() }), ctx()));
    const { ds } = make();
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    for (const number of [202, 106, 103]) {
      advance(61_000);
      const times = number === 103 ? 1 : 2; // 202 and 106 are retried once with a new token
      sim.control.inject({ operation: 'report', action: { kind: 'status', status: 200, body: { errornumber: number } }, times });
      await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()));
    }
    expect(errorMessages).toHaveLength(4);
    const secrets = [ALPEMIX_SANDBOX_CREDENTIALS.secretKey, 'wrong-secret-123456', ...sim.state.tokens.keys()];
    expect(sim.state.tokens.size).toBeGreaterThan(1);
    for (const message of errorMessages) for (const secret of secrets) expect(message).not.toContain(secret);
  });
});

describe('alpemix budget groups: the vendor counts per caller IP, so connections sharing an egress share one budget', () => {
  const second = { credentials: { ...SECOND_ACCOUNT } };

  it('two connections to one simulator share the default group (the base URL host) and never cause a 205', async () => {
    const a = make({ id: 'alp-a', budgetGroup: undefined });
    const b = make({ id: 'alp-b', budgetGroup: undefined, ...second });
    await a.ds.listConnectionReports(query({ from: startOfYesterday() }), ctx());
    expect(sim.control.calls('report')).toBe(2);
    expect(b.health.snapshot().rateBudgetRemaining).toBe(1);

    // b has its own account and token, but only one report call is left for the IP: both days are refused unsent.
    const refused = await failure(b.ds.listConnectionReports(query({ from: startOfYesterday() }), ctx()));
    expect(refused.code).toBe('VENDOR_RATE_LIMITED');
    expect(refused.connectionId).toBe('alp-b');
    expect(sim.control.calls('report')).toBe(2);

    const today = await b.ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(today.items).toEqual([]); // the second account has no connections
    expect(sim.control.calls('token')).toBe(2);
    expect(sim.control.calls('report')).toBe(3);
    expect(a.health.snapshot().rateBudgetRemaining).toBe(0);
    expect(b.health.snapshot().rateBudgetRemaining).toBe(0);
    expect(sim.state.blockedUntil.size).toBe(0);
  });

  it('the default group is the base URL host, port included', () => {
    expect(defaultAlpemixBudgetGroup('https://www.alpemix.com:5900/api')).toBe('www.alpemix.com:5900');
    expect(defaultAlpemixBudgetGroup('https://WWW.alpemix.com:5900/other')).toBe('www.alpemix.com:5900');
  });

  it('connections in different groups keep separate budgets (so the one-IP simulator then answers 205)', async () => {
    // Proves the simulator counts per IP: two budgets over one real IP overrun the vendor's limit.
    const a = make({ id: 'alp-a', budgetGroup: 'egress-1' });
    const b = make({ id: 'alp-b', budgetGroup: 'egress-2', ...second });
    await a.ds.listConnectionReports(query({ from: startOfYesterday() }), ctx());
    const overrun = await failure(b.ds.listConnectionReports(query({ from: startOfYesterday() }), ctx()));
    expect(overrun.code).toBe('VENDOR_RATE_LIMITED');
    expect(overrun.upstreamStatus).toBe(205);
    expect(sim.control.calls('report')).toBe(4);
  });

  it('validates budgetGroup', () => {
    const validate = (plain: Record<string, unknown>): string[] =>
      validateSync(plainToInstance(AlpemixConnectionConfig, plain), { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property);
    const good = alpemixModule.sandboxConnection(sim, 'alp');
    expect(validate({ ...good, budgetGroup: 'office-egress.1' })).toEqual([]);
    expect(validate({ ...good, budgetGroup: 'has spaces' })).toEqual(['budgetGroup']);
    expect(validate({ ...good, budgetGroup: '' })).toEqual(['budgetGroup']);
  });
});

describe('alpemix report budget spent: how old an answer may be served', () => {
  it('serves an answer up to 5 minutes old instead of VENDOR_RATE_LIMITED, and refuses once it is older', async () => {
    const { ds } = make();
    await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(sim.control.calls('report')).toBe(1);

    // 4 min later the vendor answers 205 (its report limit): the 4 min old answer is served, and the window is full.
    advance(4 * 60_000);
    sim.control.inject({ operation: 'report', action: { kind: 'status', status: 200, body: { errornumber: 205 } }, times: 1 });
    const afterVendorLimit = await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(afterVendorLimit.items.map((r) => r.nativeId)).toEqual(vendorUids('today'));
    expect(sim.control.calls('report')).toBe(2);

    // Within that minute meetgraph sends nothing and still answers.
    advance(30_000);
    const held = await ds.listConnectionReports(query({ from: startOfToday() }), ctx());
    expect(held.items.map((r) => r.nativeId)).toEqual(vendorUids('today'));
    expect(sim.control.calls('report')).toBe(2);

    // Past 5 min the old answer is no longer served: the limit is the client's error again.
    advance(31_000);
    sim.control.inject({ operation: 'report', action: { kind: 'status', status: 200, body: { errornumber: 205 } }, times: 1 });
    const refused = await failure(ds.listConnectionReports(query({ from: startOfToday() }), ctx()));
    expect(refused.code).toBe('VENDOR_RATE_LIMITED');
    expect(sim.control.calls('report')).toBe(3);
  });
});
