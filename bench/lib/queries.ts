/** The GraphQL documents the scenarios send, and the "this week" window they ask for. */
export function thisWeek(now = new Date()): { from: string; to: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const end = new Date(start);
  end.setUTCDate(end.getUTCDate() + 7);
  return { from: start.toISOString(), to: end.toISOString() };
}

export const MEETINGS_FLOOR_QUERY = /* GraphQL */ `
  query Floor($first: Int!) {
    meetings(first: $first) {
      nodes {
        id
        title
        startsAt
        status
      }
    }
  }
`;

export const FAN_OUT_QUERY = /* GraphQL */ `
  query FanOut($from: DateTime, $to: DateTime, $first: Int!) {
    meetings(filter: { from: $from, to: $to }, first: $first) {
      nodes {
        id
        vendor
        title
        startsAt
        status
        participants {
          displayName
          role
          presence
        }
        recordings {
          url
          mediaType
        }
        sessions(first: 50) {
          nodes {
            id
            startedAt
            endedAt
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
        connection {
          id
        }
      }
    }
    connectionReports(filter: { from: $from, to: $to }, first: 20) {
      nodes {
        id
        startedAt
      }
    }
  }
`;

export const NESTED_QUERY = /* GraphQL */ `
  query Nested($first: Int!) {
    meetings(first: $first) {
      nodes {
        id
        title
        participants {
          displayName
        }
        sessions(first: 100) {
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
    }
  }
`;

export const TYPENAME_QUERY = '{ __typename }';

export function body(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}
