import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import {
  isObjectType,
  Kind,
  parse,
  print,
  printSchema,
  visit,
  type ConstArgumentNode,
  type ConstDirectiveNode,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { RequestContext } from './context.js';
import { parseGlobalId } from './ids.js';
import type { Loaders } from './loaders.js';

/** The types other subgraphs may reference or extend by `id` (docs/architecture.md). */
export const ENTITY_LOADERS: Record<string, keyof Loaders> = {
  Meeting: 'meeting',
  Session: 'session',
  Participant: 'participant',
  Recording: 'recording',
  ConnectionReport: 'connectionReport',
};

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';

/** Root fields another subgraph may declare too: Relay's `node(id:)` is in every Relay subgraph. */
export const SHAREABLE_ROOT_FIELDS: Record<string, readonly string[]> = { Query: ['node'] };

const directive = (name: string, args: ConstArgumentNode[] = []): ConstDirectiveNode => ({
  kind: Kind.DIRECTIVE,
  name: { kind: Kind.NAME, value: name },
  arguments: args,
});

const KEY_ID = directive('key', [
  { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'fields' }, value: { kind: Kind.STRING, value: 'id' } },
]);

/**
 * The same schema as an Apollo Federation 2 subgraph. type-graphql cannot print directive usages, so the
 * SDL is the printed schema with directives added on its syntax tree:
 * - `@key(fields: "id")` on each entity type, so other subgraphs can reference and extend them;
 * - `@shareable` on every other object type (value types such as Relay's `PageInfo`, which a company's other
 *   subgraphs declare as well) and on `Query.node`: Federation 2 refuses a field two subgraphs resolve unless
 *   both mark it shareable. Root types themselves are not shareable; only the listed root fields are.
 * The plain schema (schema/schema.graphql) carries none of these directives.
 * The resolvers are the type-graphql ones plus `__resolveReference`, which goes through the request's
 * DataLoaders so a gateway asking for 50 meetings of one vendor causes batched vendor calls, not 50.
 */
export function subgraphTypeDefs(schema: GraphQLSchema): string {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  const rootTypes = new Set(roots.flatMap((t) => (t ? [t.name] : [])));
  const entities = new Set(Object.keys(ENTITY_LOADERS));
  const seen = new Set<string>();
  const document = visit(parse(printSchema(schema)), {
    ObjectTypeDefinition(node): ObjectTypeDefinitionNode | undefined {
      const name = node.name.value;
      seen.add(name);
      if (entities.has(name)) return { ...node, directives: [...(node.directives ?? []), KEY_ID] };
      if (!rootTypes.has(name)) return { ...node, directives: [...(node.directives ?? []), directive('shareable')] };
      const shared = SHAREABLE_ROOT_FIELDS[name] ?? [];
      const fields = node.fields?.map((field) =>
        shared.includes(field.name.value) ? { ...field, directives: [...(field.directives ?? []), directive('shareable')] } : field,
      );
      return { ...node, fields };
    },
  });
  for (const type of entities) if (!seen.has(type)) throw new Error(`subgraph: entity type ${type} not found in the schema`);
  for (const [type, fields] of Object.entries(SHAREABLE_ROOT_FIELDS)) {
    const root = schema.getType(type);
    for (const field of fields) {
      if (!isObjectType(root) || !root.getFields()[field]) {
        throw new Error(`subgraph: shareable root field ${type}.${field} not found in the schema`);
      }
    }
  }
  return `${FEDERATION_LINK}\n\n${print(document)}`;
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
