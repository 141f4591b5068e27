import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientConfig } from './config/config.js';
import { UnauthenticatedError } from '../core/errors.js';
import { OPEN_PRINCIPAL, principalOf, type Principal } from './principal.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Resolves the caller from `Authorization: Bearer <key>`. With no clients configured the endpoint is open
 * (sandbox/dev). Keys are compared as digests in constant time so timing does not reveal a key's prefix.
 */
export function authenticate(clients: readonly ClientConfig[] | null, authorization: string | undefined): Principal {
  if (!clients) return OPEN_PRINCIPAL;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new UnauthenticatedError();
  const presented = digest(match[1] as string);
  const client = clients.find((c) => timingSafeEqual(digest(c.apiKey), presented));
  if (!client) throw new UnauthenticatedError('The API key is not valid.');
  return principalOf(client);
}
