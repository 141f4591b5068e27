import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

/** `DateTime`: ISO-8601, always serialized in UTC. `JSON`: the vendor's own payloads. */
export const DateTimeScalar = DateTimeResolver;
export const JSONScalar = JSONResolver;
