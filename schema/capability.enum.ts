import { registerEnumType } from 'type-graphql';
import { CAPABILITIES } from '../datasources/capabilities.js';

/** Built from datasources/capabilities.ts so the schema and the datasources can never disagree. */
export const Capability = Object.fromEntries(CAPABILITIES.map((c) => [c, c])) as { [K in (typeof CAPABILITIES)[number]]: K };

registerEnumType(Capability, { name: 'Capability', description: 'Something a vendor can do through meetgraph; anything else is UNSUPPORTED_BY_VENDOR.' });
