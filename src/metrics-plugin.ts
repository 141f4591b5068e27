import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { getOperationAST } from 'graphql';
import type { RequestContext } from './context.js';
import type { GraphqlOutcome, MeetgraphMetrics } from './metrics.js';

function outcomeOf(response: GraphQLResponse, partialErrors: number): GraphqlOutcome {
  const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
  if (result.data === undefined || result.data === null) return 'error';
  return (result.errors?.length ?? 0) > 0 || partialErrors > 0 ? 'partial' : 'success';
}

/**
 * Counts and times each GraphQL request by operation name and outcome. Registered after
 * `partialErrorsPlugin` so the errors it appends are already in the response; the outcome also counts the
 * request's recorded partial errors directly, so it does not depend on that order.
 */
export function metricsPlugin(metrics: MeetgraphMetrics): ApolloServerPlugin<RequestContext> {
  return {
    async contextCreationDidFail() {
      // Refused before any operation was parsed (authentication): no name to report.
      metrics.observeGraphqlRequest(null, 'error');
    },
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, contextValue, operationName, document, request }) {
          // A document that parsed but failed validation has no resolved operation yet: name it from the document.
          const name = operationName ?? (document ? getOperationAST(document, request.operationName)?.name?.value : undefined);
          const partial = contextValue.partialErrors?.list().length ?? 0;
          metrics.observeGraphqlRequest(name, outcomeOf(response, partial), (performance.now() - started) / 1000);
        },
      };
    },
  };
}
