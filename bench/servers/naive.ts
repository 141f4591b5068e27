/**
 * The resolver set a team writes by hand without batching or memoisation: every field asks VConnct
 * directly, once per parent object. Scenario 3 counts its vendor calls against meetgraph's. Prints
 * `READY <url>`. Arguments: <vconnct base URL> <license>.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, graphql } from 'graphql';
import { REFERENCE_SDL } from './reference-schema.js';

const [baseUrl = '', license = ''] = process.argv.slice(2);

async function vconnct<T>(path: string, params: Record<string, string> = {}): Promise<T> {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const response = await fetch(url, { headers: { license } });
  const json = (await response.json()) as { data?: T };
  return (json.data ?? []) as T;
}

interface RawMeeting {
  meeting_id: string;
  title: string;
}
interface RawSession {
  session_id: string;
}
interface RawAttendance {
  name?: string;
  full_name?: string;
}

const schema = buildSchema(REFERENCE_SDL);

const participant = (a: RawAttendance) => ({ displayName: a.full_name ?? a.name ?? null });

const session = (s: RawSession) => ({
  id: s.session_id,
  participants: async () => (await vconnct<RawAttendance[]>('list_attendance/', { session_id: s.session_id })).map(participant),
  recordings: async () => {
    const record = await vconnct<{ playback_url?: string } | null>('get_record/', { session_id: s.session_id });
    return record && typeof record === 'object' && 'playback_url' in record ? [{ url: record.playback_url }] : [];
  },
});

const meeting = (m: RawMeeting) => ({
  id: m.meeting_id,
  title: m.title,
  sessions: async () => ({ nodes: (await vconnct<RawSession[]>('list_sessions/', { meeting_id: m.meeting_id })).map(session) }),
  participants: async () => {
    const sessions = await vconnct<RawSession[]>('list_sessions/', { meeting_id: m.meeting_id });
    const lists = await Promise.all(sessions.map((s) => vconnct<RawAttendance[]>('list_attendance/', { session_id: s.session_id })));
    return lists.flat().map(participant);
  },
});

const rootValue = {
  meetings: async ({ first }: { first?: number }) => ({
    nodes: (await vconnct<RawMeeting[]>('list_meetings/')).slice(0, first ?? 20).map(meeting),
  }),
};

const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  req.on('end', async () => {
    const { query, variables } = JSON.parse(raw || '{}') as { query: string; variables?: Record<string, unknown> };
    const result = await graphql({ schema, source: query, rootValue, variableValues: variables });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(result));
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
