/**
 * The least a GraphQL server can do to answer the benchmark queries from VConnct over got: Apollo Server 5
 * standalone, hand-written resolvers making the endpoint minimum of calls (each meeting's sessions and each
 * session's attendance fetched once, however many fields need them), and nothing else: no limits, resilience,
 * cursors, ids or metrics. The overhead scenario measures it beside meetgraph and the direct call (the floor
 * any GraphQL layer over got pays for the extra hop); the peer scenario beside Mesh (what got itself costs per
 * vendor call against Mesh's fetch). Arguments: <vconnct base URL> <license>. Prints `READY <url>`.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { got } from 'got';
import { REFERENCE_SDL } from './reference-schema.js';

const [baseUrl = '', license = ''] = process.argv.slice(2);

interface RawMeeting {
  meeting_id: string;
  title?: unknown;
  is_running?: unknown;
}
interface RawSession {
  session_id: string;
}
interface RawAttendance {
  full_name?: string;
  name?: string;
}

const vconnct = got.extend({
  prefixUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
  headers: { license },
  retry: { limit: 0 },
});

/** The `data` of a VConnct answer; null for a 404 (a session without a recording answers `get_record` so). */
async function data<T>(path: string, searchParams?: Record<string, string>): Promise<T | null> {
  const response = await vconnct.get(path, { searchParams, throwHttpErrors: false, responseType: 'json' });
  if (response.statusCode === 404) return null;
  if (response.statusCode >= 400) throw new Error(`VConnct answered ${response.statusCode}`);
  return (response.body as { data?: T }).data ?? null;
}

const typeDefs = REFERENCE_SDL;

/** A session as resolvers see it: its attendance fetched at most once. */
function session(row: RawSession) {
  let attendance: Promise<RawAttendance[]> | undefined;
  return {
    id: row.session_id,
    // docs/vendors/vconnct.md "List Attendance": GET /list_attendance/?session_id=
    attendance: () => (attendance ??= data<RawAttendance[]>('list_attendance/', { session_id: row.session_id }).then((a) => a ?? [])),
    // docs/vendors/vconnct.md "Get Record": GET /get_record/?session_id=
    recording: () => data<{ playback_url?: string }>('get_record/', { session_id: row.session_id }),
  };
}

/** A meeting as resolvers see it: its sessions fetched at most once. */
function meeting(row: RawMeeting) {
  let sessions: Promise<ReturnType<typeof session>[]> | undefined;
  return {
    id: row.meeting_id,
    title: typeof row.title === 'string' ? row.title : '',
    startsAt: null,
    status: row.is_running === true ? 'LIVE' : 'IDLE',
    // docs/vendors/vconnct.md "List Sessions": GET /list_sessions/?meeting_id=
    sessionList: () =>
      (sessions ??= data<RawSession[]>('list_sessions/', { meeting_id: row.meeting_id }).then((s) => (s ?? []).map(session))),
  };
}

type MeetingValue = ReturnType<typeof meeting>;
type SessionValue = ReturnType<typeof session>;
const participant = (a: RawAttendance) => ({ displayName: a.full_name ?? a.name ?? null });

const resolvers = {
  Query: {
    // docs/vendors/vconnct.md "List Meetings": GET /list_meetings/ → { data: [...] }
    meetings: async (_parent: unknown, { first }: { first?: number }) => ({
      nodes: ((await data<RawMeeting[]>('list_meetings/')) ?? []).slice(0, first ?? 20).map(meeting),
    }),
  },
  Meeting: {
    sessions: async (m: MeetingValue, { first }: { first?: number }) => ({ nodes: (await m.sessionList()).slice(0, first ?? 100) }),
    participants: async (m: MeetingValue) => {
      const lists = await Promise.all((await m.sessionList()).map((s) => s.attendance()));
      return lists.flat().map(participant);
    },
  },
  Session: {
    participants: async (s: SessionValue) => (await s.attendance()).map(participant),
    recordings: async (s: SessionValue) => {
      const record = await s.recording();
      return record?.playback_url ? [{ url: record.playback_url }] : [];
    },
  },
};

const server = new ApolloServer({ typeDefs, resolvers, introspection: false });
const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
process.stdout.write(`READY ${url}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
