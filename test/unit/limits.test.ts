import 'reflect-metadata';
import { parse, type GraphQLSchema } from 'graphql';
import { EXAMPLE_QUERY } from '../../src/playground/example-query.js';
import { operationCost, NESTED_LIST_ITEMS, type CostInputs } from '../../src/limits/cost.js';
import { truncateEchoes } from '../../src/limits/input-errors.js';
import { buildMeetgraphSchema } from '../../src/schema.js';
import { buildMeetgraphSubgraph } from '../../src/subgraph.js';
import { checkDateRange, textProblem } from '../../schema/validators.js';

describe('static cost model', () => {
  let schema: GraphQLSchema;
  const five: CostInputs = { connectionsAsked: (filter) => (Array.isArray(filter?.connectionIds) ? filter.connectionIds.length : 5) };
  const cost = (query: string, variables?: Record<string, unknown>) => operationCost(schema, parse(query), undefined, variables, five);

  beforeAll(async () => {
    schema = await buildMeetgraphSchema();
  });

  it('counts one call per connection a list asks, and nothing for fields the list already returned', () => {
    expect(cost(`{ meetings(first: 100) { nodes { id title startsAt connection { id label } } sources { state } } }`)).toBe(5);
    expect(cost(`{ meetings(filter: { connectionIds: ["a", "b"] }) { nodes { id } } }`)).toBe(2);
    expect(cost(`{ connections { id health { circuitOpen } } }`)).toBe(0);
  });

  it('multiplies nested calls by the page sizes asked, and nested plain lists by their assumed size', () => {
    // 5 lists + 20 meetings × (1 sessions call + 10 sessions × 1 attendance call)
    expect(cost(`{ meetings { nodes { sessions(first: 10) { nodes { participants { id } } } } } }`)).toBe(5 + 20 * (1 + 10 * 1));
    // recordings of each meeting, each asking for its session
    expect(cost(`{ meetings(first: 3) { nodes { recordings { session { id } } } } }`)).toBe(5 + 3 * (1 + NESTED_LIST_ITEMS * 1));
    // defaults: meetings 20, connectionReports 50
    expect(cost(`{ connectionReports { nodes { connection { id } } } }`)).toBe(5);
  });

  it('follows variables, fragments and @skip', () => {
    const query = `query($n: Int!, $skip: Boolean!) { meetings(first: $n) { nodes { ...M } } }
      fragment M on Meeting { participants @skip(if: $skip) { id } }`;
    expect(cost(query, { n: 7, skip: false })).toBe(5 + 7 * 1);
    expect(cost(query, { n: 7, skip: true })).toBe(5);
  });

  it('counts a page size over the maximum as the maximum, and cannot be computed for variables that do not coerce', () => {
    expect(cost(`{ meetings(first: 5000) { nodes { participants { id } } } }`)).toBe(5 + 100);
    expect(cost(`query($n: Int!) { meetings(first: $n) { nodes { id } } }`, { n: 'many' })).toBeNull();
  });

  it('costs a document whose fragments expand without bound as Infinity', () => {
    const levels = 16;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Query { connections { id } }`
        : `fragment F${i} on Query { ...F${i + 1} a${i}: connections { ...C${i} } ...G${i + 1} }`,
    );
    const twins = Array.from({ length: levels }, (_, i) => `fragment G${i} on Query { ...F${i} }`);
    const helpers = Array.from({ length: levels }, (_, i) => `fragment C${i} on VendorConnection { id }`);
    expect(cost(`{ ...F0 } ${[...fragments, ...twins, ...helpers].join('\n')}`)).toBe(Number.POSITIVE_INFINITY);
  });

  it('counts each representation a federation gateway asks for', () => {
    const subgraph = buildMeetgraphSubgraph(schema);
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Meeting { id participants { id } } } }`;
    const representations = Array.from({ length: 40 }, (_, i) => ({ __typename: 'Meeting', id: `Meeting:vc:${i}` }));
    // one lookup per representation, plus its participants call
    expect(operationCost(subgraph, parse(query), undefined, { r: representations }, five)).toBe(40 * (1 + 1));
  });

  it('lets the playground example query through with room to spare', () => {
    const found = cost(EXAMPLE_QUERY, { from: '2026-01-05T00:00:00Z', to: '2026-01-12T00:00:00Z' });
    expect(found).not.toBeNull();
    expect(found as number).toBeLessThan(5000 / 4);
  });
});

describe('shared input validators', () => {
  it.each([
    ['plain text', 'Quarterly planning – Zürich 🙂', null],
    ['NUL', 'a\u0000b', /control/],
    ['TAB in one line', 'a\tb', /control/],
    ['LF in one line', 'a\nb', /single line/],
    ['DEL', 'a\u007f', /control/],
    ['C1', 'a\u009b', /control/],
    ['U+202E', 'a\u202eb', /bidirectional/],
    ['U+2069', 'a\u2069', /bidirectional/],
    ['lone high surrogate at the end', 'a\ud83d', /surrogate/],
    ['lone low surrogate', '\ude00a', /surrogate/],
    ['reversed pair', '\ude00\ud83d', /surrogate/],
  ])('single-line text: %s', (_name, value, expected) => {
    const problem = textProblem(value);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it('multi-line text keeps tab, CR and LF but nothing else from C0', () => {
    expect(textProblem('line 1\r\nline\t2\n', true)).toBeNull();
    expect(textProblem('line 1\u000bline 2', true)).toMatch(/control/);
    expect(textProblem('\u202d', true)).toMatch(/bidirectional/);
  });

  it('accepts dates from 1970-01-01 to 2100-01-01 inclusive', () => {
    for (const ok of ['1970-01-01T00:00:00Z', '2026-06-01T12:00:00Z', '2100-01-01T00:00:00Z']) {
      expect(checkDateRange(new Date(ok)).toISOString()).toBe(new Date(ok).toISOString());
    }
    for (const bad of ['1969-12-31T23:59:59.999Z', '2100-01-01T00:00:00.001Z', '0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z']) {
      expect(() => checkDateRange(new Date(bad))).toThrow(/between 1970-01-01T00:00:00.000Z and 2100-01-01T00:00:00.000Z/);
    }
    expect(() => checkDateRange(new Date(Number.NaN))).toThrow();
  });

  it('cuts long echoes, quoted or not, and leaves short ones', () => {
    const long = 'x'.repeat(900_000);
    const cut = truncateEchoes(`Variable "$id" got invalid value "${long}"; DateTime cannot represent ${long}.`);
    expect(cut.length).toBeLessThan(300);
    expect(cut).toContain('(900000 characters)');
    expect(truncateEchoes('Expected value of type "DateTime", found "soon".')).toBe('Expected value of type "DateTime", found "soon".');
  });
});
