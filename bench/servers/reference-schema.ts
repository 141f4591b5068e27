/**
 * The schema of the hand-written reference servers (naive.ts, minimal-graphql.ts): the slice of meetgraph's
 * schema the benchmark queries ask for, with the same field names, so the same query text runs on all three.
 */
export const REFERENCE_SDL = /* GraphQL */ `
  type Participant {
    displayName: String
  }
  type Recording {
    url: String
  }
  type Session {
    id: ID!
    participants: [Participant!]!
    recordings: [Recording!]!
  }
  type SessionConnection {
    nodes: [Session!]!
  }
  type Meeting {
    id: ID!
    title: String
    startsAt: String
    status: String
    participants: [Participant!]!
    sessions(first: Int): SessionConnection!
  }
  type MeetingConnection {
    nodes: [Meeting!]!
  }
  type Query {
    meetings(first: Int): MeetingConnection!
  }
`;
