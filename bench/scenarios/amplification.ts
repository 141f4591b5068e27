import { startMeetgraph, startNodeServer, startSimHost } from '../lib/processes.js';
import { body, NESTED_QUERY } from '../lib/queries.js';

interface Calls {
  [vendor: string]: Record<string, number>;
}

const total = (calls: Calls, vendor: string): number => Object.values(calls[vendor] ?? {}).reduce((a, b) => a + b, 0);

/**
 * The fewest VConnct calls that can answer the nested query, walked directly over REST: one list_meetings,
 * one list_sessions per meeting on the page, one list_attendance per session and one get_record per ended
 * session (a running session has no playback yet: the vendor doc's get_record serves finished recordings).
 */
async function endpointMinimum(baseUrl: string, license: string, first: number): Promise<number> {
  const get = async (path: string, params: Record<string, string> = {}) => {
    const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return ((await (await fetch(url, { headers: { license } })).json()) as { data?: unknown }).data;
  };
  const meetings = ((await get('list_meetings/')) as Array<{ meeting_id: string }>).slice(0, first);
  let calls = 1 + meetings.length;
  for (const m of meetings) {
    const sessions = (await get('list_sessions/', { meeting_id: m.meeting_id })) as Array<{ session_end_time?: string | null }>;
    for (const s of sessions) calls += s.session_end_time ? 2 : 1;
  }
  return calls;
}

/**
 * Scenario 3, call amplification on VConnct (the vendor with the deepest nesting): meetgraph against a naive
 * resolver set without batching (bench/servers/naive.ts) and against the endpoint minimum, for 10/50/100
 * meetings. Counts, not times: deterministic on any machine.
 */
export async function amplification() {
  const rows: Array<Record<string, number>> = [];
  for (const meetings of [10, 50, 100]) {
    const sims = await startSimHost({ vendors: ['vconnct'], latencyMs: 0, size: meetings });
    const connection = sims.connections[0] as { baseUrl: string; credentials: { license: string } };
    const mg = await startMeetgraph({ connections: sims.connections });
    const naive = await startNodeServer('bench/servers/naive.js', [connection.baseUrl, connection.credentials.license]);
    try {
      const query = body(NESTED_QUERY, { first: meetings });
      const count = async (url: string): Promise<number> => {
        await fetch(`${sims.control}/reset`, { method: 'POST' });
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
        await response.text();
        return total((await (await fetch(`${sims.control}/calls`)).json()) as Calls, 'vconnct');
      };
      await count(mg.url); // warm-up: the token/licence path is not what this counts
      const meetgraphCalls = await count(mg.url);
      const naiveCalls = await count(naive.url);
      await fetch(`${sims.control}/reset`, { method: 'POST' });
      const minimum = await endpointMinimum(connection.baseUrl, connection.credentials.license, meetings);
      rows.push({ meetings, minimum, meetgraph: meetgraphCalls, naive: naiveCalls });
    } finally {
      await naive.stop();
      await mg.stop();
      await sims.stop();
    }
  }
  return { vendor: 'vconnct', rows };
}
