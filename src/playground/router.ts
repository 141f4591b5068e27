import express, { type Request, type Response, type Router } from 'express';
import type { ClientConfig } from '../config/config.js';
import { playgroundAssetFiles } from './assets.js';
import { BOOTSTRAP_JS } from './bootstrap.js';
import { EXAMPLE_QUERY, exampleVariables } from './example-query.js';
import { PLAYGROUND_CSP, renderPlaygroundPage } from './page.js';

export interface PlaygroundOptions {
  /** The GraphQL endpoint's path, also where browsers open the playground. */
  endpoint: string;
  /** Configured API clients; when set, the headers editor is prefilled with a placeholder bearer key. */
  clients: readonly ClientConfig[] | null;
  production: boolean;
  /** The clock the example's dates are computed from. */
  now?: () => Date;
}

/** Never a real key: what the user must replace. */
export const API_KEY_PLACEHOLDER = 'Bearer <your API key>';

/**
 * A browser opening the endpoint: GET without any operation in the query string, and preferring HTML over
 * the GraphQL response types (as Apollo's own landing-page check does, so `Accept: *∕*` or a missing Accept
 * stays with Apollo). Everything else — POSTs, `GET /graphql?query=…` — goes on to Apollo untouched.
 */
export function isBrowserPageRequest(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (Object.keys(req.query as object).length > 0) return false;
  if (!req.headers.accept) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * The offline GraphiQL playground at `/` and at the endpoint (for browsers), with its assets under
 * `/playground/assets/`. Mount it before the Apollo middleware.
 */
export function playgroundRouter(options: PlaygroundOptions): Router {
  const router = express.Router();

  if (options.production) {
    // Production turns introspection off, and GraphiQL without introspection is an empty editor that
    // advertises the API: the playground is not served at all and its page answers 404.
    const off = (_req: Request, res: Response): void => {
      res.status(404).type('text/plain').send('The playground is not served in production.\n');
    };
    router.get('/', off);
    router.get(options.endpoint, (req, res, next) => (isBrowserPageRequest(req) ? off(req, res) : next()));
    router.get('/playground/{*rest}', off);
    return router;
  }

  const files = playgroundAssetFiles();
  const page = (_req: Request, res: Response): void => {
    const html = renderPlaygroundPage({
      endpoint: options.endpoint,
      query: EXAMPLE_QUERY,
      variables: JSON.stringify(exampleVariables(options.now?.()), null, 2),
      headers: options.clients ? JSON.stringify({ Authorization: API_KEY_PLACEHOLDER }, null, 2) : null,
    });
    res
      .status(200)
      .set({
        'content-security-policy': PLAYGROUND_CSP,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      })
      .type('html')
      .send(html);
  };

  router.get('/', page);
  router.get(options.endpoint, (req, res, next) => (isBrowserPageRequest(req) ? page(req, res) : next()));
  router.get('/playground/assets/:name', (req, res) => {
    const name = req.params.name as string;
    res.set('x-content-type-options', 'nosniff');
    if (name === 'bootstrap.js') {
      res.set('cache-control', 'no-cache').type('text/javascript').send(BOOTSTRAP_JS);
      return;
    }
    const file = Object.hasOwn(files, name) ? files[name] : undefined;
    if (!file) {
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    // Unversioned names, so revalidate (ETag/Last-Modified) rather than cache blindly across upgrades.
    res.sendFile(file, { cacheControl: false, headers: { 'cache-control': 'no-cache' } });
  });
  return router;
}
