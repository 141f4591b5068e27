import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMeetgraphSchema, printMeetgraphSchema } from './schema.js';
import { buildMeetgraphSubgraph, printMeetgraphSubgraph } from './subgraph.js';

/** `npm run schema`: writes schema/schema.graphql and schema/subgraph.graphql (run from the compiled dist/src). */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schema = await buildMeetgraphSchema();
const outputs: Array<[string, string]> = [
  ['schema.graphql', printMeetgraphSchema(schema)],
  ['subgraph.graphql', printMeetgraphSubgraph(buildMeetgraphSubgraph(schema))],
];
for (const [file, text] of outputs) {
  const target = path.join(root, 'schema', file);
  writeFileSync(target, text);
  console.log(`wrote ${path.relative(process.cwd(), target) || target}`);
}
