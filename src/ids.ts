import { MAX_ID_LENGTH } from '../schema/validators.js';
import { BadUserInputError } from '../core/errors.js';

/**
 * Global ids: `<Type>:<connectionId>:<nativeId>` with the native part URI-encoded (docs/architecture.md, "Global ids"). This is
 * the only file that builds or parses them. Connection ids are validated to contain no ':' (config).
 */
export const NODE_TYPES = ['Meeting', 'Session', 'Participant', 'Recording', 'ConnectionReport', 'VendorConnection'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export interface ParsedId {
  type: NodeType;
  connectionId: string;
  nativeId: string;
}

export function toGlobalId(type: NodeType, connectionId: string, nativeId: string): string {
  return `${type}:${connectionId}:${encodeURIComponent(nativeId)}`;
}

export function connectionGlobalId(connectionId: string): string {
  return toGlobalId('VendorConnection', connectionId, connectionId);
}

/**
 * Parses a global id; `expected` restricts the type (a Session id where a Meeting id is needed is the caller's
 * mistake, so BAD_USER_INPUT naming `field`).
 */
export function parseGlobalId(id: string, field: string, expected?: NodeType | readonly NodeType[]): ParsedId {
  if (id.length > MAX_ID_LENGTH) throw new BadUserInputError(field, `must be at most ${MAX_ID_LENGTH} characters (got ${id.length}).`);
  const first = id.indexOf(':');
  const second = first < 0 ? -1 : id.indexOf(':', first + 1);
  if (first <= 0 || second <= first + 1 || second === id.length - 1) {
    throw new BadUserInputError(field, `"${truncate(id)}" is not a meetgraph id (expected <Type>:<connectionId>:<nativeId>).`);
  }
  const type = id.slice(0, first);
  if (!(NODE_TYPES as readonly string[]).includes(type)) {
    throw new BadUserInputError(field, `"${truncate(id)}" is not a meetgraph id: unknown type "${truncate(type)}".`);
  }
  const allowed = expected === undefined ? null : Array.isArray(expected) ? expected : [expected];
  if (allowed && !allowed.includes(type as NodeType)) {
    throw new BadUserInputError(field, `expected a ${allowed.join(' or ')} id, got a ${type} id.`);
  }
  let nativeId: string;
  try {
    nativeId = decodeURIComponent(id.slice(second + 1));
  } catch {
    throw new BadUserInputError(field, `"${truncate(id)}" has a malformed native part.`);
  }
  return { type: type as NodeType, connectionId: id.slice(first + 1, second), nativeId };
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
