import { CANARY, listQuery, startRig, startSimulators, type Rig, type Simulators } from '../helpers/fault-rig.js';

/**
 * A credential planted in the config (the `canary` connection's license) that every simulator then echoes in
 * its error texts. It must not surface, whole or as a fragment, in any response, log line, metric or
 * readiness answer. The scrubber runs before any truncation, so not even a cut-off piece survives.
 */
let simulators: Simulators;
let rig: Rig;

beforeAll(async () => {
  simulators = await startSimulators();
  rig = await startRig(simulators, { canaryConnection: true });
});
afterAll(async () => {
  await rig.stop();
  await simulators.close();
});

/** Every 8-character piece of the canary. */
const FRAGMENTS = Array.from({ length: CANARY.length - 7 }, (_, i) => CANARY.slice(i, i + 8));
const leaked = (text: string): string[] => FRAGMENTS.filter((f) => text.includes(f));

it('never shows the canary, nor any fragment of it, in responses, logs, metrics or readiness', async () => {
  const { sims } = simulators;
  const echo = `The credential ${CANARY} is not valid here; ${'padding '.repeat(30)}${CANARY}`;
  sims.alfaview.control.inject({
    operation: 'roomService/list',
    action: { kind: 'status', status: 400, body: { code: 3, message: echo, details: [] } },
  });
  sims.allocloud.control.inject({
    operation: 'account.admin',
    action: { kind: 'status', status: 200, body: { responseCode: -4, responseMessage: echo, data: null } },
  });
  sims.apizee.control.inject({
    operation: 'conferences.list',
    action: { kind: 'status', status: 400, body: { code: 10, message: echo, details: CANARY } },
  });
  sims.vconnct.control.inject({
    operation: 'create_meeting',
    action: { kind: 'status', status: 400, body: { status: false, status_code: 400, message: 'error', error_messages: [echo, CANARY] } },
  });

  const texts: string[] = [];
  const meetings = await rig.api.gql(
    `{ meetings(first: 50) { nodes { id raw } sources { state message connection { id } error { code message } } } }`,
  );
  texts.push(JSON.stringify(meetings.body));
  // The canary connection itself: VConnct refuses the unknown license.
  const canarySource = meetings.body.data.meetings.sources.find((s: any) => s.connection.id === 'VendorConnection:canary:canary');
  expect(canarySource).toMatchObject({ state: 'FAILED', error: { code: 'VENDOR_AUTH_FAILED' } });
  // The echoes did reach meetgraph: they were scrubbed, not avoided.
  expect(texts[0]).toContain('[redacted]');

  const strict = await rig.api.gql(
    listQuery('meetings'),
    { vendors: ['ALFAVIEW', 'APIZEE', 'ALLOCLOUD'] },
    { 'x-meetgraph-errors': 'strict' },
  );
  texts.push(JSON.stringify(strict.body));
  const created = await rig.api.gql(`mutation { createMeeting(input: { connectionId: "vconnct", title: "Canary" }) { id } }`);
  expect(created.body.errors?.[0]?.extensions?.code).toBe('VENDOR_REJECTED');
  texts.push(JSON.stringify(created.body));
  const health = await rig.api.gql(`{ connections { id health { lastErrorCode circuitOpen } } }`);
  texts.push(JSON.stringify(health.body));

  const origin = rig.api.url.replace(/\/graphql$/, '');
  for (const path of ['/metrics', '/ready', '/health']) texts.push(await (await fetch(`${origin}${path}`)).text());
  // The admin port's metrics carry per-connection labels: the canary must not be there either.
  for (const path of ['/metrics', '/ready']) texts.push(await (await fetch(`${rig.api.adminUrl}${path}`)).text());

  expect(rig.logs.length).toBeGreaterThan(10);
  for (const text of [...texts, ...rig.logs]) expect(leaked(text)).toEqual([]);
});

it('upstream log lines name the vendor and connection once (the logger is already bound to them)', async () => {
  // Traffic of its own, so the test stands alone whatever ran before.
  await rig.api.gql(listQuery('meetings'), { vendors: ['VCONNCT', 'ALFAVIEW', 'APIZEE'] });
  const upstream = rig.logs.filter((line) => line.includes('"msg":"upstream call'));
  expect(upstream.length).toBeGreaterThan(5);
  for (const line of upstream) {
    expect(line.match(/"connectionId"/g)).toHaveLength(1);
    expect(line.match(/"vendor"/g)).toHaveLength(1);
  }
});
