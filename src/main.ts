import 'reflect-metadata';
import { ConnectionRegistry } from '../datasources/registry.js';
import type { MeetgraphConfig } from './config/config.js';
import { findConfigFile, loadConfigFile } from './config/load.js';
import { ConfigError } from './config/validate.js';
import { createLogger } from './logger.js';
import { MeetgraphMetrics } from './metrics.js';
import { startSandbox, type Sandbox } from './sandbox.js';
import { createMeetgraphServer } from './server.js';

const logger = createLogger();

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const env = process.env;
  const file = findConfigFile(argv, env, process.cwd());
  let sandbox: Sandbox | null = null;
  let config: MeetgraphConfig;
  if (file) {
    config = loadConfigFile(file, env);
    logger.info({ file, connections: config.connections.length }, 'configuration loaded');
  } else {
    sandbox = await startSandbox(env);
    config = sandbox.config;
    logger.info({ connections: config.connections.map((c) => c.id) }, 'no config file found: sandbox mode with simulated vendors on loopback');
  }
  if (env.PORT !== undefined) config.server.port = Number(env.PORT);
  if (argv.includes('--subgraph')) config.server.subgraph = true;
  if (!config.clients) logger.warn('no clients configured: the endpoint is open to anyone who can reach it (fine for sandbox and development only)');

  const metrics = new MeetgraphMetrics();
  const registry = ConnectionRegistry.build(config.connections, { logger, observer: metrics.upstreamObserver });
  const server = await createMeetgraphServer({ config, registry, logger, metrics, production: env.NODE_ENV === 'production' });
  const host = sandbox && !file ? (env.HOST ?? '127.0.0.1') : config.server.host;
  const url = await server.listen(config.server.port, host);
  logger.info({ url }, 'meetgraph is ready');
  console.log(`\n  meetgraph ${sandbox ? '(sandbox) ' : ''}ready at ${url}\n`);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.stop();
    await registry.close();
    await sandbox?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    logger.fatal({ err: error }, 'meetgraph failed to start');
  }
  process.exit(1);
});
