import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMeetgraphSchema, printMeetgraphSchema } from './schema.js';

/** `npm run schema`: writes schema/schema.graphql (run from the compiled dist/src). */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = path.join(root, 'schema', 'schema.graphql');
writeFileSync(target, printMeetgraphSchema(await buildMeetgraphSchema()));
console.log(`wrote ${path.relative(process.cwd(), target) || target}`);
