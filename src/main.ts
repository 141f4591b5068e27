import 'reflect-metadata';
import { ConnectionRegistry } from '../datasources/registry.js';
import type { MeetgraphConfig } from './config/config.js';
import { findConfigFile, loadConfigFile } from './config/load.js';
import { startupMode } from './config/startup-mode.js';
import { ConfigError } from './config/validate.js';
import { createLogger } from '../core/logger.js';
import { MeetgraphMetrics } from './metrics.js';
import { startSandbox, type Sandbox } from './sandbox.js';
import { createMeetgraphServer } from './server.js';
import { attachHistory } from './history/attach-history.js';
import { VendorCallCache } from './cache/vendor-call-cache.js';
import { createStateStore } from './state/create-state-store.js';

const logger = createLogger();

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const env = process.env;
  const mode = startupMode(findConfigFile(argv, env, process.cwd()), argv, env);
  const file = mode.kind === 'config' ? mode.file : null;
  let sandbox: Sandbox | null = null;
  let config: MeetgraphConfig;
  if (file) {
    config = loadConfigFile(file, env);
    logger.info({ file, connections: config.connections.length }, 'configuration loaded');
  } else {
    sandbox = await startSandbox(env);
    config = sandbox.config;
    logger.info(
      { connections: config.connections.map((c) => c.id) },
      'no config file found: sandbox mode with simulated vendors on loopback',
    );
  }
  if (env.PORT !== undefined) config.server.port = Number(env.PORT);
  if (argv.includes('--subgraph')) config.server.subgraph = true;
  if (!config.clients)
    logger.warn('no clients configured: the endpoint is open to anyone who can reach it (fine for sandbox and development only)');

  const metrics = new MeetgraphMetrics();
  // One shared state (Redis with `state.redis`, else this process's memory) for tokens, budgets, idempotency
  // keys and the vendor-call cache.
  const state = await createStateStore(config.state, logger);
  const vendors = ConnectionRegistry.build(config.connections, { logger, observer: metrics.upstreamObserver, state: state.store });
  const history = await attachHistory(config, vendors, { logger, metrics });
  const registry = history.registry;
  const vendorCache = new VendorCallCache({ connections: config.connections, store: state.store, logger });
  const server = await createMeetgraphServer({
    config,
    registry,
    logger,
    metrics,
    production: env.NODE_ENV === 'production',
    stateStore: state.store,
    readinessChecks: state.readinessChecks,
    vendorCache,
  });
  const host = sandbox && !file ? (env.HOST ?? '127.0.0.1') : config.server.host;
  const url = await server.listen(config.server.port, host);
  const adminUrl = server.adminUrl();
  logger.info({ url, ...(adminUrl ? { admin: adminUrl } : {}) }, 'meetgraph is ready');
  console.log(`\n  meetgraph ${sandbox ? '(sandbox) ' : ''}ready at ${url}\n`);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) {
      // A second Ctrl-C means "now": skip the drain.
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A stuck close must not keep the process (and in sandbox mode the simulator ports) alive for good.
    const deadlineMs = sandbox ? 5_000 : SHUTDOWN_DEADLINE_MS;
    const timer = setTimeout(() => {
      logger.warn({ deadlineMs }, 'shutdown took too long, exiting');
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    try {
      // Sandbox mode has nothing worth draining for (a developer pressed Ctrl-C): drop open connections at once.
      if (sandbox) server.httpServer.closeAllConnections();
      await server.stop();
      await history.close();
      await registry.close();
      await state.close();
      await sandbox?.close();
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** In config mode: Apollo's drain grace (10 s) for in-flight requests, then time to close vendor clients. */
const SHUTDOWN_DEADLINE_MS = 15_000;

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    logger.fatal({ err: error }, 'meetgraph failed to start');
  }
  process.exit(1);
});
