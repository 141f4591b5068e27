import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { RequestContext } from './context.js';

type Formatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Appends the errors resolvers recorded while still returning data (a failed vendor inside a list) to the
 * response's `errors`, formatted by the same formatter as every other error.
 */
export function partialErrorsPlugin(format: Formatter): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
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
