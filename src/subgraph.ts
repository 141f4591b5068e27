import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { parse, printSchema, type GraphQLSchema } from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { RequestContext } from './context.js';
import { parseGlobalId } from './ids.js';
import type { Loaders } from './loaders.js';

/** The types other subgraphs may reference or extend by `id` (DESIGN.md §3). */
export const ENTITY_LOADERS: Record<string, keyof Loaders> = {
  Meeting: 'meeting',
  Session: 'session',
  Participant: 'participant',
  Recording: 'recording',
  ConnectionReport: 'connectionReport',
};

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

/**
 * The same schema as an Apollo Federation 2 subgraph. type-graphql cannot print directive usages, so the
 * SDL is the printed schema with `@key(fields: "id")` added to each entity type; the resolvers are the
 * type-graphql ones plus `__resolveReference`, which goes through the request's DataLoaders so a gateway
 * asking for 50 meetings of one vendor causes batched vendor calls, not 50.
 */
export function subgraphTypeDefs(schema: GraphQLSchema): string {
  let sdl = printSchema(schema);
  for (const type of Object.keys(ENTITY_LOADERS)) {
    const pattern = new RegExp(`^type ${type}( implements [^{]+)? \\{`, 'm');
    if (!pattern.test(sdl)) throw new Error(`subgraph: entity type ${type} not found in the schema`);
    sdl = sdl.replace(pattern, (match) => `${match.slice(0, -2)} @key(fields: "id") {`);
  }
  return `${FEDERATION_LINK}\n\n${sdl}`;
}

export function buildMeetgraphSubgraph(schema: GraphQLSchema): GraphQLSchema {
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [type, loader] of Object.entries(ENTITY_LOADERS)) {
    resolvers[type] = {
      ...resolvers[type],
      __resolveReference: (reference: { id: string }, ctx: RequestContext) => {
        parseGlobalId(reference.id, 'id', type as 'Meeting');
        return (ctx.loaders[loader] as { load(id: string): Promise<unknown> }).load(reference.id);
      },
    };
  }
  // createResolversMap's map is untyped; buildSubgraphSchema checks it against the SDL at runtime.
  return buildSubgraphSchema({ typeDefs: parse(subgraphTypeDefs(schema)), resolvers: resolvers as never });
}

/** schema/subgraph.graphql: the SDL a gateway or `rover` composes, with the federation directives. */
export function printMeetgraphSubgraph(subgraph: GraphQLSchema): string {
  return `${printSubgraphSchema(subgraph).trim()}\n`;
}
