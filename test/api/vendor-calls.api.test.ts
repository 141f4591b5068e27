import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import type { ApizeeSimulatorState } from '../../datasources/apizee/simulator.js';
import { ALLOCLOUD_SANDBOX_USER_ID, type AllocloudSimulatorState } from '../../datasources/allocloud/simulator.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { startApiWithConfig, type TestApi } from '../helpers/api.js';

/** A 50-meeting page with every nested list a client may ask for. */
const NESTED = /* GraphQL */ `
  query Nested($vendors: [Vendor!]) {
    meetings(first: 50, filter: { vendors: $vendors }) {
      nodes {
        id
        participants {
          displayName
        }
        recordings {
          url
        }
        sessions(first: 20) {
          nodes {
            id
            participants {
              displayName
            }
            recordings {
              url
            }
          }
        }
      }
      sources {
        state
      }
    }
  }
`;

/** The native part of a global id `<Type>:<connectionId>:<nativeId>`. */
const nativeOf = (id: string): string => decodeURIComponent(id.split(':').slice(2).join(':'));

/**
 * Vendor calls for a 50-meeting nested page, per vendor, against the fewest calls the vendors' endpoints allow,
 * derived here from the vendor contracts and the simulators' data (not from meetgraph's code). Counts only, no
 * timing. Token calls are left out: a warm-up request fetches them.
 */
describe('vendor calls for a 50-meeting nested page', () => {
  let sandbox: Sandbox;
  let api: TestApi;
  const sim = (vendor: keyof Sandbox['simulators']): RunningSimulator => sandbox.simulators[vendor] as RunningSimulator;

  beforeAll(async () => {
    sandbox = await startSandbox({}, { size: 50 });
    // ~300 VConnct calls: above the default per-request cap, which is not what this measures.
    api = await startApiWithConfig(sandbox.config, { limits: { vendorCallsPerRequest: 2_000, requestDeadlineMs: 120_000 } });
  });
  afterAll(async () => {
    await api.stop();
    await sandbox.close();
  });

  /** The page for one vendor, asked twice: the second request's calls are counted (per operation). */
  async function page(vendor: string): Promise<{ ids: string[]; calls: Record<string, number> }> {
    await api.gql(NESTED, { vendors: [vendor] });
    for (const s of Object.values(sandbox.simulators)) s?.control.resetCalls();
    const res = await api.gql(NESTED, { vendors: [vendor] });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.meetings.sources).toEqual([{ state: 'COMPLETE' }]);
    const calls: Record<string, number> = {};
    for (const [name, s] of Object.entries(sandbox.simulators)) {
      for (const entry of (s as RunningSimulator).control.log) {
        if (entry.operation === 'token') continue;
        calls[`${name} ${entry.operation}`] = (calls[`${name} ${entry.operation}`] ?? 0) + 1;
      }
    }
    return { ids: res.body.data.meetings.nodes.map((n: { id: string }) => n.id), calls };
  }

  const total = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

  it('VConnct: list_meetings, then list_sessions per meeting, list_attendance per session, get_record per ended session', async () => {
    const { ids, calls } = await page('VCONNCT');
    expect(ids).toHaveLength(50);
    // The minimum, walked directly over the vendor's REST API (docs/vendors/vconnct.md "Calls").
    const vconnct = sim('vconnct');
    const license = (sandbox.config.connections.find((c) => c.vendor === 'vconnct') as unknown as { credentials: { license: string } })
      .credentials.license;
    const get = async (path: string, params: Record<string, string> = {}): Promise<unknown> => {
      const url = new URL(path, `${vconnct.url.replace(/\/$/, '')}/`);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return ((await (await fetch(url, { headers: { license } })).json()) as { data?: unknown }).data;
    };
    const onPage = new Set(ids.map(nativeOf));
    const meetings = ((await get('list_meetings/')) as Array<{ meeting_id: string }>).filter((m) => onPage.has(m.meeting_id));
    expect(meetings).toHaveLength(50);
    let sessions = 0;
    let ended = 0;
    for (const m of meetings) {
      const rows = (await get('list_sessions/', { meeting_id: m.meeting_id })) as Array<{ session_end_time?: string | null }>;
      sessions += rows.length;
      ended += rows.filter((r) => r.session_end_time).length;
    }
    expect(sessions).toBeGreaterThan(50);
    expect(calls).toEqual({
      'vconnct list_meetings': 1,
      'vconnct list_sessions': 50,
      'vconnct list_attendance': sessions,
      'vconnct get_record': ended,
    });
    expect(total(calls)).toBe(1 + 50 + sessions + ended);
  });

  it('Apizee: the two lists, media per conference and per ticket, session statistics per service key; no conference read by id', async () => {
    const { ids, calls } = await page('APIZEE');
    const state = sim('apizee').state as ApizeeSimulatorState;
    const now = Date.now();
    const natives = ids.map(nativeOf);
    const conferenceIds = new Set(natives.filter((n) => n.startsWith('conference:')).map((n) => Number(n.slice('conference:'.length))));
    const tickets = natives.filter((n) => n.startsWith('ticket:')).length;
    const onPage = state.conferences.map((c) => c.conference).filter((c) => conferenceIds.has(c.id));
    expect(onPage).toHaveLength(conferenceIds.size);
    // `/session` is per service key (docs/vendors/apizee.md "Session statistics"); none exist before a start.
    const keys = new Set(onPage.filter((c) => c.service_key && c.start_time && Date.parse(c.start_time) <= now).map((c) => c.service_key));
    expect(conferenceIds.size).toBeGreaterThan(keys.size);
    expect(calls).toEqual({
      'apizee conferences.list': 1,
      'apizee tickets.list': 1,
      'apizee conferences.media': conferenceIds.size,
      'apizee tickets.medias': tickets,
      'apizee session.list': keys.size,
    });
  });

  it('alfaview: the room list and one live-status call for the whole page', async () => {
    const { ids, calls } = await page('ALFAVIEW');
    expect(ids.length).toBeGreaterThan(1);
    expect(calls).toEqual({ 'alfaview roomService/list': 1, 'alfaview roomService/status': 1 });
  });

  it('ALLOcloud: the account, then one calendar feed per organizer', async () => {
    const { calls } = await page('ALLOCLOUD');
    const state = sim('allocloud').state as AllocloudSimulatorState;
    // The connection's account is its user's (an instance key acts for the user it names).
    const account = state.organizers.get(ALLOCLOUD_SANDBOX_USER_ID)?.accountId;
    const organizers = [...state.organizers.values()].filter((o) => o.accountId === account).length;
    expect(organizers).toBeGreaterThan(1);
    expect(calls).toEqual({ 'allocloud account.admin': 1, 'allocloud meeting.calender.user': organizers });
  });
});
