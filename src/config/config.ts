import type { CorsConfig } from './cors-config.js';
import type { LimitsConfig } from '../limits/limits-config.js';
import type { ConnectionConfigBase } from '../../core/connection-config.js';
import type { StoreConfig } from './store-config.js';
import type { StateConfig } from './state-config.js';

export interface ServerConfig {
  port: number;
  host: string;
  /** Serve as an Apollo Federation 2 subgraph (also `--subgraph`). */
  subgraph: boolean;
  /** When set, `/metrics` and `/ready` are served on this port only (bind it where only operators reach it). */
  adminPort: number | null;
  /** Cross-origin browser access (`server.cors`); null = same origin only. */
  cors: CorsConfig | null;
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
  /** Query limits and per-request bounds, defaults filled in. */
  limits: LimitsConfig;
  /** Where history is kept (Alpemix reports, alfaview presence); null = no history (`store: false`). */
  store: StoreConfig | null;
  /** Shared state for replicas (`state.redis`); null = this process's memory. */
  state: StateConfig | null;
  /** True when no config file was found and the simulators stand in for the vendors. */
  sandbox: boolean;
}
