import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { scrubDeep } from '../src/secrets.js';

/**
 * `DateTime`: graphql-scalars' RFC 3339 date-time, always serialized in UTC. `JSON`: the vendors' own payloads.
 * Same parsing and serializing as graphql-scalars; only the descriptions speak to meetgraph's clients.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  description:
    'An instant as an ISO-8601 / RFC 3339 date-time string. meetgraph always answers in UTC (`2026-11-23T09:30:00.000Z`); ' +
    'inputs may carry any offset (`2026-11-23T10:30:00+01:00`). Convert to the viewer\'s time zone for display.',
});

/**
 * `JSON` is serialized through the scrubber, so a payload that carries a credential or a live token (a vendor
 * echoing it back) never reaches a client.
 */
export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  serialize: (value: unknown) => scrubDeep(JSONResolver.serialize(value)),
  description: 'Any JSON value: a vendor\'s own payload (`raw`) or a vendor setting value, passed through as the vendor sent it.',
});
