import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { scrubDeep } from '../core/secrets.js';
import { checkDateRange } from './validators.js';

/**
 * `DateTime`: graphql-scalars' RFC 3339 date-time, always serialized in UTC. Inputs outside 1970-01-01..2100-01-01
 * are refused while coercing, before any resolver or vendor sees them. `JSON`: the vendors' own payloads.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  parseValue: (value) => checkDateRange(DateTimeResolver.parseValue(value) as Date),
  parseLiteral: (ast, variables) => checkDateRange(DateTimeResolver.parseLiteral(ast, variables) as Date),
  description:
    'An instant as an ISO-8601 / RFC 3339 date-time string. meetgraph always answers in UTC (`2026-11-23T09:30:00.000Z`); ' +
    "inputs may carry any offset (`2026-11-23T10:30:00+01:00`). Convert to the viewer's time zone for display.",
});

/**
 * `JSON` is serialized through the scrubber, so a payload that carries a credential or a live token (a vendor
 * echoing it back) never reaches a client.
 */
export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  serialize: (value: unknown) => scrubDeep(JSONResolver.serialize(value)),
  description: "Any JSON value: a vendor's own payload (`raw`) or a vendor setting value, passed through as the vendor sent it.",
});
