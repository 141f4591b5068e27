import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { checkDateRange } from './validators.js';

/**
 * `DateTime`: ISO-8601, always serialized in UTC. Inputs outside 1970-01-01..2100-01-01 are refused while
 * coercing, before any resolver or vendor sees them. `JSON`: the vendor's own payloads.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  parseValue: (value) => checkDateRange(DateTimeResolver.parseValue(value) as Date),
  parseLiteral: (ast, variables) => checkDateRange(DateTimeResolver.parseLiteral(ast, variables) as Date),
});
export const JSONScalar = JSONResolver;
