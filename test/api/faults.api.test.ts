import type { VendorName } from '../../datasources/records.js';
import type { FaultAction } from '../../datasources/simulator-kit.js';
import { listQuery, startRig, startSimulators, VENDORS, type Rig, type Simulators } from '../helpers/fault-rig.js';

/**
 * The fault matrix over real HTTP to the simulators: every vendor, every kind of upstream failure. Each case
 * checks the code the contract gives it, that the other vendors' data still comes back, how many calls the
 * vendor received (reads are tried three times when the failure is transient, writes once), and that the
 * vendor serves again as soon as the fault clears.
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
  simulators.nextAlpemixMinute();
  for (const sim of Object.values(simulators.sims)) {
    sim.control.clearFaults();
    sim.control.resetCalls();
  }
});
afterEach(async () => {
  await rig?.stop();
  rig = null;
});

/** A source that answered: Alpemix and Apizee reports may be PARTIAL (the vendor keeps only recent days). */
const SERVED = { state: expect.stringMatching(/^(COMPLETE|PARTIAL)$/) };

/** The list a vendor serves and another vendor serving the same list, whose data must survive the fault. */
const PLAN: Record<VendorName, { list: 'meetings' | 'connectionReports'; witness: VendorName }> = {
  alfaview: { list: 'meetings', witness: 'vconnct' },
  allocloud: { list: 'meetings', witness: 'vconnct' },
  alpemix: { list: 'connectionReports', witness: 'apizee' },
  apizee: { list: 'meetings', witness: 'vconnct' },
  vconnct: { list: 'meetings', witness: 'alfaview' },
};

interface Case {
  name: string;
  action: FaultAction;
  code: string;
  /** A read is repeated after this failure (Alpemix never: each call spends its per-minute budget). */
  retried: boolean;
  retryAfterSeconds?: number;
}

const CASES: Case[] = [
  { name: '503', action: { kind: 'status', status: 503 }, code: 'VENDOR_UNAVAILABLE', retried: true },
  { name: '502', action: { kind: 'status', status: 502 }, code: 'VENDOR_UNAVAILABLE', retried: true },
  { name: '500', action: { kind: 'status', status: 500 }, code: 'VENDOR_UNAVAILABLE', retried: false },
  { name: 'a reset connection', action: { kind: 'reset' }, code: 'VENDOR_UNAVAILABLE', retried: true },
  { name: 'a hang', action: { kind: 'hang' }, code: 'VENDOR_TIMEOUT', retried: false },
  { name: 'an HTML page with 200', action: { kind: 'html' }, code: 'VENDOR_UNAVAILABLE', retried: true },
  { name: 'broken JSON with 200', action: { kind: 'malformed-json' }, code: 'VENDOR_UNAVAILABLE', retried: true },
  { name: '429 without Retry-After', action: { kind: 'status', status: 429 }, code: 'VENDOR_RATE_LIMITED', retried: true },
  // Longer than meetgraph waits inside a request: answered at once, with the vendor's own delay.
  {
    name: '429 with Retry-After: 120',
    action: { kind: 'status', status: 429, headers: { 'Retry-After': '120' } },
    code: 'VENDOR_RATE_LIMITED',
    retried: false,
    retryAfterSeconds: 120,
  },
];

const vendorName = (v: VendorName) => v.toUpperCase();

describe.each(VENDORS)('%s faults', (vendor) => {
  const { list, witness } = PLAN[vendor];
  const query = listQuery(list);
  const variables = { vendors: [vendorName(vendor), vendorName(witness)] };

  it.each(CASES)('$name → $code, the other vendor still answers, and it serves again once the fault clears', async (c) => {
    rig = await startRig(simulators, { connection: { [vendor]: { timeoutMs: 400 } } });
    const sim = simulators.sims[vendor];
    sim.control.inject({ operation: '*', action: c.action });

    const res = await rig.api.gql(query, variables);
    const data = res.body.data[list];
    const failed = data.sources.find((s: any) => s.connection.vendor === vendorName(vendor));
    expect(failed).toMatchObject({ state: 'FAILED', error: { code: c.code } });
    if (c.retryAfterSeconds !== undefined) expect(failed.error.retryAfterSeconds).toBe(c.retryAfterSeconds);
    expect(failed.error.retryable).toBe(true);
    expect(data.sources.find((s: any) => s.connection.vendor === vendorName(witness))).toMatchObject(SERVED);
    expect(data.nodes.some((n: any) => n.vendor === vendorName(witness))).toBe(true);
    expect(data.nodes.some((n: any) => n.vendor === vendorName(vendor))).toBe(false);
    // The first call fails (a token request or the list itself): tried three times only when worth repeating.
    expect(sim.control.calls()).toBe(c.retried && vendor !== 'alpemix' ? 3 : 1);

    sim.control.clearFaults();
    simulators.nextAlpemixMinute();
    sim.control.resetCalls();
    const again = await rig.api.gql(query, variables);
    const after = again.body.data[list].sources.find((s: any) => s.connection.vendor === vendorName(vendor));
    if (vendor === 'alpemix' && c.code === 'VENDOR_RATE_LIMITED') {
      // Alpemix blocks callers that exceed its limits: after its limit answer meetgraph holds back a whole minute.
      expect(after).toMatchObject({ state: 'FAILED', error: { code: 'VENDOR_RATE_LIMITED' } });
      expect(sim.control.calls()).toBe(0);
      return;
    }
    expect(after).toMatchObject(SERVED);
  });

  it('a vendor down for the whole test opens the circuit: then a request costs no vendor call, until a probe succeeds', async () => {
    rig = await startRig(simulators, { connection: { [vendor]: { breaker: { failures: 3, cooldownMs: 300 } } } });
    const sim = simulators.sims[vendor];
    sim.control.inject({ operation: '*', action: { kind: 'status', status: 503 } });
    const health = `{ connections { vendor health { circuitOpen } } }`;
    const circuitOpen = async (): Promise<boolean> =>
      (await rig!.api.gql(health)).body.data.connections.find((c: any) => c.vendor === vendorName(vendor)).health.circuitOpen;

    expect(await circuitOpen()).toBe(false);
    for (let i = 0; i < 3 && !(await circuitOpen()); i++) await rig.api.gql(query, variables);
    expect(await circuitOpen()).toBe(true);

    // Straight away, within the cooldown: the metrics scrape below comes after, so its time does not eat into it.
    sim.control.resetCalls();
    const fast = await rig.api.gql(query, variables);
    const source = fast.body.data[list].sources.find((s: any) => s.connection.vendor === vendorName(vendor));
    expect(source).toMatchObject({ state: 'FAILED', error: { code: 'VENDOR_UNAVAILABLE', retryable: true } });
    expect(source.error.message).toContain('circuit open');
    expect(sim.control.calls()).toBe(0);
    // Still open (no probe has succeeded), whatever the time now.
    const metrics = await (await fetch(`${rig.api.adminUrl}/metrics`)).text();
    expect(metrics).toContain(`meetgraph_circuit_open{connection="${vendor}"} 1`);
    expect(fast.body.data[list].nodes.some((n: any) => n.vendor === vendorName(witness))).toBe(true);

    sim.control.clearFaults();
    simulators.nextAlpemixMinute();
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the cooldown: the next call is the probe
    const recovered = await rig.api.gql(query, variables);
    expect(recovered.body.data[list].sources.find((s: any) => s.connection.vendor === vendorName(vendor))).toMatchObject(SERVED);
    expect(await circuitOpen()).toBe(false);
  });
});

describe('token renewal', () => {
  it('alfaview: many requests meeting an expired token share one re-authentication', async () => {
    rig = await startRig(simulators);
    const sim = simulators.sims.alfaview;
    const variables = { vendors: ['ALFAVIEW'] };
    await rig.api.gql(listQuery('meetings'), variables);
    (sim.state as { expireTokens(): void }).expireTokens();
    sim.control.resetCalls();
    const answers = await Promise.all(Array.from({ length: 8 }, () => rig!.api.gql(listQuery('meetings'), variables)));
    for (const res of answers) expect(res.body.data.meetings.sources[0].state).toBe('COMPLETE');
    expect(sim.control.calls('authenticationService/authenticate')).toBe(1);
  });

  it('Apizee: a refused token is renewed once for all concurrent requests', async () => {
    rig = await startRig(simulators);
    const sim = simulators.sims.apizee;
    const variables = { vendors: ['APIZEE'] };
    await rig.api.gql(listQuery('meetings'), variables);
    sim.control.resetCalls();
    // The token is refused on every call until a new one is issued (as after a revocation).
    sim.control.inject({
      operation: 'conferences.list',
      times: 1,
      action: { kind: 'status', status: 401, body: { code: 401, message: 'Unauthorized' } },
    });
    const answers = await Promise.all(Array.from({ length: 6 }, () => rig!.api.gql(listQuery('meetings'), variables)));
    for (const res of answers) expect(res.body.data.meetings.sources[0].state).toBe('COMPLETE');
    expect(sim.control.calls('token')).toBe(1);
  });
});
