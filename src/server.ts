import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { ConnectionRegistry } from '../datasources/registry.js';
import { authenticate } from './auth.js';
import type { MeetgraphConfig } from './config/config.js';
import { createRequestContext, type RequestContext, type RequestLimits } from './context.js';
import { MeetgraphError } from './errors.js';
import { createErrorFormatter } from './graphql-errors.js';
import type { Logger } from './logger.js';
import { MeetgraphMetrics } from './metrics.js';
import { metricsPlugin } from './metrics-plugin.js';
import { mountObservabilityRoutes } from './observability-routes.js';
import { partialErrorsPlugin } from './partial-errors-plugin.js';
import { playgroundRouter } from './playground/router.js';
import { idempotencyPlugin } from './state/idempotency.js';
import { MemoryStateStore } from './state/memory-store.js';
import type { StateStore } from './state/state-store.js';
import { buildMeetgraphSchema } from './schema.js';
import { buildMeetgraphSubgraph } from './subgraph.js';

export interface ServerDeps {
  config: MeetgraphConfig;
  registry: ConnectionRegistry;
  logger: Logger;
  /** Introspection and the playground are on outside production. */
  production: boolean;
  schema?: GraphQLSchema;
  /** Prometheus metrics; one is created when absent (build the registry with `metrics.upstreamObserver` to count upstream calls). */
  metrics?: MeetgraphMetrics;
  /** The clock for dates the server computes itself (the playground's example); tests pin it. */
  now?: () => Date;
  /** Idempotency keys (and later other shared state); in-process memory when absent. */
  stateStore?: StateStore;
  /** Per-request deadline and vendor-call cap (config `limits`); the defaults apply when absent. */
  limits?: RequestLimits;
}

export interface MeetgraphServer {
  app: Express;
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  metrics: MeetgraphMetrics;
  listen(port: number, host: string): Promise<string>;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Apollo Server 5 on a plain Node HTTP server via express, with /health beside /graphql. */
export async function createMeetgraphServer(deps: ServerDeps): Promise<MeetgraphServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const formatError = createErrorFormatter(deps.logger);
  const metrics = deps.metrics ?? new MeetgraphMetrics();
  metrics.watchConnections(deps.registry);
  const apollo = new ApolloServer<RequestContext>({
    schema: deps.schema ?? (deps.config.server.subgraph ? buildMeetgraphSubgraph(await buildMeetgraphSchema()) : await buildMeetgraphSchema()),
    introspection: !deps.production,
    includeStacktraceInErrorResponses: false,
    logger: deps.logger,
    formatError,
    // Our own offline GraphiQL (src/playground) replaces Apollo's CDN-loaded landing page.
    // The idempotency plugin comes last: it stores the response as every other plugin left it.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      partialErrorsPlugin(formatError),
      metricsPlugin(metrics),
      idempotencyPlugin(deps.stateStore ?? new MemoryStateStore()),
    ],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  mountObservabilityRoutes(app, { metrics, registry: deps.registry });

  // Before Apollo: answers only browser page GETs and its own assets, everything else falls through.
  app.use(playgroundRouter({ endpoint: '/graphql', clients: deps.config.clients, production: deps.production, now: deps.now }));

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const header = req.headers['x-request-id'];
        const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
        res.setHeader('x-request-id', requestId);
        try {
          const principal = authenticate(deps.config.clients, req.headers.authorization);
          const contextDeps = { registry: deps.registry, logger: deps.logger, observeBatch: metrics.batchObserver, limits: deps.limits };
          return createRequestContext(contextDeps, principal, requestId);
        } catch (error) {
          if (error instanceof MeetgraphError) {
            throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
          }
          throw error;
        }
      },
    }),
  );

  return {
    app,
    httpServer,
    apollo,
    metrics,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const { port: bound } = httpServer.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve(`http://${shownHost}:${bound}/graphql`);
        });
      }),
    stop: async () => {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
