import { readFileSync } from 'node:fs';
import { EXAMPLE_QUERY, exampleVariables } from '../../src/playground/example-query.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { startApiWithConfig, type TestApi } from '../helpers/api.js';
import { clockStartingAt } from '../helpers/clock.js';

/** The fenced GraphQL block under the README's "A first query" heading. */
function readmeFirstQuery(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## A first query'));
  const match = /```graphql\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('no graphql block under "A first query"');
  return match[1] as string;
}

/** The README's JavaScript for the variables, run with `Date.now()` pinned to `at`. */
function readmeVariables(at: string): unknown {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## A first query'));
  const code = (/```js\n([\s\S]*?)```/.exec(section)?.[1] ?? '').trim();
  const PinnedDate = class extends Date {
    static override now(): number {
      return Date.parse(at);
    }
  };
  return new Function('Date', `${code}\nreturn variables;`)(PinnedDate);
}

describe("the README's first-query variables", () => {
  it.each(['2026-11-30T00:30:00Z', '2026-12-06T23:59:59.999Z', '2024-02-29T12:00:00Z'])(
    'are the playground example variables at %s',
    (at) => {
      expect(readmeVariables(at)).toEqual(exampleVariables(new Date(at)));
    },
  );
});

const vendorsOf = (items: Array<{ vendor: string }>): string[] => [...new Set(items.map((i) => i.vendor))].sort();

/**
 * A newcomer's first run: the README's first query (the playground's example) against the sandbox. Pinned
 * clocks, so the answer cannot depend on the day or hour the suite runs: Monday 00:30 UTC is when the old
 * calendar-week example found no sessions at all.
 */
describe.each(['2026-11-30T00:30:00Z', '2026-12-03T15:00:00Z', '2026-12-06T23:50:00Z'])(
  'the first query against the sandbox at %s',
  (start) => {
    let sandbox: Sandbox;
    let api: TestApi;
    const now = clockStartingAt(start);

    beforeAll(async () => {
      sandbox = await startSandbox({}, { clock: now });
      api = await startApiWithConfig(sandbox.config, { now });
    });
    afterAll(async () => {
      await api?.stop();
      await sandbox?.close();
    });

    it('is the playground example, and answers with zero errors and data from every meeting vendor', async () => {
      expect(readmeFirstQuery()).toBe(EXAMPLE_QUERY);
      const res = await api.gql(EXAMPLE_QUERY, { ...exampleVariables(now()) });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      const { meetings, connectionReports } = res.body.data;

      // Every connection that can list meetings contributes some, whatever their time order.
      const canList = await api.gql('{ connections { vendor capabilities } }');
      const meetingVendors = canList.body.data.connections
        .filter((c: any) => c.capabilities.includes('LIST_MEETINGS'))
        .map((c: any) => c.vendor)
        .sort();
      expect(meetingVendors).toEqual(['ALFAVIEW', 'ALLOCLOUD', 'APIZEE', 'VCONNCT']);
      expect(vendorsOf(meetings.nodes)).toEqual(meetingVendors);
      expect(meetings.sources.map((s: any) => [s.connection.vendor, s.state])).toEqual([
        ['ALFAVIEW', 'COMPLETE'],
        ['ALLOCLOUD', 'COMPLETE'],
        ['ALPEMIX', 'UNSUPPORTED'],
        ['APIZEE', 'COMPLETE'],
        ['VCONNCT', 'COMPLETE'],
      ]);
      expect(vendorsOf(connectionReports.nodes)).toEqual(['ALPEMIX', 'APIZEE']);
      expect(connectionReports.sources.every((s: any) => s.state !== 'FAILED')).toBe(true);

      // Sessions that ran in the last days, with attendance (VConnct's seeded sessions ended one to six days ago).
      const ended = meetings.nodes.flatMap((m: any) =>
        m.sessions.nodes.filter((s: any) => !s.live && s.participants.length > 0).map(() => m.vendor),
      );
      expect(vendorsOf(ended.map((vendor: string) => ({ vendor })))).toContain('VCONNCT');
      // What a vendor cannot list is a gap, never a failure: alfaview rooms have no recordings.
      const gaps = meetings.nodes.flatMap((m: any) => m.gaps.map((g: any) => [m.vendor, g.field, g.state, g.error.code]));
      expect(gaps).toContainEqual(['ALFAVIEW', 'recordings', 'UNSUPPORTED', 'UNSUPPORTED_BY_VENDOR']);
      expect(gaps.filter((g: any[]) => g[2] !== 'UNSUPPORTED')).toEqual([]);
    });
  },
);
