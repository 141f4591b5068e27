import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE } from '../../datasources/vconnct/simulator.js';
import { startApi, type TestApi } from '../helpers/api.js';

/**
 * `server.cors`: a page on an allowed origin may call the API with the headers meetgraph reads (API key,
 * strict errors, idempotency key); any other origin gets no CORS headers, so its browser withholds the answer.
 * What a browser does with these headers is checked in Chromium (test/browser/cors.browser.ts).
 */
const ALLOWED = 'https://app.example.com';
const API_KEY = 'cors-test-api-key-0123456789';

let sim: RunningSimulator;
let api: TestApi;
let sameOriginOnly: TestApi;

beforeAll(async () => {
  sim = await startVconnctSimulator({ seed: 3, size: 2 });
  const connections = [{ id: 'vc', vendor: 'vconnct', baseUrl: sim.url, credentials: { license: VCONNCT_SANDBOX_LICENSE } }];
  const clients = [{ name: 'web', apiKey: API_KEY }];
  api = await startApi({ server: { cors: { origins: [ALLOWED], maxAgeSeconds: 120 } }, clients, connections });
  sameOriginOnly = await startApi({ clients, connections });
});

afterAll(async () => {
  await api?.stop();
  await sameOriginOnly?.stop();
  await sim?.close();
});

const preflight = (url: string, origin: string): Promise<Response> =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, x-meetgraph-errors, idempotency-key',
    },
  });

const post = (url: string, origin: string): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the headers meetgraph reads, before any vendor call', async () => {
    const before = sim.control.log.length;
    const res = await preflight(api.url, ALLOWED);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(',');
    for (const header of ['authorization', 'content-type', 'x-meetgraph-errors', 'idempotency-key']) expect(allowed).toContain(header);
    expect(res.headers.get('access-control-max-age')).toBe('120');
    expect(sim.control.log.length).toBe(before);
  });

  it('marks answers to an allowed origin as readable by it, with the request id exposed', async () => {
    const res = await post(api.url, ALLOWED);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('vary')).toMatch(/origin/i);
    expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('gives another origin, or any origin without server.cors, no CORS headers', async () => {
    for (const url of [api.url, sameOriginOnly.url]) {
      const origin = url === api.url ? 'https://evil.example.net' : ALLOWED;
      const pre = await preflight(url, origin);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      const res = await post(url, origin);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
