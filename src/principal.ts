import type { ClientConfig } from './config/config.js';

/** Who is calling: a configured client, or the open endpoint when no clients are configured. */
export interface Principal {
  name: string;
  /** Connection ids this caller may use; null = all. */
  connections: ReadonlySet<string> | null;
}

export const OPEN_PRINCIPAL: Principal = { name: 'anonymous', connections: null };

export function principalOf(client: ClientConfig): Principal {
  return { name: client.name, connections: client.connections ? new Set(client.connections) : null };
}
