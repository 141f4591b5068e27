import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { serverAudits, type AuditResult } from 'graphql-http';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE } from '../../datasources/vconnct/simulator.js';
import { startApi, type TestApi } from '../helpers/api.js';

/**
 * GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) checked two ways: the reference
 * audit suite of the `graphql-http` package against a running meetgraph — every MUST has to pass, the
 * SHOULD/MAY outcomes are written to test-results/graphql-http-audit.json — and meetgraph's own
 * status-code contract (401, partial results, CSRF, mutations over GET) on top.
 */

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const API_KEY = 'test-api-key-0123456789';
const REPORT = path.resolve('test-results', 'graphql-http-audit.json');

const json = async (res: Response): Promise<any> => res.json();

const connection = (id: string, sim: RunningSimulator, license = VCONNCT_SANDBOX_LICENSE) => ({
  id,
  vendor: 'vconnct',
  baseUrl: sim.url,
  credentials: { license },
});

let sim: RunningSimulator;
let api: TestApi;

// Built at load time so every audit is its own test; the URL is only read when an audit runs.
const audits = serverAudits({ url: () => api.url });
const mustAudits = audits.filter((a) => a.name.startsWith('MUST'));
const otherAudits = audits.filter((a) => !a.name.startsWith('MUST'));
const results: AuditResult[] = [];

beforeAll(async () => {
  sim = await startVconnctSimulator({ seed: 7, size: 3 });
  api = await startApi({ connections: [connection('vc', sim)] });
});

afterAll(async () => {
  await api?.stop();
  await sim?.close();
  if (results.length === 0) return;
  const summary = (level: string) => {
    const of = results.filter((r) => r.name.startsWith(level));
    return { total: of.length, ok: of.filter((r) => r.status === 'ok').length };
  };
  mkdirSync(path.dirname(REPORT), { recursive: true });
  writeFileSync(
    REPORT,
    `${JSON.stringify(
      {
        suite: 'graphql-http serverAudits',
        summary: { MUST: summary('MUST'), SHOULD: summary('SHOULD'), MAY: summary('MAY') },
        results: results.map((r) => ({ id: r.id, name: r.name, status: r.status, ...(r.status === 'ok' ? {} : { reason: r.reason }) })),
      },
      null,
      2,
    )}\n`,
  );
});

describe('graphql-http audit suite', () => {
  it('has MUST audits to run', () => {
    expect(mustAudits.length).toBeGreaterThan(10);
  });

  it.each(mustAudits.map((a) => [a.name, a] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    results.push(result);
    expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
  });

  it('runs the SHOULD and MAY audits and records their outcome', async () => {
    for (const audit of otherAudits) results.push(await audit.fn());
    const notOk = results.filter((r) => !r.name.startsWith('MUST') && r.status !== 'ok');
    if (notOk.length > 0)
      console.log(
        `graphql-http SHOULD/MAY audits not met:\n${notOk.map((r) => `- ${r.name}: ${r.status === 'ok' ? '' : r.reason}`).join('\n')}`,
      );
    // A non-MUST audit may fail, but never as an error (graphql-http reserves `error` for MUST).
    expect(results.filter((r) => !r.name.startsWith('MUST') && r.status === 'error')).toEqual([]);
  });
});

/**
 * The GET audits above send neither a non-simple content-type nor `apollo-require-preflight`, so Apollo's
 * CSRF prevention (which stays on) refuses them. Run them again as a non-browser client would — with the
 * preflight header — to show that GET itself is served.
 */
describe('graphql-http GET audits with the CSRF preflight header', () => {
  const withPreflight: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('apollo-require-preflight', 'true');
    return fetch(input, { ...init, headers });
  };
  const GET_AUDITS = ['D6D5', '6A70'];
  const getAudits = serverAudits({ url: () => api.url, fetchFn: withPreflight }).filter((a) => GET_AUDITS.includes(a.id));

  it.each(getAudits.map((a) => [a.name, a] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
  });
});

describe("meetgraph's HTTP status codes", () => {
  let secured: TestApi;
  let mixed: TestApi;

  beforeAll(async () => {
    secured = await startApi({ clients: [{ name: 'web', apiKey: API_KEY }], connections: [connection('vc', sim)] });
    mixed = await startApi({ connections: [connection('good', sim), connection('bad', sim, 'not-a-valid-license')] });
  });
  afterAll(async () => {
    await secured?.stop();
    await mixed?.stop();
  });

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, ...headers },
      body: JSON.stringify(body),
    });

  it('answers application/graphql-response+json when the client accepts it, application/json otherwise', async () => {
    const modern = await post(api.url, { query: '{ connections { id } }' });
    expect(modern.status).toBe(200);
    expect(modern.headers.get('content-type')).toMatch(/^application\/graphql-response\+json; charset=utf-8/);
    expect((await json(modern)).data.connections).toEqual([{ id: 'VendorConnection:vc:vc' }]);

    const legacy = await post(api.url, { query: '{ __typename }' }, { accept: 'application/json' });
    expect(legacy.status).toBe(200);
    expect(legacy.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8/);

    const unacceptable = await post(api.url, { query: '{ __typename }' }, { accept: 'text/csv' });
    expect(unacceptable.status).toBe(406);
  });

  it('uses 400 without data for parse and validation errors', async () => {
    for (const [query, code] of [
      ['{ meetings { nodes { id }', 'GRAPHQL_PARSE_FAILED'],
      ['{ meetings { nodes { noSuchField } } }', 'GRAPHQL_VALIDATION_FAILED'],
    ] as const) {
      const res = await post(api.url, { query });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      const body = await json(res);
      expect(body).not.toHaveProperty('data');
      expect(body.errors.map((e: any) => e.extensions.code)).toEqual([code]);
    }
  });

  it('uses 401 for a missing or wrong API key, and 200 with the right one', async () => {
    for (const authorization of [undefined, 'Bearer not-the-key-0000000000', 'Basic abc']) {
      const res = await post(secured.url, { query: '{ __typename }' }, authorization ? { authorization } : {});
      expect(res.status).toBe(401);
      const body = await json(res);
      expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
      expect(body).not.toHaveProperty('data');
    }
    const ok = await post(secured.url, { query: '{ __typename }' }, { authorization: `Bearer ${API_KEY}` });
    expect(ok.status).toBe(200);
  });

  it('uses 200 for a partial result: one vendor account failing does not fail the response', async () => {
    // Strict errors, so the failure is in `errors` too (by default it is data in `sources` only).
    const res = await post(
      mixed.url,
      { query: '{ meetings(first: 50) { nodes { id } sources { state connection { id } } } }' },
      { 'x-meetgraph-errors': 'strict' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const body = await json(res);
    expect(body.data.meetings.nodes.length).toBeGreaterThan(0);
    expect(body.data.meetings.sources).toHaveLength(2);
    expect(body.data.meetings.sources).toEqual(
      expect.arrayContaining([
        { state: 'COMPLETE', connection: { id: 'VendorConnection:good:good' } },
        { state: 'FAILED', connection: { id: 'VendorConnection:bad:bad' } },
      ]),
    );
    expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['VENDOR_AUTH_FAILED']);
  });

  it('executes queries over GET', async () => {
    const url = `${api.url}?query=${encodeURIComponent('query($n: Int) { meetings(first: $n) { nodes { id } } }')}&variables=${encodeURIComponent('{"n":2}')}`;
    const res = await fetch(url, { headers: { accept: GRAPHQL_RESPONSE, 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect((await json(res)).data.meetings.nodes).toHaveLength(2);
  });

  it('refuses mutations over GET with 405 and Allow: POST, without running them', async () => {
    const before = sim.control.calls('create_meeting');
    const mutation = 'mutation { createMeeting(input: { connectionId: "vc", title: "via GET" }) { id } }';
    const res = await fetch(`${api.url}?query=${encodeURIComponent(mutation)}`, {
      headers: { accept: GRAPHQL_RESPONSE, 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(sim.control.calls('create_meeting')).toBe(before);
  });

  it('keeps CSRF prevention on: a request a browser could send cross-site without preflight is refused', async () => {
    // A plain GET (what <img src> or a link sends) and a text/plain POST (what a cross-site <form> sends).
    const simpleGet = await fetch(`${api.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(simpleGet.status).toBe(400);
    expect((await json(simpleGet)).errors[0].message).toMatch(/Cross-Site Request Forgery/);

    const formPost = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(formPost.status).toBe(400);
    expect((await json(formPost)).errors[0].message).toMatch(/Cross-Site Request Forgery/);
  });

  it('answers a body that is not JSON, or over 1 MB, with a JSON error and no vendor call', async () => {
    const before = sim.control.log.length;
    const broken = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ meetings' });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json(broken)).toEqual({
      errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });

    const huge = JSON.stringify({ query: `{ __typename }${' '.repeat(1024 * 1024)}` });
    const tooLarge = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
    expect(tooLarge.status).toBe(413);
    expect((await json(tooLarge)).errors[0]).toEqual({
      message: 'The request body is larger than 1mb.',
      extensions: { code: 'BAD_REQUEST' },
    });

    // The same server still answers on a fresh request.
    const fine = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await json(fine)).toEqual({ data: { __typename: 'Query' } });
    expect(sim.control.log.length).toBe(before);
  });

  it('reads every way a client may send a JSON body, and refuses the rest by status', async () => {
    const post = (body: BodyInit, headers: Record<string, string>, init: Record<string, unknown> = {}) =>
      fetch(api.url, { method: 'POST', headers, body, ...init });
    const typename = JSON.stringify({ query: '{ __typename }' });

    // Quoted upper-case charset, a byte-order mark, a gzip-compressed body: all answered.
    const quoted = await post(typename, { 'content-type': 'application/json; charset="UTF-8"' });
    expect(await json(quoted)).toEqual({ data: { __typename: 'Query' } });
    const withBom = await post(`\uFEFF${typename}`, { 'content-type': 'application/json' });
    expect(await json(withBom)).toEqual({ data: { __typename: 'Query' } });
    const gzipped = await post(gzipSync(typename), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(await json(gzipped)).toEqual({ data: { __typename: 'Query' } });

    // JSON may also come as UTF-16 (RFC 8259 allows it for closed systems).
    const utf16 = await post(Buffer.from(typename, 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' });
    expect(await json(utf16)).toEqual({ data: { __typename: 'Query' } });

    // A JSON scalar is not a GraphQL request; a charset that is not Unicode is refused as unsupported.
    const scalar = await post('"{ __typename }"', { 'content-type': 'application/json' });
    expect(scalar.status).toBe(400);
    expect((await json(scalar)).errors[0].message).toBe('The request body is not valid JSON.');
    const latin1 = await post(Buffer.from(typename, 'latin1'), { 'content-type': 'application/json; charset=iso-8859-1' });
    expect(latin1.status).toBe(415);
    expect((await json(latin1)).errors[0].message).toBe('The request body must be UTF-8 encoded JSON.');

    // Streamed without a Content-Length, the size is counted as it arrives.
    const megabyte = new TextEncoder().encode(' '.repeat(256 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(megabyte);
        else controller.close();
      },
    });
    const streamed = await post(stream as unknown as BodyInit, { 'content-type': 'application/json' }, { duplex: 'half' });
    expect(streamed.status).toBe(413);
    expect((await json(streamed)).errors[0].message).toBe('The request body is larger than 1mb.');

    // An empty body reaches Apollo as no operation at all.
    const empty = await post('', { 'content-type': 'application/json' });
    expect(empty.status).toBe(400);
    expect((await json(empty)).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
