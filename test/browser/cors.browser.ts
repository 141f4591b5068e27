import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE } from '../../datasources/vconnct/simulator.js';
import { startApi, type TestApi } from '../helpers/api.js';
import { launchChromium } from '../helpers/chromium.js';

/**
 * A frontend on another origin, in a real browser: its page calls meetgraph with an API key and the strict
 * errors header (both need a CORS preflight). From the origin listed in `server.cors` the call works; from any
 * other origin Chromium refuses to hand the answer to the page.
 */
const API_KEY = 'browser-cors-api-key-0123456789';

/** A page server on its own port: its origin is http://127.0.0.1:<port>. */
async function pageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>frontend</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Runs in the page: the API's answer, or the browser's error when it withheld it. */
async function callFromPage(args: { url: string; apiKey: string }): Promise<{ data?: unknown; requestId?: string | null; error?: string }> {
  try {
    const response = await fetch(args.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${args.apiKey}`, 'x-meetgraph-errors': 'strict' },
      body: JSON.stringify({ query: '{ meetings(first: 2) { nodes { title } } }' }),
    });
    const body = (await response.json()) as { data?: unknown };
    return { data: body.data, requestId: response.headers.get('x-request-id') };
  } catch (error) {
    return { error: String(error) };
  }
}

describe('a frontend on another origin, in Chromium', () => {
  let sim: RunningSimulator;
  let api: TestApi;
  let allowed: Awaited<ReturnType<typeof pageServer>>;
  let other: Awaited<ReturnType<typeof pageServer>>;
  let browser: Browser;

  beforeAll(async () => {
    sim = await startVconnctSimulator({ seed: 3, size: 2 });
    allowed = await pageServer();
    other = await pageServer();
    api = await startApi({
      server: { cors: { origins: [allowed.origin] } },
      clients: [{ name: 'web', apiKey: API_KEY }],
      connections: [{ id: 'vc', vendor: 'vconnct', baseUrl: sim.url, credentials: { license: VCONNCT_SANDBOX_LICENSE } }],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await allowed?.close();
    await other?.close();
    await sim?.close();
  });

  it('gets data, and can read the request id, from the allowed origin', async () => {
    const page = await browser.newPage();
    await page.goto(allowed.origin);
    const result = await page.evaluate(callFromPage, { url: api.url, apiKey: API_KEY });
    // What the same query returns to a client that needs no CORS.
    const direct = await api.gql('{ meetings(first: 2) { nodes { title } } }', {}, { authorization: `Bearer ${API_KEY}` });
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(direct.body.data);
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await page.close();
  });

  it('is refused by the browser from an origin that is not listed', async () => {
    const page = await browser.newPage();
    await page.goto(other.origin);
    const result = await page.evaluate(callFromPage, { url: api.url, apiKey: API_KEY });
    expect(result.data).toBeUndefined();
    expect(result.error).toMatch(/TypeError|Failed to fetch/);
    await page.close();
  });
});
