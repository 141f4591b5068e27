import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';
import express from 'express';
import type { Logger } from '../core/logger.js';
import { BodyError, bodyNotJson, bodyNotUtf8, bodyTooLarge, bodyUnreadable, isPlainJsonRequest, readJsonBody } from './json-body.js';

export type HttpContextFunction<T extends BaseContext> = ContextFunction<[{ req: IncomingMessage; res: ServerResponse }], T>;

interface BodyParserError {
  status?: number;
  type?: string;
}

/** What a client gets back when body-parser could not read the body: a GraphQL error, not an HTML page. */
function bodyParserError(error: BodyParserError, limitBytes: number): BodyError {
  if (error.type === 'entity.too.large') return bodyTooLarge(limitBytes);
  if (error.type === 'entity.parse.failed') return bodyNotJson();
  if (error.type === 'charset.unsupported' || error.type === 'encoding.unsupported') return bodyNotUtf8();
  return bodyUnreadable(error.status && error.status >= 400 && error.status < 500 ? error.status : 400);
}

/**
 * `POST /graphql` straight from Node's HTTP server to Apollo, as Apollo's own standalone server does it.
 * Going through express (its router, `res.send` hashing every body for an ETag) cost more CPU than the
 * GraphQL work of a small operation, a third of `{ __typename }` (bench/ throughput); GET /graphql (the
 * playground page, GET queries) keeps going through express. A plain JSON body is read by json-body.ts; any
 * other (compressed, another charset, not JSON) goes through body-parser, and what is not JSON is answered by
 * Apollo itself (a non-JSON POST is refused as a possible CSRF).
 */
export function graphqlPostHandler<T extends BaseContext>(
  apollo: ApolloServer<T>,
  context: HttpContextFunction<T>,
  limitBytes: number,
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse) => void {
  const bodyParser = express.json({ limit: limitBytes });
  const readWithBodyParser = (req: IncomingMessage, res: ServerResponse): Promise<unknown> =>
    new Promise((resolve, reject) => {
      bodyParser(req as express.Request, res as express.Response, (error?: unknown) => {
        if (error) reject(bodyParserError(error as BodyParserError, limitBytes));
        else resolve((req as { body?: unknown }).body);
      });
    });
  return (req, res) => {
    const body = isPlainJsonRequest(req) ? readJsonBody(req, limitBytes) : readWithBodyParser(req, res);
    body.then(
      (parsed) =>
        answer(apollo, context, req, res, parsed).catch((failure: unknown) => {
          // Apollo answers every GraphQL failure itself; reaching here is a broken response stream or a bug.
          logger.error({ error: failure instanceof Error ? failure.name : 'unknown' }, 'POST /graphql failed outside Apollo');
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
        }),
      (error: unknown) => {
        const { status, message } = error instanceof BodyError ? error : bodyUnreadable();
        // The rest of a refused body is not read: close the connection instead of keeping it alive.
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
        res.end(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }));
      },
    );
  };
}

async function answer<T extends BaseContext>(
  apollo: ApolloServer<T>,
  context: HttpContextFunction<T>,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): Promise<void> {
  const headers = new HeaderMap();
  const received = req.headers;
  // Node's header object holds own keys only, already lower-cased.
  for (const key in received) {
    const value = received[key];
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: 'POST',
      headers,
      search: query === -1 ? '' : url.slice(query),
      body,
    },
    context: () => context({ req, res }),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
