/**
 * The least a GraphQL server can do to answer the overhead scenario's query from VConnct: Apollo Server 5
 * standalone, one hand-written resolver, one got call to `GET /list_meetings/` per request, no limits, no
 * resilience, no cursors, no metrics. The overhead scenario measures it beside meetgraph and the direct call,
 * so the ratio it reaches is the floor any GraphQL layer over got pays on this machine for the extra hop.
 * Arguments: <vconnct base URL> <license>. Prints `READY <url>`.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { got } from 'got';

const [baseUrl = '', license = ''] = process.argv.slice(2);

interface RawMeeting {
  meeting_id: string;
  title?: unknown;
  is_running?: unknown;
}

const vconnct = got.extend({
  prefixUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
  headers: { license },
  retry: { limit: 0 },
});

const typeDefs = /* GraphQL */ `
  type Meeting {
    id: ID!
    title: String!
    startsAt: String
    status: String!
  }
  type MeetingConnection {
    nodes: [Meeting!]!
  }
  type Query {
    meetings(first: Int!): MeetingConnection!
  }
`;

const resolvers = {
  Query: {
    // docs/vendors/vconnct.md "List Meetings": GET /list_meetings/ → { data: [...] }
    meetings: async (_parent: unknown, { first }: { first: number }) => {
      const { data } = await vconnct.get('list_meetings/').json<{ data?: RawMeeting[] }>();
      return {
        nodes: (data ?? []).slice(0, first).map((row) => ({
          id: row.meeting_id,
          title: typeof row.title === 'string' ? row.title : '',
          startsAt: null,
          status: row.is_running === true ? 'LIVE' : 'IDLE',
        })),
      };
    },
  },
};

const server = new ApolloServer({ typeDefs, resolvers, introspection: false });
const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
process.stdout.write(`READY ${url}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
