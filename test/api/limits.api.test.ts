import { DEFAULT_LIMITS } from '../../src/limits/limits-config.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { validateConfig } from '../../src/config/validate.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE } from '../../datasources/vconnct/simulator.js';
import { startApi, startApiWithConfig, type GqlResponse, type TestApi } from '../helpers/api.js';

/**
 * Abuse over HTTP against the sandbox's five simulators: every refused request names the limit it broke
 * and costs no vendor call (the simulators count every request they receive, token requests included).
 */

const repeat = (n: number, item: (i: number) => string): string => Array.from({ length: n }, (_, i) => item(i)).join('\n');

/** `meetings → sessions → nodes → meeting → sessions …`, `cycles` times round. */
function cyclicQuery(cycles: number): string {
  let inner = 'id';
  for (let i = 0; i < cycles; i += 1) inner = `meeting { id sessions(first: 100) { nodes { id ${inner} } } }`;
  return `{ meetings(first: 100) { nodes { id sessions(first: 100) { nodes { id ${inner} } } } } }`;
}

/** A selection nested exactly `depth` fields deep (the last is `id`), along the cycle, below `meeting(id:)`. */
function queryOfDepth(depth: number): string {
  const chain = ['sessions', 'nodes', 'meeting'];
  let open = '{ meeting(id: "Meeting:vconnct-demo:absent")';
  let close = '';
  for (let level = 2; level < depth; level += 1) {
    open += ` { ${chain[(level - 2) % 3]}`;
    close = ` }${close}`;
  }
  return `${open} { id }${close} }`;
}

describe('query limits over HTTP', () => {
  let sandbox: Sandbox;
  let api: TestApi;
  /** The same sandbox with the token limit lifted, to show the other limits hold on their own. */
  let roomy: TestApi;
  let production: TestApi;

  const vendorCalls = (): number => Object.values(sandbox.simulators).reduce((sum, s) => sum + (s?.control.calls() ?? 0), 0);

  /** A refusal: no data, exactly one error, BAD_USER_INPUT naming `limit`, and nothing asked of any vendor. */
  function expectRefused(res: GqlResponse, limit: string): Record<string, any> {
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    const error = res.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit });
    expect(error?.message).toMatch(/limit/);
    expect(res.status).toBe(400);
    expect(vendorCalls()).toBe(0);
    return error?.extensions ?? {};
  }

  beforeAll(async () => {
    sandbox = await startSandbox({});
    api = await startApiWithConfig(sandbox.config);
    roomy = await startApiWithConfig({ ...sandbox.config, limits: { ...sandbox.config.limits, tokens: 1_000_000 } });
    production = await startApiWithConfig(sandbox.config, { production: true });
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), roomy?.stop(), production?.stop()]);
    await sandbox?.close();
  });
  beforeEach(() => {
    for (const s of Object.values(sandbox.simulators)) s?.control.resetCalls();
  });

  it('uses the documented defaults', () => {
    expect(validateConfig({ connections: [] }, {}).limits).toEqual({
      depth: 10,
      aliases: 15,
      tokens: 5000,
      directives: 50,
      cost: 5000,
      vendorCallsPerRequest: 200,
      requestDeadlineMs: 15000,
    });
    expect(sandbox.config.limits).toEqual(DEFAULT_LIMITS);
  });

  describe('depth', () => {
    it.each([8, 20, 50, 200])('refuses the cyclic meetings → sessions → meeting query %i cycles deep', async (cycles) => {
      const query = cyclicQuery(cycles);
      const extensions = expectRefused(await roomy.gql(query), 'depth');
      // meetings, nodes, sessions, nodes, id: 5 levels, and 3 more (meeting, sessions, nodes) per cycle.
      expect(extensions).toMatchObject({ max: 10, found: 5 + 3 * cycles });
    });

    it('accepts depth 10 and refuses depth 11', async () => {
      const ten = await api.gql(queryOfDepth(10));
      expect((ten.body.errors ?? []).map((e) => e.extensions?.limit)).toEqual([]);
      for (const s of Object.values(sandbox.simulators)) s?.control.resetCalls();
      expect(expectRefused(await api.gql(queryOfDepth(11)), 'depth')).toMatchObject({ max: 10, found: 11 });
    });

    it('counts depth through a chain of fragments (which add no depth of their own)', async () => {
      const query = `
        { meetings(first: 1) { nodes { ...M1 } } }
        fragment M1 on Meeting { sessions(first: 1) { nodes { ...S1 } } }
        fragment S1 on Session { meeting { ...M2 } }
        fragment M2 on Meeting { sessions(first: 1) { nodes { ...S2 } } }
        fragment S2 on Session { meeting { ... on Meeting { sessions(first: 1) { nodes { id } } } } }`;
      // meetings nodes | sessions nodes | meeting | sessions nodes | meeting | sessions nodes id
      expect(expectRefused(await api.gql(query), 'depth')).toMatchObject({ found: 11 });
    });
  });

  describe('aliases', () => {
    it('accepts 15 aliases and refuses 16', async () => {
      const ok = await api.gql(`{ ${repeat(15, (i) => `c${i}: connections { id }`)} }`);
      expect(ok.body.errors).toBeUndefined();
      expect(Object.keys(ok.body.data)).toHaveLength(15);
      const sixteen = await api.gql(`{ ${repeat(16, (i) => `c${i}: connections { id }`)} }`);
      expect(expectRefused(sixteen, 'aliases')).toMatchObject({ max: 15, found: 16 });
    });

    it.each([1000, 10_000])(
      'refuses %i aliased meetings(first: 100) lists: by tokens, and by aliases without a token limit',
      async (n) => {
        const query = `{ ${repeat(n, (i) => `m${i}: meetings(first: 100, filter: { search: "x${i}" }) { nodes { id } }`)} }`;
        expectRefused(await api.gql(query), 'tokens');
        expect(expectRefused(await roomy.gql(query), 'aliases')).toMatchObject({ found: n });
        // Without the token limit the server parses and validates the whole document: seconds of CPU on a busy machine.
      },
      120_000,
    );

    it('counts a fragment as often as it is spread, nested fragments and inline fragments included', async () => {
      const five = repeat(5, (i) => `a${i}: connections { id }`);
      const spreadTwice = `{ ...Five ... on Query { ...Five } } fragment Five on Query { ${five} } `;
      // 5 + 5: under the limit only while each spread counts once.
      const nested = [
        `{ ...Ten ...Outer }`,
        `fragment Ten on Query { ${repeat(10, (i) => `t${i}: connections { id }`)} }`,
        `fragment Outer on Query { ...Inner }`,
        `fragment Inner on Query { ${five} x: connections { id } }`,
      ].join('\n');
      expect(expectRefused(await api.gql(nested), 'aliases')).toMatchObject({ found: 16 });
      expect((await api.gql(spreadTwice)).body.errors).toBeUndefined();
      const inline = `{ ${repeat(4, (i) => `... on Query { ${repeat(4, (j) => `i${i}_${j}: connections { id }`)} }`)} }`;
      expect(expectRefused(await api.gql(inline), 'aliases')).toMatchObject({ found: 16 });
      const inFragments = [
        `{ meetings(first: 1) { nodes { ...A ...B } } }`,
        `fragment A on Meeting { ${repeat(8, (i) => `a${i}: id`)} }`,
        `fragment B on Meeting { ${repeat(8, (i) => `b${i}: title`)} }`,
      ].join('\n');
      expect(expectRefused(await api.gql(inFragments), 'aliases')).toMatchObject({ found: 16 });
    });

    it('refuses many distinct node(id:) lookups', async () => {
      const query = `{ ${repeat(200, (i) => `n${i}: node(id: "Meeting:apizee-demo:${1000 + i}") { id }`)} }`;
      expect(expectRefused(await api.gql(query), 'aliases')).toMatchObject({ found: 200 });
      const viaVariables = `query(${repeat(100, (i) => `$v${i}: ID!`)}) { ${repeat(100, (i) => `n${i}: node(id: $v${i}) { id }`)} }`;
      const variables = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`v${i}`, `Meeting:vconnct-demo:${i}`]));
      expect(expectRefused(await api.gql(viaVariables, variables), 'aliases')).toMatchObject({ found: 100 });
    });
  });

  describe('directives and tokens', () => {
    it('refuses more than 50 directives, counted through fragments', async () => {
      const fields = repeat(26, (i) => `f${i}: __typename @include(if: true)`);
      const more = repeat(26, (i) => `g${i}: __typename @skip(if: false)`);
      const query = `{ ...D ...E } fragment D on Query { ${fields} } fragment E on Query { ${more} }`;
      expect(expectRefused(await roomy.gql(query), 'directives')).toMatchObject({ max: 50, found: 52 });
    });

    it('refuses a document over the token limit without parsing it all', async () => {
      const query = `{ connections { ${repeat(5000, () => 'id')} } }`;
      expect(expectRefused(await api.gql(query), 'tokens')).toMatchObject({ max: 5000 });
    });
  });

  describe('cost (the vendor calls a query can cause)', () => {
    // Independent of the implementation: 5 connections asked, then per meeting one sessions call, and per session
    // one attendance call, multiplied by the page sizes asked.
    const connections = 5;
    const costOf = (meetings: number, sessions: number): number => connections + meetings * (1 + sessions * 1);
    const nested = (m: number | string, s: number | string) =>
      `meetings(first: ${m}) { nodes { id sessions(first: ${s}) { nodes { id participants { id } } } } }`;

    it('refuses a first: 100 list with nested sessions and attendance', async () => {
      expect(expectRefused(await api.gql(`{ ${nested(100, 100)} }`), 'cost')).toMatchObject({ max: 5000, found: costOf(100, 100) });
    });

    it('multiplies through fragments and variables, and lets a modest page through', async () => {
      const viaFragment = `query($m: Int!, $s: Int!) { meetings(first: $m) { nodes { ...Runs } } }
        fragment Runs on Meeting { sessions(first: $s) { nodes { ... on Session { participants { id } } } } }`;
      expect(expectRefused(await api.gql(viaFragment, { m: 100, s: 60 }), 'cost')).toMatchObject({ found: costOf(100, 60) });
      const small = await api.gql(viaFragment, { m: 5, s: 5 });
      expect((small.body.errors ?? []).filter((e) => e.extensions?.limit)).toEqual([]);
      expect(small.body.data.meetings.nodes.length).toBeGreaterThan(0);
      expect(vendorCalls()).toBeGreaterThan(0);
    });

    it('counts every alias of an expensive list', async () => {
      const query = `{ ${repeat(5, (i) => `m${i}: ${nested(100, 10)}`)} }`;
      expect(expectRefused(await api.gql(query), 'cost')).toMatchObject({ found: 5 * costOf(100, 10) });
    });

    it('narrows the connection count by the filter', async () => {
      const one = `{ meetings(first: 100, filter: { vendors: [VCONNCT] }) {
        nodes { sessions(first: 49) { nodes { participants { id } } } } } }`;
      // 1 connection + 100 × (1 + 49) = 5001: over by one only when the filter is honoured.
      expect(expectRefused(await api.gql(one), 'cost')).toMatchObject({ found: 1 + 100 * 50 });
    });
  });

  describe('field suggestions', () => {
    it('are given in development and hidden in production (introspection off)', async () => {
      const typo = `{ meetngs { nodes { id } } }`;
      expect((await api.gql(typo)).body.errors?.[0]?.message).toMatch(/Did you mean/);
      const hidden = await production.gql(typo);
      expect(hidden.body.errors?.[0]?.message).toBe('Cannot query field "meetngs" on type "Query".');
      const byVendors = `query($v: [Vendor!]) { meetings(filter: { vendors: $v }) { nodes { id } } }`;
      const enumTypo = await production.gql(byVendors, { v: ['VCONECT'] });
      expect(enumTypo.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'v[0]' });
      expect(enumTypo.body.errors?.[0]?.message).not.toMatch(/Did you mean|VCONNCT/);
      expect(vendorCalls()).toBe(0);
    });
  });
});

describe('the cost limit per caller', () => {
  const WIDE_KEY = 'wide-client-key-0123456789';
  const NARROW_KEY = 'narrow-client-key-0123456789';
  let sim: RunningSimulator;
  let api: TestApi;

  beforeAll(async () => {
    sim = await startVconnctSimulator({ seed: 11, size: 2 });
    const ids = ['vc1', 'vc2', 'vc3', 'vc4', 'vc5'];
    api = await startApi({
      clients: [
        { name: 'wide', apiKey: WIDE_KEY, connections: ids },
        { name: 'narrow', apiKey: NARROW_KEY, connections: ['vc1'] },
      ],
      connections: ids.map((id) => ({ id, vendor: 'vconnct', baseUrl: sim.url, credentials: { license: VCONNCT_SANDBOX_LICENSE } })),
    });
  });
  afterAll(async () => {
    await api?.stop();
    await sim?.close();
  });

  it('judges the same query text again for a caller who reaches more connections', async () => {
    // Cost = connections asked + 98 × (1 + 50): 4,999 for one connection, 5,003 for five (limit 5,000).
    const query = '{ meetings(first: 98) { nodes { id sessions(first: 50) { nodes { participants { id } } } } } }';
    const narrow = await api.gql(query, undefined, { authorization: `Bearer ${NARROW_KEY}` });
    expect(narrow.body.errors ?? []).toEqual([]);
    const wide = await api.gql(query, undefined, { authorization: `Bearer ${WIDE_KEY}` });
    expect(wide.status).toBe(400);
    expect(wide.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost', found: 5 + 98 * 51 });
    // And a query that reaches no vendor list costs nothing for anyone.
    for (const key of [NARROW_KEY, WIDE_KEY]) {
      expect((await api.gql('{ __typename }', undefined, { authorization: `Bearer ${key}` })).body).toEqual({
        data: { __typename: 'Query' },
      });
    }
  });
});
