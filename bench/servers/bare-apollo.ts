/**
 * A bare Apollo Server 5 over meetgraph's own schema, answering from a snapshot held in memory: the ceiling
 * for a GraphQL server of this shape on this machine. Argument: path of a JSON file with the `data` to serve.
 * Prints `READY <url>`.
 */
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSchema } from 'graphql';

const sdl = readFileSync(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8');
const snapshot = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Record<string, unknown>;
const schema = buildSchema(sdl);
// Default resolvers read fields off the snapshot; root fields return its top-level values whatever the args.
const rootValue = Object.fromEntries(Object.entries(snapshot).map(([field, value]) => [field, () => value]));

const server = new ApolloServer({ schema, rootValue, introspection: false });
const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
process.stdout.write(`READY ${url}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
