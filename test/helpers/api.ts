import { ConnectionRegistry } from '../../datasources/registry.js';
import type { UpstreamObserver } from '../../datasources/http.js';
import type { MeetgraphConfig } from '../../src/config/config.js';
import { validateConfig } from '../../src/config/validate.js';
import { silentLogger } from '../../src/logger.js';
import { MeetgraphMetrics } from '../../src/metrics.js';
import { createMeetgraphServer, type MeetgraphServer } from '../../src/server.js';

export interface GqlResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }> };
}

export interface TestApi {
  url: string;
  /** `http://127.0.0.1:PORT` of the admin port (`/metrics`, `/ready`) when the config sets `server.adminPort`. */
  adminUrl: string | null;
  registry: ConnectionRegistry;
  server: MeetgraphServer;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  stop(): Promise<void>;
}

/**
 * A real meetgraph server on loopback over the given config document (as if read from YAML), talking to
 * whatever the connections point at: in tests, the vendor simulators.
 */
export async function startApi(doc: Record<string, unknown>, options: { observer?: UpstreamObserver; production?: boolean } = {}): Promise<TestApi> {
  return startApiWithConfig(validateConfig(doc, {}), options);
}

/** The same over an already validated config (e.g. the sandbox's). */
export async function startApiWithConfig(config: MeetgraphConfig, options: { observer?: UpstreamObserver; production?: boolean } = {}): Promise<TestApi> {
  const logger = silentLogger();
  const metrics = new MeetgraphMetrics();
  const observer: UpstreamObserver = (call) => {
    metrics.upstreamObserver(call);
    options.observer?.(call);
  };
  const registry = ConnectionRegistry.build(config.connections, { logger, observer });
  const server = await createMeetgraphServer({ config, registry, logger, metrics, production: options.production ?? false });
  const url = await server.listen(0, '127.0.0.1');
  return {
    url,
    adminUrl: server.adminUrl(),
    registry,
    server,
    async gql(query, variables, headers) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text) };
    },
    async stop() {
      await server.stop();
      await registry.close();
    },
  };
}

/** Error codes in a response, for compact assertions. */
export function codes(response: GqlResponse): string[] {
  return (response.body.errors ?? []).map((e) => String(e.extensions?.code));
}
