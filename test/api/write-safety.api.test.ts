import type { VendorName } from '../../datasources/records.js';
import { startRig, startSimulators, type Rig, type Simulators } from '../helpers/fault-rig.js';

/**
 * Writes are never repeated: not by the shared HTTP layer, not by a vendor client's own reissue. A write whose
 * fate is unknown says so (`outcome: UNKNOWN`, not retryable); Idempotency-Key makes repeating safe.
 */
let simulators: Simulators;
let rig: Rig | null = null;

beforeAll(async () => {
  simulators = await startSimulators();
});
afterAll(async () => {
  await simulators.close();
});
beforeEach(() => {
  for (const sim of Object.values(simulators.sims)) {
    sim.control.clearFaults();
    sim.control.resetCalls();
  }
});
afterEach(async () => {
  await rig?.stop();
  rig = null;
});

const CREATE = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id title vendor } }`;
const CREATE_OP: Partial<Record<VendorName, string>> = {
  alfaview: 'roomService/create',
  allocloud: 'meeting.create',
  apizee: 'conferences.create',
  vconnct: 'create_meeting',
};
const WRITERS = Object.keys(CREATE_OP) as VendorName[];

let created = 0;
/** A fresh title each time: some vendors refuse a second meeting that looks exactly like the first. */
function createInput(vendor: VendorName, title = `Write safety ${++created}`): Record<string, unknown> {
  const scheduled = vendor === 'allocloud' || vendor === 'apizee';
  return {
    connectionId: vendor,
    title,
    ...(scheduled ? { startsAt: `2031-05-04T${String(created % 24).padStart(2, '0')}:00:00Z`, durationMinutes: 30 } : {}),
    ...(vendor === 'apizee' ? { participants: [{ email: 'guest@example.com' }] } : {}),
  };
}

describe.each(WRITERS)('%s createMeeting', (vendor) => {
  const op = CREATE_OP[vendor] as string;

  it('a lost answer: exactly one vendor create, and the error says the outcome is unknown', async () => {
    rig = await startRig(simulators);
    const sim = simulators.sims[vendor];
    sim.control.inject({ operation: op, action: { kind: 'lose-answer' } });
    const res = await rig.api.gql(CREATE, { input: createInput(vendor) });
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ outcome: 'UNKNOWN', retryable: false, connectionId: vendor });
    expect(sim.control.calls(op)).toBe(1);
  });

  it('a hang past timeoutMs: one call, VENDOR_TIMEOUT with an unknown outcome', async () => {
    rig = await startRig(simulators, { connection: { [vendor]: { timeoutMs: 300 } } });
    const sim = simulators.sims[vendor];
    sim.control.inject({ operation: op, action: { kind: 'hang' } });
    const res = await rig.api.gql(CREATE, { input: createInput(vendor) });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'VENDOR_TIMEOUT', outcome: 'UNKNOWN', retryable: false });
    expect(sim.control.calls(op)).toBe(1);
  });

  it('a 503 is not retried for a write (and the vendor said it did nothing: no unknown outcome)', async () => {
    rig = await startRig(simulators);
    const sim = simulators.sims[vendor];
    sim.control.inject({ operation: op, action: { kind: 'status', status: 503 } });
    const res = await rig.api.gql(CREATE, { input: createInput(vendor) });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('VENDOR_UNAVAILABLE');
    expect(res.body.errors?.[0]?.extensions?.outcome).toBeUndefined();
    expect(sim.control.calls(op)).toBe(1);
  });

  it('the same Idempotency-Key twice: one vendor create, the same answer', async () => {
    rig = await startRig(simulators);
    const sim = simulators.sims[vendor];
    const headers = { 'idempotency-key': `create-${vendor}-1` };
    const input = createInput(vendor);
    const first = await rig.api.gql(CREATE, { input }, headers);
    expect(first.body.errors).toBeUndefined();
    const replay = await rig.api.gql(CREATE, { input }, headers);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(sim.control.calls(op)).toBe(1);
  });
});

describe('alfaview "context deadline exceeded"', () => {
  it('is reissued once for a read, never for a create (one room, outcome unknown)', async () => {
    rig = await startRig(simulators);
    const sim = simulators.sims.alfaview;
    const state = sim.state as { failNext(operation: string, code: string, times?: number): void; clearFailures(): void };
    state.failNext('roomService/create', 'DEADLINE_EXCEEDED', 2);
    const res = await rig.api.gql(CREATE, { input: createInput('alfaview') });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'VENDOR_TIMEOUT', outcome: 'UNKNOWN', retryable: false });
    expect(sim.control.calls('roomService/create')).toBe(1);
    state.clearFailures();

    state.failNext('roomService/list', 'DEADLINE_EXCEEDED', 1);
    const read = await rig.api.gql(`{ meetings(filter: { vendors: [ALFAVIEW] }) { sources { state } } }`);
    expect(read.body.data.meetings.sources).toEqual([{ state: 'COMPLETE' }]);
    expect(sim.control.calls('roomService/list')).toBe(2);
  });
});

describe('Idempotency-Key', () => {
  const headers = (key: string) => ({ 'idempotency-key': key });

  it('the same key with a different request is BAD_USER_INPUT, without a vendor call', async () => {
    rig = await startRig(simulators);
    const sim = simulators.sims.vconnct;
    await rig.api.gql(CREATE, { input: createInput('vconnct', 'First') }, headers('k-differs'));
    sim.control.resetCalls();
    const other = await rig.api.gql(CREATE, { input: createInput('vconnct', 'Second') }, headers('k-differs'));
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(sim.control.calls()).toBe(0);
  });

  it('concurrent duplicates wait for the first and share its answer', async () => {
    rig = await startRig(simulators);
    const sim = simulators.sims.vconnct;
    const all = await Promise.all(
      Array.from({ length: 5 }, () => rig!.api.gql(CREATE, { input: createInput('vconnct', 'Concurrent') }, headers('k-concurrent'))),
    );
    expect(sim.control.calls('create_meeting')).toBe(1);
    for (const res of all) expect(res.body).toEqual(all[0]!.body);
    expect(all[0]!.body.data.createMeeting.title).toBe('Concurrent');
  });

  it('a request refused before reaching any vendor does not use up its key', async () => {
    rig = await startRig(simulators);
    const sim = simulators.sims.vconnct;
    const refused = await rig.api.gql(CREATE, { input: { connectionId: 'nope', title: 'Later' } }, headers('k-refused'));
    expect(refused.body.errors?.[0]?.extensions?.code).toBeDefined();
    expect(sim.control.calls()).toBe(0);
    // The same key with the corrected request runs it.
    const ok = await rig.api.gql(CREATE, { input: createInput('vconnct', 'Later') }, headers('k-refused'));
    expect(ok.body.errors).toBeUndefined();
    expect(sim.control.calls('create_meeting')).toBe(1);
  });

  it('keys are per client: two clients using the same key each get their own create', async () => {
    const clients = [
      { name: 'web', apiKey: 'web-client-api-key-0001' },
      { name: 'app', apiKey: 'app-client-api-key-0002' },
    ];
    rig = await startRig(simulators, { clients });
    const input = createInput('vconnct', 'Per client');
    const asWeb = { ...headers('k-shared'), authorization: 'Bearer web-client-api-key-0001' };
    const asApp = { ...headers('k-shared'), authorization: 'Bearer app-client-api-key-0002' };
    const web = await rig.api.gql(CREATE, { input }, asWeb);
    const app = await rig.api.gql(CREATE, { input }, asApp);
    const webAgain = await rig.api.gql(CREATE, { input }, asWeb);
    expect(web.body.errors).toBeUndefined();
    expect(app.body.errors).toBeUndefined();
    expect(app.body.data.createMeeting.id).not.toBe(web.body.data.createMeeting.id);
    expect(webAgain.body).toEqual(web.body);
    expect(simulators.sims.vconnct.control.calls('create_meeting')).toBe(2);
  });

  it('two mutation fields hidden in a fragment are refused as well', async () => {
    rig = await startRig(simulators);
    const res = await rig.api.gql(
      `mutation { ...Both }
       fragment Both on Mutation { a: createMeeting(input: { connectionId: "vconnct", title: "A" }) { id } ...One }
       fragment One on Mutation { b: createMeeting(input: { connectionId: "vconnct", title: "B" }) { id } }`,
      {},
      headers('k-fragments'),
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(simulators.sims.vconnct.control.calls()).toBe(0);
  });

  it('a key on a request with two mutation fields is refused, and queries ignore it', async () => {
    rig = await startRig(simulators);
    const two = await rig.api.gql(
      `mutation { a: createMeeting(input: { connectionId: "vconnct", title: "A" }) { id } b: createMeeting(input: { connectionId: "vconnct", title: "B" }) { id } }`,
      {},
      headers('k-two'),
    );
    expect(two.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(simulators.sims.vconnct.control.calls()).toBe(0);
    const query = await rig.api.gql(`{ connections { id } }`, {}, headers('k-two'));
    expect(query.body.errors).toBeUndefined();
  });
});

describe('a write that succeeded but whose read-back failed answers success', () => {
  it('alfaview updateMeeting: one update, the values sent', async () => {
    rig = await startRig(simulators);
    const sim = simulators.sims.alfaview;
    const list = await rig.api.gql(`{ meetings(first: 1, filter: { vendors: [ALFAVIEW] }) { nodes { id } } }`);
    const id = list.body.data.meetings.nodes[0].id;
    sim.control.resetCalls();
    // The read before the update passes; every read after it fails.
    sim.control.inject({ operation: 'roomService/list', skip: 1, action: { kind: 'status', status: 503 } });
    const res = await rig.api.gql(`mutation($id: ID!) { updateMeeting(id: $id, input: { title: "Renamed room" }) { id title } }`, { id });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateMeeting).toEqual({ id, title: 'Renamed room' });
    expect(sim.control.calls('roomService/update')).toBe(1);
    expect(sim.control.calls('roomService/list')).toBeGreaterThan(1);
  });

  it('VConnct endSession: one end, status UNKNOWN', async () => {
    rig = await startRig(simulators);
    const sim = simulators.sims.vconnct;
    const list = await rig.api.gql(`{ meetings(first: 1, filter: { vendors: [VCONNCT] }) { nodes { id title } } }`);
    const meeting = list.body.data.meetings.nodes[0];
    const started = await rig.api.gql(`mutation($id: ID!) { startSession(meetingId: $id) { url } }`, { id: meeting.id });
    expect(started.body.errors).toBeUndefined();
    sim.control.resetCalls();
    sim.control.inject({ operation: 'list_meetings', skip: 1, action: { kind: 'status', status: 503 } });
    const res = await rig.api.gql(`mutation($id: ID!) { endSession(meetingId: $id) { id title status } }`, { id: meeting.id });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.endSession).toEqual({ id: meeting.id, title: meeting.title, status: 'UNKNOWN' });
    expect(sim.control.calls('end_meeting')).toBe(1);
  });
});

describe('request deadline and vendor-call cap', () => {
  it('after the deadline a pending call ends as VENDOR_TIMEOUT in sources and the answer goes out', async () => {
    // timeoutMs stays at its 10 s default: only the request deadline can end the hung call in time for jest.
    rig = await startRig(simulators, { limits: { requestDeadlineMs: 600 } });
    simulators.sims.vconnct.control.inject({ operation: 'list_meetings', action: { kind: 'hang' } });
    const res = await rig.api.gql(
      `{ meetings(filter: { vendors: [VCONNCT, ALFAVIEW] }) { nodes { vendor } sources { state connection { vendor } error { code } } } }`,
    );
    const sources = res.body.data.meetings.sources;
    expect(sources).toContainEqual({ state: 'FAILED', connection: { vendor: 'VCONNCT' }, error: { code: 'VENDOR_TIMEOUT' } });
    expect(sources).toContainEqual({ state: 'COMPLETE', connection: { vendor: 'ALFAVIEW' }, error: null });
    expect(res.body.data.meetings.nodes.some((n: any) => n.vendor === 'ALFAVIEW')).toBe(true);
  });

  it('over the cap, the call that would exceed it is refused with extensions.limit on its source', async () => {
    rig = await startRig(simulators, { limits: { vendorCallsPerRequest: 1 } });
    const res = await rig.api.gql(
      `{ meetings(filter: { vendors: [VCONNCT, ALFAVIEW] }) { sources { state connection { vendor } error { code } } } }`,
      undefined,
      {
        'x-meetgraph-errors': 'strict',
      },
    );
    const failed = res.body.data.meetings.sources.filter((s: any) => s.state === 'FAILED');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const s of failed) expect(s.error.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.some((e) => e.extensions?.limit === 'vendorCallsPerRequest')).toBe(true);
    expect(simulators.sims.vconnct.control.calls() + simulators.sims.alfaview.control.calls()).toBe(1);
  });
});
