import type { GraphQLSchema } from 'graphql';

/**
 * type-graphql has no option for the descriptions of the root types, so they are set on the built schema
 * (before it is printed or served) to keep every type of the published schema documented.
 */
const ROOT_DESCRIPTIONS = {
  query:
    'Reads across every configured vendor account. Lists merge all selected connections and report each in `sources`; ' +
    'every DateTime is ISO-8601 UTC.',
  mutation:
    'Writes to one vendor account, picked by `connectionId` or by the id of the meeting. A write is never retried automatically; ' +
    'what the vendor cannot do answers UNSUPPORTED_BY_VENDOR (see `VendorConnection.capabilities`).',
} as const;

export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) query.description = ROOT_DESCRIPTIONS.query;
  if (mutation) mutation.description = ROOT_DESCRIPTIONS.mutation;
  return schema;
}
