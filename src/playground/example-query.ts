/**
 * The query the playground opens with, and the variables that make it "this week". One module so the
 * page, the docs and the tests all show the same thing.
 */
export const EXAMPLE_QUERY = /* GraphQL */ `# This week across every vendor account: meetings with
# who is in them, the sessions that ran, their recordings
# and remote-support connections.
# Run it with ▶ (Ctrl/Cmd-Enter); the book icon on the
# left opens the schema docs.
#
# \`sources\` says which account answered, which failed
# and why: one vendor failing never sinks the others.
# Accounts that do not have a kind of data (Alpemix has
# no meetings) show as UNSUPPORTED in \`sources\`.
query ThisWeek($from: DateTime!, $to: DateTime!) {
  meetings(filter: { from: $from, to: $to }, first: 20) {
    nodes {
      id
      vendor
      kind
      title
      status
      startsAt
      endsAt
      joinUrl
      connection {
        id
        label
      }
      participants {
        displayName
        role
        presence
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    sources {
      state
      message
      connection {
        id
        vendor
      }
      error {
        code
        message
        retryable
        retryAfterSeconds
      }
    }
  }
  sessions(filter: { from: $from, to: $to }, first: 10) {
    nodes {
      vendor
      title
      startedAt
      endedAt
      live
      participantCount
      meeting {
        title
      }
      participants {
        displayName
        presence
      }
      recordings {
        mediaType
        url
      }
    }
    sources {
      state
      connection {
        vendor
      }
    }
  }
  connectionReports(filter: { from: $from, to: $to }, first: 10) {
    nodes {
      vendor
      startedAt
      durationSeconds
      mode
      agent {
        name
      }
      target {
        name
        os
      }
    }
    sources {
      state
      message
      connection {
        vendor
      }
    }
  }
}
`;

export interface ExampleVariables {
  from: string;
  to: string;
}

/** The current ISO week in UTC: Monday 00:00 up to and including the last millisecond of Sunday. */
export function exampleVariables(now: Date = new Date()): ExampleVariables {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const daysSinceMonday = (start.getUTCDay() + 6) % 7;
  start.setUTCDate(start.getUTCDate() - daysSinceMonday);
  const end = new Date(start.getTime() + 7 * 24 * 60 * 60 * 1000 - 1);
  return { from: start.toISOString(), to: end.toISOString() };
}
