/**
 * The query the playground opens with and the README's first query, and the variables that make it
 * "around today". One module so the page, the docs and the tests all show the same thing.
 */
// The README shows this exact text (a test compares the two), so the formatter leaves it as written.
// prettier-ignore
export const EXAMPLE_QUERY = /* GraphQL */ `# Seven days back and seven ahead, across every vendor account.
# Run it with ▶ (Ctrl/Cmd-Enter); the book icon opens the docs.
# A vendor that fails or cannot provide something never sinks
# the others and is not an error: \`sources\` says per account
# whether a list is COMPLETE, PARTIAL, FAILED or UNSUPPORTED,
# \`gaps\` which nested list of a meeting came back incomplete.
query AroundToday($from: DateTime!, $to: DateTime!) {
  meetings(filter: { from: $from, to: $to }, first: 50) {
    nodes {
      id vendor kind title status startsAt endsAt joinUrl
      connection { id label }
      participants { displayName role presence }
      recordings { mediaType url }
      sessions(first: 3) {
        nodes { startedAt endedAt live participants { displayName presence } }
        sources { state error { code } }
      }
      gaps { field state error { code message retryable } }
    }
    pageInfo { hasNextPage endCursor }
    sources { state message connection { id vendor } error { code message retryable retryAfterSeconds } }
  }
  connectionReports(filter: { from: $from, to: $to }, first: 10) {
    nodes { vendor startedAt durationSeconds mode agent { name } target { name os } }
    sources { state message connection { vendor } }
  }
}
`;

export interface ExampleVariables {
  from: string;
  to: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whole UTC days from seven days before today up to and including the last millisecond of the seventh day
 * after it. A window around today rather than the calendar week, so the example shows recent sessions and
 * upcoming meetings on a Monday morning just as on a Friday.
 */
export function exampleVariables(now: Date = new Date()): ExampleVariables {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: new Date(today - 7 * DAY_MS).toISOString(), to: new Date(today + 8 * DAY_MS - 1).toISOString() };
}
