import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { VendorReadCache } from '../datasources/read-cache.js';
import type { ConnectionRegistry } from '../datasources/registry.js';
import { authenticate } from './auth.js';
import type { MeetgraphConfig } from './config/config.js';
import { createRequestContext, type RequestContext, type RequestLimits } from './context.js';
import { MeetgraphError } from '../core/errors.js';
import { corsHandler } from './cors.js';
import { createErrorFormatter } from './graphql-errors.js';
import { graphqlPostHandler, type HttpContextFunction } from './graphql-post.js';
import { costLimitPlugin } from './limits/cost-plugin.js';
import { ArgumentPathsRule } from './limits/input-errors.js';
import { limitValidationRules } from './limits/validation-rules.js';
import type { Logger } from '../core/logger.js';
import { MeetgraphMetrics } from './metrics.js';
import { metricsPlugin } from './metrics-plugin.js';
import { mountObservabilityRoutes, type ReadinessCheck } from './observability-routes.js';
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
  /** Per-request deadline and vendor-call cap; the config's `limits` apply when absent. */
  limits?: RequestLimits;
  /** The vendor-call cache (src/cache); none when absent, so every request asks the vendors (main.ts builds one). */
  vendorCache?: VendorReadCache;
  /** More readiness checks of this process (e.g. the shared state store); never a vendor. */
  readinessChecks?: readonly ReadinessCheck[];
}

export interface MeetgraphServer {
  app: Express;
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  metrics: MeetgraphMetrics;
  /** Serves `/metrics` and `/ready` when `server.adminPort` is set; null otherwise. */
  adminHttpServer: http.Server | null;
  /** `http://host:port` of the admin port once listening, else null. */
  adminUrl(): string | null;
  listen(port: number, host: string): Promise<string>;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
/** The largest GraphQL request body read. */
const BODY_LIMIT_BYTES = 1024 * 1024;

function isGraphqlPath(url: string | undefined): boolean {
  return url === '/graphql' || (url?.startsWith('/graphql?') ?? false);
}

/**
 * Apollo Server 5 on a plain Node HTTP server: POST /graphql goes straight to Apollo, everything else through
 * express (/health, /ready, the playground, GET /graphql); all of it behind CORS when `server.cors` is set.
 */
export async function createMeetgraphServer(deps: ServerDeps): Promise<MeetgraphServer> {
  const app = express();
  app.disable('x-powered-by');
  // POST /graphql skips express (graphql-post.ts); everything else, GET /graphql included, is express's.
  let postGraphql: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const cors = deps.config.server.cors ? corsHandler(deps.config.server.cors) : null;
  const route = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (postGraphql && req.method === 'POST' && isGraphqlPath(req.url)) postGraphql(req, res);
    else app(req, res);
  };
  const httpServer = http.createServer((req, res) => {
    if (cors) cors(req, res, () => route(req, res));
    else route(req, res);
  });
  const introspection = !deps.production;
  const limits = deps.config.limits;
  // "Did you mean …" names fields and enum values: off whenever introspection is.
  const formatError = createErrorFormatter(deps.logger, { hideSuggestions: !introspection });
  const metrics = deps.metrics ?? new MeetgraphMetrics();
  metrics.watchConnections(deps.registry);
  const apollo = new ApolloServer<RequestContext>({
    schema:
      deps.schema ?? (deps.config.server.subgraph ? buildMeetgraphSubgraph(await buildMeetgraphSchema()) : await buildMeetgraphSchema()),
    introspection,
    hideSchemaDetailsFromClientErrors: !introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT/SIGTERM (drain, close vendor clients and simulators, exit); Apollo's own handlers
    // would stop it a second time and re-raise the signal.
    stopOnTerminationSignals: false,
    logger: deps.logger,
    formatError,
    // Limits are checked before any resolver runs: tokens while parsing, depth/aliases/directives while
    // validating, the cost once the operation and its variables are known.
    parseOptions: { maxTokens: limits.tokens },
    validationRules: [...limitValidationRules(limits), ArgumentPathsRule],
    // Our own offline GraphiQL (src/playground) replaces Apollo's CDN-loaded landing page.
    // The idempotency plugin comes last: it stores the response as every other plugin left it.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      costLimitPlugin(limits.cost),
      partialErrorsPlugin(formatError),
      metricsPlugin(metrics),
      idempotencyPlugin(deps.stateStore ?? new MemoryStateStore()),
    ],
  });
  await apollo.start();

  let stopping = false;
  // Reaching this line means the config was loaded and validated and the schema built.
  const checks: ReadinessCheck[] = [
    { name: 'schema', check: () => true },
    { name: 'accepting', check: () => !stopping },
    ...(deps.readinessChecks ?? []),
  ];

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const adminPort = deps.config.server.adminPort;
  let adminApp: Express | null = null;
  if (adminPort === null) {
    mountObservabilityRoutes(app, { metrics, checks, audience: 'public' });
  } else {
    adminApp = express();
    adminApp.disable('x-powered-by');
    mountObservabilityRoutes(adminApp, { metrics, checks, audience: 'admin' });
  }
  const adminHttpServer = adminApp ? http.createServer(adminApp) : null;
  let adminUrl: string | null = null;

  // Before Apollo: answers only browser page GETs and its own assets, everything else falls through.
  app.use(playgroundRouter({ endpoint: '/graphql', clients: deps.config.clients, production: deps.production, now: deps.now }));

  const context: HttpContextFunction<RequestContext> = async ({ req, res }) => {
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    res.setHeader('x-request-id', requestId);
    try {
      const principal = authenticate(deps.config.clients, req.headers.authorization);
      // Per-request deadline and vendor-call cap: the config's `limits`, unless a test passes its own.
      const requestLimits = deps.limits ?? {
        requestDeadlineMs: limits.requestDeadlineMs,
        vendorCallsPerRequest: limits.vendorCallsPerRequest,
      };
      const contextDeps = {
        registry: deps.registry,
        logger: deps.logger,
        observeBatch: metrics.batchObserver,
        limits: requestLimits,
        vendorCache: deps.vendorCache,
      };
      return createRequestContext(contextDeps, principal, requestId);
    } catch (error) {
      if (error instanceof MeetgraphError) {
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
      }
      throw error;
    }
  };
  postGraphql = graphqlPostHandler(apollo, context, BODY_LIMIT_BYTES, deps.logger);
  app.use('/graphql', express.json({ limit: BODY_LIMIT_BYTES }), expressMiddleware(apollo, { context }));

  return {
    app,
    httpServer,
    apollo,
    metrics,
    adminHttpServer,
    adminUrl: () => adminUrl,
    listen: async (port, host) => {
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      if (adminHttpServer && adminPort !== null) {
        adminUrl = `http://${shownHost}:${await listenOn(adminHttpServer, adminPort, host)}`;
      }
      return `http://${shownHost}:${await listenOn(httpServer, port, host)}/graphql`;
    },
    stop: async () => {
      // Not ready from the first moment of a shutdown, so a load balancer stops sending while requests drain.
      stopping = true;
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      if (adminHttpServer?.listening) {
        adminHttpServer.closeAllConnections();
        await new Promise<void>((resolve) => adminHttpServer.close(() => resolve()));
      }
    },
  };
}

function listenOn(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
