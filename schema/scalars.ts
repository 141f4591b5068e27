import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

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

export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  description: 'Any JSON value: a vendor\'s own payload (`raw`) or a vendor setting value, passed through as the vendor sent it.',
});
