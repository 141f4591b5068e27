import { readFileSync } from 'node:fs';
import { buildMeetgraphSchema, printMeetgraphSchema } from '../../src/schema.js';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema` after changing types)', async () => {
    const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(printMeetgraphSchema(await buildMeetgraphSchema())).toBe(committed);
  });

  it('has the contract types of the unified schema (docs/architecture.md)', async () => {
    const schema = await buildMeetgraphSchema();
    for (const name of [
      'Node',
      'VendorConnection',
      'Meeting',
      'Session',
      'Participant',
      'Recording',
      'ConnectionReport',
      'Endpoint',
      'SourceStatus',
      'MeetingConnection',
      'SessionConnection',
      'RecordingConnection',
      'ConnectionReportConnection',
      'DateTime',
      'JSON',
    ]) {
      expect(schema.getType(name)).toBeDefined();
    }
    const query = schema.getQueryType()!.getFields();
    expect(Object.keys(query).sort()).toEqual(
      expect.arrayContaining(['node', 'connections', 'meetings', 'meeting', 'sessions', 'recordings', 'connectionReports']),
    );
    const mutation = schema.getMutationType()!.getFields();
    expect(Object.keys(mutation)).toEqual(
      expect.arrayContaining(['createMeeting', 'updateMeeting', 'deleteMeeting', 'startSession', 'endSession', 'createJoinLink']),
    );
  });
});
