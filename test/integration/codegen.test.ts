import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

/**
 * The frontend workflow of the README: GraphQL Code Generator's client preset over the committed schema and
 * the example operations, then `tsc` over the generated types and the code that uses them. A schema change
 * that breaks a frontend breaks this test.
 */
describe('typed client codegen', () => {
  it('generates typed documents for the example operations and they type-check', async () => {
    await run(bin('graphql-codegen'), ['--config', 'codegen.ts', '--silent'], { cwd: root });
    const generated = readFileSync(path.join(root, 'examples', 'generated', 'graphql.ts'), 'utf8');
    expect(generated).toContain('export type ThisWeekMeetingsQuery');
    expect(generated).toContain('export const CreateMeetingDocument');
    expect(generated).toContain("export type DeleteMeetingMutationVariables = Exact<{\n  id: Scalars['ID']['input'];\n}>;");
    expect(generated).toContain('export const RecentConnectionReportsDocument');
    // Enum values carry their schema descriptions as doc comments between the union members.
    expect(generated).toMatch(/export type Vendor =\s*(\/\*\*[^\n]*\*\/\s*)?\| 'ALFAVIEW'/);
    await expect(run(bin('tsc'), ['-p', 'examples/tsconfig.json'], { cwd: root })).resolves.toBeDefined();
  }, 120_000);

  it('type-checking fails when the code asks for something the schema does not have', async () => {
    expect(existsSync(path.join(root, 'examples', 'generated', 'graphql.ts'))).toBe(true);
    const broken = path.join(root, 'examples', 'generated', 'broken-usage.ts');
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(
      broken,
      "import type { ThisWeekMeetingsQuery } from './graphql.js';\nexport const x = (q: ThisWeekMeetingsQuery) => q.meetings.nodes[0]?.organizerName;\n",
    );
    try {
      await expect(run(bin('tsc'), ['-p', 'examples/tsconfig.json'], { cwd: root })).rejects.toMatchObject({
        stdout: expect.stringContaining('organizerName'),
      });
    } finally {
      rmSync(broken, { force: true });
    }
  }, 120_000);
});
