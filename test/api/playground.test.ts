import { parse, validate } from 'graphql';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE } from '../../datasources/vconnct/simulator.js';
import { EXAMPLE_QUERY, exampleVariables } from '../../src/playground/example-query.js';
import { API_KEY_PLACEHOLDER } from '../../src/playground/router.js';
import { buildMeetgraphSchema } from '../../src/schema.js';
import { startApi, type TestApi } from '../helpers/api.js';
import { clockStartingAt } from '../helpers/clock.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const API_KEY = 'playground-test-key-0123456789';

const connection = (id: string, sim: RunningSimulator) => ({
  id,
  vendor: 'vconnct',
  baseUrl: sim.url,
  credentials: { license: VCONNCT_SANDBOX_LICENSE },
});

const origin = (api: TestApi): string => new URL(api.url).origin;
const openPage = (api: TestApi, path: string, accept = BROWSER_ACCEPT) => fetch(`${origin(api)}${path}`, { headers: { accept } });

/** The JSON settings block the bootstrap script reads. */
function settingsOf(html: string): { endpoint: string; query: string; variables: string; headers: string | null } {
  const match = /<script type="application\/json" id="meetgraph-playground-settings">([^<]*)<\/script>/.exec(html);
  if (!match) throw new Error('no settings block in the page');
  return JSON.parse(match[1] as string);
}

describe('the offline playground', () => {
  let sim: RunningSimulator;
  let open: TestApi;
  let secured: TestApi;
  let production: TestApi;

  // Monday 00:30 UTC: the calendar week has barely begun; the example must still show recent activity.
  const now = clockStartingAt('2026-11-30T00:30:00Z');

  beforeAll(async () => {
    sim = await startVconnctSimulator({ seed: 7, size: 4, clock: now });
    open = await startApi({ connections: [connection('vc', sim)] }, { now });
    secured = await startApi({ clients: [{ name: 'web', apiKey: API_KEY }], connections: [connection('vc', sim)] });
    production = await startApi({ connections: [connection('vc', sim)] }, { production: true });
  });
  afterAll(async () => {
    await open?.stop();
    await secured?.stop();
    await production?.stop();
    await sim?.close();
  });

  it.each(['/', '/graphql'])('serves GraphiQL at %s to browsers, under a strict Content-Security-Policy', async (path) => {
    const res = await openPage(open, path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https?:)/);
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html).toContain('<div id="graphiql">');
    // No executable inline script: every <script> either has a src or is the inert JSON settings block.
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    for (const attributes of scripts) expect(attributes).toMatch(/ src="|type="application\/json"/);
  });

  it('loads every asset from meetgraph itself, never from another host', async () => {
    const html = await (await openPage(open, '/')).text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1] as string);
    expect(assets.sort()).toEqual(
      ['bootstrap.js', 'graphiql.min.css', 'graphiql.min.js', 'react-dom.production.min.js', 'react.production.min.js'].map(
        (n) => `/playground/assets/${n}`,
      ),
    );
    for (const asset of assets) {
      const res = await fetch(`${origin(open)}${asset}`);
      expect([asset, res.status]).toEqual([asset, 200]);
      expect(res.headers.get('content-type')).toMatch(asset.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/);
      expect((await res.text()).length).toBeGreaterThan(500);
    }
    expect((await fetch(`${origin(open)}/playground/assets/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${origin(open)}/playground/assets/index.js`)).status).toBe(404);
  });

  it('opens with the example query around today, which is valid and returns meetings, sessions and gaps without errors', async () => {
    const settings = settingsOf(await (await openPage(open, '/graphql')).text());
    expect(settings.endpoint).toBe('/graphql');
    expect(settings.query).toBe(EXAMPLE_QUERY);
    expect(settings.headers).toBeNull();
    const variables = JSON.parse(settings.variables);
    expect(variables).toEqual({ from: '2026-11-23T00:00:00.000Z', to: '2026-12-07T23:59:59.999Z' });
    expect(validate(await buildMeetgraphSchema(), parse(EXAMPLE_QUERY))).toEqual([]);

    const res = await open.gql(EXAMPLE_QUERY, variables);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.meetings.sources).toEqual([expect.objectContaining({ state: 'COMPLETE' })]);
    const meetings = res.body.data.meetings.nodes;
    expect(meetings).toHaveLength(4);
    expect(meetings.every((m: any) => Array.isArray(m.gaps))).toBe(true);
    const sessions = meetings.flatMap((m: any) => m.sessions.nodes);
    expect(sessions.some((s: any) => !s.live && s.participants.length > 0)).toBe(true);
    // VConnct has no remote-support reports: that is UNSUPPORTED in sources, not an error.
    expect(res.body.data.connectionReports.sources).toEqual([
      { state: 'UNSUPPORTED', message: expect.any(String), connection: { vendor: 'VCONNCT' } },
    ]);
  });

  it('spans seven whole UTC days back and seven ahead of today, whatever the weekday or hour', () => {
    expect(exampleVariables(new Date('2026-11-26T15:00:00Z'))).toEqual({
      from: '2026-11-19T00:00:00.000Z',
      to: '2026-12-03T23:59:59.999Z',
    });
    expect(exampleVariables(new Date('2026-11-29T23:59:59.999Z'))).toEqual({
      from: '2026-11-22T00:00:00.000Z',
      to: '2026-12-06T23:59:59.999Z',
    });
    expect(exampleVariables(new Date('2026-11-30T00:00:00Z'))).toEqual({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-12-07T23:59:59.999Z',
    });
    expect(exampleVariables(new Date('2024-03-01T12:00:00Z'))).toEqual({
      from: '2024-02-23T00:00:00.000Z',
      to: '2024-03-08T23:59:59.999Z',
    });
  });

  it('prefills a placeholder Authorization header, never a key, when API clients are configured', async () => {
    const html = await (await openPage(secured, '/graphql')).text();
    expect(JSON.parse(settingsOf(html).headers ?? 'null')).toEqual({ Authorization: API_KEY_PLACEHOLDER });
    expect(html).not.toContain(API_KEY);
    // The page is public; the API behind it is not.
    expect((await secured.gql('{ __typename }')).status).toBe(401);
  });

  it('leaves every non-browser request to Apollo', async () => {
    const get = await fetch(`${open.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' },
    });
    expect(get.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json']) {
      const res = await openPage(open, '/graphql', accept);
      expect(res.headers.get('content-type')).not.toMatch(/^text\/html/);
    }
    expect((await open.gql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it("never falls back to Apollo's CDN-loaded landing page", async () => {
    // A browser GET with an unrelated query parameter is not ours, so it reaches Apollo, which would
    // answer with its landing page (scripts from Apollo's CDN) if that were not disabled.
    for (const server of [open, production]) {
      const res = await fetch(`${server.url}?utm_source=mail`, { headers: { accept: BROWSER_ACCEPT } });
      expect(res.headers.get('content-type')).not.toMatch(/^text\/html/);
      expect(await res.text()).not.toMatch(/apollographql|embeddable/i);
    }
  });

  it('is not served in production, where introspection is off', async () => {
    for (const path of ['/', '/graphql', '/playground/assets/graphiql.min.js', '/playground/assets/bootstrap.js']) {
      const res = await openPage(production, path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers.get('content-type')).not.toMatch(/^text\/html/);
    }
    expect((await production.gql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
    const introspection = await production.gql('{ __schema { queryType { name } } }');
    expect(introspection.status).toBe(400);
  });
});
