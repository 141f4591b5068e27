import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const relayCompiler = path.join(root, 'node_modules', '.bin', 'relay-compiler');
const committedSchema = () => readFileSync(path.join(root, 'schema', 'schema.graphql'), 'utf8');

/** Paginated and refetchable fragments as a Relay app writes them: forward on meetings, backward on a meeting's sessions. */
const FRAGMENTS = `
import { graphql } from 'react-relay';

export const meetingList = graphql\`
  fragment MeetingList_query on Query
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" })
  @refetchable(queryName: "MeetingListPaginationQuery") {
    meetings(first: $count, after: $cursor) @connection(key: "MeetingList_meetings") {
      edges { node { id title vendor startsAt gaps { field state } } }
      sources { state connection { id vendor } }
    }
  }
\`;

export const sessionHistory = graphql\`
  fragment SessionHistory_meeting on Meeting
  @argumentDefinitions(count: { type: "Int", defaultValue: 10 }, cursor: { type: "String" })
  @refetchable(queryName: "SessionHistoryPaginationQuery") {
    sessions(last: $count, before: $cursor) @connection(key: "SessionHistory_sessions") {
      edges { node { id startedAt live } }
      sources { state }
    }
  }
\`;
`;

/** Runs relay-compiler over the fragments and a schema in a fresh directory; returns the artifacts it wrote. */
async function compile(schema: string): Promise<{ dir: string; artifacts: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'meetgraph-relay-'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'schema.graphql'), schema);
  writeFileSync(path.join(dir, 'src', 'Meetings.js'), FRAGMENTS);
  writeFileSync(path.join(dir, 'relay.config.json'), JSON.stringify({ src: './src', schema: './schema.graphql', language: 'javascript' }));
  try {
    await run(relayCompiler, ['--noWatchman'], { cwd: dir });
    return { dir, artifacts: readdirSync(path.join(dir, 'src', '__generated__')).sort() };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

describe('relay-compiler over schema/schema.graphql', () => {
  it('compiles @connection and @refetchable fragments, forward and backward', async () => {
    const { dir, artifacts } = await compile(committedSchema());
    try {
      expect(artifacts).toEqual([
        'MeetingListPaginationQuery.graphql.js',
        'MeetingList_query.graphql.js',
        'SessionHistoryPaginationQuery.graphql.js',
        'SessionHistory_meeting.graphql.js',
      ]);
      // Refetching a meeting goes through Query.node, which every type supports.
      const sessionQuery = readFileSync(path.join(dir, 'src', '__generated__', 'SessionHistoryPaginationQuery.graphql.js'), 'utf8');
      expect(sessionQuery).toContain('node(id: $id)');
      const meetingFragment = readFileSync(path.join(dir, 'src', '__generated__', 'MeetingList_query.graphql.js'), 'utf8');
      expect(meetingFragment).toMatch(/"connection":\s*\[/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a PageInfo without hasPreviousPage and startCursor (the check is real)', async () => {
    const twoFieldPageInfo = committedSchema().replace(
      /type PageInfo \{[\s\S]*?\n\}/,
      'type PageInfo {\n  endCursor: String\n  hasNextPage: Boolean!\n}',
    );
    expect(/type PageInfo \{[^}]*\}/.exec(twoFieldPageInfo)?.[0]).not.toMatch(/startCursor|hasPreviousPage/);
    await expect(compile(twoFieldPageInfo)).rejects.toMatchObject({ stderr: expect.stringMatching(/startCursor|hasPreviousPage/) });
  }, 120_000);
});
