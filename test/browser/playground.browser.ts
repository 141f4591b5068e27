import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ConnectionRegistry } from '../../datasources/registry.js';
import { silentLogger } from '../../core/logger.js';
import { EXAMPLE_QUERY, exampleVariables } from '../../src/playground/example-query.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { createMeetgraphServer, type MeetgraphServer } from '../../src/server.js';
import { launchChromium } from '../helpers/chromium.js';
import { clockStartingAt } from '../helpers/clock.js';

/**
 * The playground in a real browser, with meetgraph in sandbox mode exactly as `npm start` runs it: the page
 * must work with nothing but meetgraph reachable (no CDN), and the prefilled example must run and show
 * data from the simulated vendors.
 */

const RESULTS = path.resolve('test-results');

// GraphiQL 3's editors are CodeMirror 5 instances, reachable from their wrapper element.
const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const VARIABLES_EDITOR = '.graphiql-editor-tool .CodeMirror';
const RESULT_VIEWER = '.result-window .CodeMirror';
/** Runs in the page (tsconfig has no DOM lib, hence globalThis): an editor's whole text, or null. */
const editorText = (selector: string): string | null =>
  (globalThis as any).document.querySelector(selector)?.CodeMirror?.getValue() || null;

describe('the playground in Chromium', () => {
  let sandbox: Sandbox;
  let registry: ConnectionRegistry;
  let server: MeetgraphServer;
  let endpoint: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  // Pinned to Monday 00:30 UTC, so the run cannot depend on the day or hour it happens at.
  const now = clockStartingAt('2026-11-30T00:30:00Z');

  beforeAll(async () => {
    const logger = silentLogger();
    sandbox = await startSandbox({}, { clock: now });
    registry = ConnectionRegistry.build(sandbox.config.connections, { logger, now });
    server = await createMeetgraphServer({ config: sandbox.config, registry, logger, production: false, now });
    endpoint = await server.listen(0, '127.0.0.1');
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // Context-wide, so requests from workers or popups would count too.
    context.on('request', (request) => requests.push(request.url()));
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await registry?.close();
    await sandbox?.close();
  });

  it('loads from meetgraph alone, runs the example query and shows vendor data', async () => {
    // What the page should end up showing: the same query, asked directly.
    const expected = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: EXAMPLE_QUERY, variables: exampleVariables(now()) }),
    }).then((r) => r.json() as Promise<any>);
    const titles: string[] = expected.data.meetings.nodes.map((m: { title: string }) => m.title);
    expect(titles.length).toBeGreaterThan(0);

    const response = await page.goto(endpoint, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    // GraphiQL is up once its editors are, prefilled with the example query.
    const execute = page.locator('.graphiql-execute-button');
    await execute.waitFor({ state: 'visible' });
    await page.waitForFunction(editorText, QUERY_EDITOR);
    expect(await page.evaluate(editorText, QUERY_EDITOR)).toBe(EXAMPLE_QUERY);
    expect(JSON.parse((await page.evaluate(editorText, VARIABLES_EDITOR)) ?? 'null')).toEqual({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-12-07T23:59:59.999Z',
    });

    const run = page.waitForResponse(
      (r) => r.url() === endpoint && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('query AroundToday('),
    );
    await execute.click();
    expect((await run).status()).toBe(200);

    // The response editor renders only what is in view, so read its whole text through CodeMirror.
    await page.waitForFunction(
      (selector) => /"sources"/.test((globalThis as any).document.querySelector(selector)?.CodeMirror?.getValue() ?? ''),
      RESULT_VIEWER,
    );
    const shown = JSON.parse((await page.evaluate(editorText, RESULT_VIEWER)) ?? 'null');
    // A newcomer's first run against the sandbox is clean: data from several vendors, no errors.
    expect(shown.errors).toBeUndefined();
    expect(shown.data.meetings.nodes.flatMap((m: any) => m.sessions.nodes).length).toBeGreaterThan(0);
    expect(shown.data.connectionReports.nodes.length).toBeGreaterThan(0);
    expect(shown.data.meetings.nodes.map((m: { title: string }) => m.title)).toEqual(titles);
    // Data from every vendor that has meetings; Alpemix, which has none, is UNSUPPORTED in sources.
    const vendors = [...new Set(shown.data.meetings.nodes.map((m: { vendor: string }) => m.vendor))].sort();
    expect(vendors).toEqual(['ALFAVIEW', 'ALLOCLOUD', 'APIZEE', 'VCONNCT']);
    expect(shown.data.meetings.sources.filter((s: any) => s.state !== 'COMPLETE').map((s: any) => [s.connection.vendor, s.state])).toEqual([
      ['ALPEMIX', 'UNSUPPORTED'],
    ]);
    expect(shown.data.meetings.sources.map((s: { connection: { id: string } }) => s.connection.id)).toEqual(
      expected.data.meetings.sources.map((s: { connection: { id: string } }) => s.connection.id),
    );

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'playground.png') });
    writeFileSync(path.join(RESULTS, 'playground-requests.txt'), `${requests.join('\n')}\n`);

    // Air-gapped: nothing but meetgraph on loopback (data: URIs are GraphiQL's inlined fonts and icons).
    const origin = new URL(endpoint).origin;
    const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'));
    expect(foreign).toEqual([]);
    expect(requests.every((url) => url.startsWith('data:') || new URL(url).hostname === '127.0.0.1')).toBe(true);
    expect(requests).toEqual(
      expect.arrayContaining([`${origin}/playground/assets/graphiql.min.js`, `${origin}/playground/assets/bootstrap.js`]),
    );
    // No Content-Security-Policy violation or script error on the way.
    expect(problems).toEqual([]);
  });
});
