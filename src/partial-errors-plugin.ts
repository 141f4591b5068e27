import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { RequestContext } from './context.js';

type Formatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** The request header with which a client asks for its answer's failures in `errors` as well. */
export const ERRORS_MODE_HEADER = 'x-meetgraph-errors';

/** `X-Meetgraph-Errors: strict` (any case, surrounding spaces ignored). */
export function wantsStrictErrors(value: string | undefined | null): boolean {
  return value?.trim().toLowerCase() === 'strict';
}

/**
 * Partial results are data: a failed connection is in `sources`, a failed nested list in `gaps`, and a
 * client with default settings (Apollo Client's `errorPolicy: "none"`, graphql-request) keeps the rest of
 * the answer. A client that sends `X-Meetgraph-Errors: strict` also gets every such failure in `errors`,
 * at the path of the list field or nested field it affected, formatted like every other error.
 */
export function partialErrorsPlugin(format: Formatter): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response, contextValue }) {
          if (!wantsStrictErrors(request.http?.headers.get(ERRORS_MODE_HEADER))) return;
          const partial = contextValue.partialErrors?.list() ?? [];
          if (!partial.length || response.body.kind !== 'single') return;
          const formatted = partial.map(({ error, path }) => {
            const graphqlError = new GraphQLError(error.message, { path, originalError: error });
            return format(graphqlError.toJSON(), graphqlError);
          });
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...formatted];
        },
      };
    },
  };
}
