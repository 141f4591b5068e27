import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { scrubDeep } from '../src/secrets.js';

/** `DateTime`: ISO-8601, always serialized in UTC. */
export const DateTimeScalar = DateTimeResolver;

/**
 * `JSON`: the vendor's own payloads (`raw`). Serialized through the scrubber, so a payload that carries a
 * credential or a live token (a vendor echoing it back) never reaches a client.
 */
export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  serialize: (value: unknown) => scrubDeep(JSONResolver.serialize(value)),
});
