import { ConnectionRegistry } from '../../datasources/registry.js';
import type { UpstreamObserver } from '../../datasources/http.js';
import type { MeetgraphConfig } from '../../src/config/config.js';
import type { StoreConfig } from '../../src/config/store-config.js';
import { validateConfig } from '../../src/config/validate.js';
import { attachHistory } from '../../src/history/attach-history.js';
import type { HistoryRuntime } from '../../src/history/history-runtime.js';
import { silentLogger } from '../../core/logger.js';
import { SECRET_KEY_PATTERN } from '../../core/secrets.js';
import type { RequestLimits } from '../../src/context.js';
import type { StateStore } from '../../core/state-store.js';
import type { Logger } from '../../core/logger.js';
import { MeetgraphMetrics } from '../../src/metrics.js';
import type { ReadinessCheck } from '../../src/observability-routes.js';
import { createMeetgraphServer, type MeetgraphServer } from '../../src/server.js';
import { VendorCallCache } from '../../src/cache/vendor-call-cache.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';

export interface GqlResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }> };
}

/** Options of a test server; `TestApiOptions` is the same. */
export interface ApiOptions {
  observer?: UpstreamObserver;
  production?: boolean;
  /** meetgraph's clock (token expiry, budgets, the playground's example dates); tests pin it. */
  now?: () => Date;
  /** Per-request deadline and vendor-call cap; the defaults when absent. */
  limits?: RequestLimits;
  /** A logger to inspect (secrecy tests); silent when absent. */
  logger?: Logger;
  /**
   * History store for this server. Tests keep none unless they ask (a store per test file, never the
   * working directory's ./data that several test workers would share): `{ kind: 'memory' }` for a fresh one.
   */
  history?: StoreConfig['location'];
  /** Sync intervals of that history store, in ms; without it the syncs run only when a test calls `runSyncsNow`. */
  historyIntervalMs?: number;
  /** Turns the vendor-call cache on over this store (in-process memory when absent) and clock (epoch ms). */
  vendorCache?: { store?: StateStore; now?: () => number };
  /** Shared state (tokens, budgets, idempotency keys); each server's own memory when absent. */
  stateStore?: StateStore;
  /** More `/ready` checks (the state store's). */
  readinessChecks?: readonly ReadinessCheck[];
}

export type StartApiOptions = ApiOptions;

export type TestApiOptions = ApiOptions;

export interface TestApi {
  url: string;
  /** `http://127.0.0.1:PORT` of the admin port (`/metrics`, `/ready`) when the config sets `server.adminPort`. */
  adminUrl: string | null;
  registry: ConnectionRegistry;
  server: MeetgraphServer;
  /** Every GraphQL response body this server sent, in order: secrecy checks read it after each test. */
  responses: string[];
  /** The history runtime when the test asked for a store (`history` option). */
  history: HistoryRuntime | null;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  stop(): Promise<void>;
}

/**
 * A real meetgraph server on loopback over the given config document (as if read from YAML), talking to
 * whatever the connections point at: in tests, the vendor simulators.
 */
export async function startApi(doc: Record<string, unknown>, options: ApiOptions = {}): Promise<TestApi> {
  return startApiWithConfig(validateConfig(doc, {}), options);
}

/** The same over an already validated config (e.g. the sandbox's). */
export async function startApiWithConfig(config: MeetgraphConfig, options: ApiOptions = {}): Promise<TestApi> {
  const logger = options.logger ?? silentLogger();
  const metrics = new MeetgraphMetrics();
  const observer: UpstreamObserver = (call) => {
    metrics.upstreamObserver(call);
    options.observer?.(call);
  };
  const state = options.stateStore;
  const vendors = ConnectionRegistry.build(config.connections, { logger, observer, now: options.now, state });
  const interval = options.historyIntervalMs ?? 60 * 60 * 1000;
  const store: StoreConfig | null = options.history
    ? { location: options.history, retentionDays: 90, alpemixIntervalMs: interval, alfaviewIntervalMs: interval }
    : null;
  const autoStart = options.historyIntervalMs !== undefined;
  const history = await attachHistory({ ...config, store }, vendors, { logger, metrics, now: options.now, autoStart });
  const registry = history.registry;
  const production = options.production ?? false;
  const vendorCache = options.vendorCache
    ? new VendorCallCache({
        connections: config.connections,
        store: options.vendorCache.store ?? new MemoryStateStore(options.vendorCache.now),
        logger,
        now: options.vendorCache.now,
      })
    : undefined;
  const server = await createMeetgraphServer({
    config,
    registry,
    logger,
    metrics,
    production,
    now: options.now,
    limits: options.limits,
    vendorCache,
    stateStore: state,
    readinessChecks: options.readinessChecks,
  });
  const url = await server.listen(0, '127.0.0.1');
  const responses: string[] = [];
  return {
    url,
    adminUrl: server.adminUrl(),
    registry,
    server,
    responses,
    async gql(query, variables, headers) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      responses.push(text);
      return { status: response.status, headers: response.headers, body: JSON.parse(text) };
    },
    history: history.runtime,
    async stop() {
      await server.stop();
      await history.close();
      await registry.close();
    },
  };
}

/** Error codes in a response, for compact assertions. */
export function codes(response: GqlResponse): string[] {
  return (response.body.errors ?? []).map((e) => String(e.extensions?.code));
}

/** The secret-looking credential values of a config's connections (the keys meetgraph itself treats as secret). */
export function credentialSecrets(config: MeetgraphConfig): string[] {
  const out: string[] = [];
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string' && SECRET_KEY_PATTERN.test(key) && value.length >= 6) out.push(value);
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  for (const connection of config.connections) walk((connection as { credentials?: unknown }).credentials, 'credentials');
  return out;
}

/**
 * For `afterEach`: no response sent since the last call contains a secret. Checked after every test, so a
 * leak is caught by the test that caused it, whichever order the tests run in.
 */
export function expectNoSecretsSent(api: TestApi, secrets: readonly string[]): void {
  expect(secrets.length).toBeGreaterThan(0);
  const sent = api.responses.splice(0);
  for (const secret of secrets) expect(sent.filter((body) => body.includes(secret))).toEqual([]);
}
