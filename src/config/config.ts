import type { ConnectionConfigBase } from './connection-base.js';

export interface ServerConfig {
  port: number;
  host: string;
  /** Serve as an Apollo Federation 2 subgraph (also `--subgraph`). */
  subgraph: boolean;
}

export interface ClientConfig {
  name: string;
  apiKey: string;
  /** Connection ids this client may use; null = all. */
  connections: string[] | null;
}

/** The validated configuration every other module receives; nothing else reads files or the environment. */
export interface MeetgraphConfig {
  server: ServerConfig;
  clients: ClientConfig[] | null;
  connections: ConnectionConfigBase[];
  /** True when no config file was found and the simulators stand in for the vendors. */
  sandbox: boolean;
}
