import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { CorsConfig } from './config/cors-config.js';
import { ERRORS_MODE_HEADER } from './partial-errors-plugin.js';
import { IDEMPOTENCY_HEADER } from './state/idempotency.js';

export type CorsHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Cross-origin access for the configured browser origins (`server.cors`), in front of every route. A preflight
 * is answered here (204); a request from an origin not listed gets no CORS headers, so the browser withholds
 * the answer from that page. The headers meetgraph reads are allowed, and the ones a client may want to read
 * are exposed.
 */
export function corsHandler(config: CorsConfig): CorsHandler {
  const handler = cors({
    origin: config.origins.includes('*') ? '*' : config.origins,
    methods: ['GET', 'POST'],
    allowedHeaders: [
      'content-type',
      'accept',
      'authorization',
      'x-request-id',
      'apollo-require-preflight',
      ERRORS_MODE_HEADER,
      IDEMPOTENCY_HEADER,
    ],
    exposedHeaders: ['x-request-id', 'idempotent-replayed', 'retry-after'],
    maxAge: config.maxAgeSeconds,
  });
  return (req, res, next) => handler(req, res, () => next());
}
