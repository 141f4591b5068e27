import type { ApolloServerPlugin } from '@apollo/server';
import type { ConnectionScope } from '../connection-scope.js';
import type { RequestContext } from '../context.js';
import { BadUserInputError } from '../../core/errors.js';
import { MAX_PAGE_SIZE } from '../../schema/page.args.js';
import { GraphQLError, type DocumentNode } from 'graphql';
import { operationCost, type CostInputs } from './cost.js';
import { LimitExceededError, limitGraphQLError } from './limit-error.js';

/** How many connections a list asks for this caller: its scope, narrowed by the filter's vendors and connection ids. */
export function costInputsFor(scope: Pick<ConnectionScope, 'all'>): CostInputs {
  return {
    connectionsAsked(filter) {
      let asked = scope.all();
      const vendors = Array.isArray(filter?.vendors) ? (filter.vendors as unknown[]) : [];
      if (vendors.length) asked = asked.filter((ds) => vendors.includes(ds.vendor));
      const ids = Array.isArray(filter?.connectionIds) ? filter.connectionIds.length : 0;
      return ids > 0 ? Math.min(ids, asked.length) : asked.length;
    },
  };
}

interface CostVerdict {
  cost: number | null;
  badPage: string | null;
}

/** Variable sets remembered per document; past it the document's entries start over. */
const VERDICTS_PER_DOCUMENT = 64;

/**
 * The cost walk's verdicts, per parsed document (Apollo hands the same document object to every request with
 * the same query text) and per operation, variables and caller's connections, which are all it depends on:
 * the walk was a tenth of the CPU of a small request, repeated for every request of a client's fixed queries.
 */
class CostMemo {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, CostVerdict>>();

  get(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
    scope: Pick<ConnectionScope, 'all'>,
    compute: () => CostVerdict,
  ): CostVerdict {
    let verdicts = this.byDocument.get(document);
    if (!verdicts) this.byDocument.set(document, (verdicts = new Map()));
    const connections = scope
      .all()
      .map((ds) => ds.connectionId)
      .join(',');
    const key = JSON.stringify([operationName ?? null, variables ?? null, connections]);
    const known = verdicts.get(key);
    if (known) return known;
    const verdict = compute();
    if (verdicts.size >= VERDICTS_PER_DOCUMENT) verdicts.clear();
    verdicts.set(key, verdict);
    return verdict;
  }
}

/**
 * Refuses an operation whose static cost (the vendor calls it can cause, see cost.ts) exceeds `limits.cost`.
 * It runs once the operation is resolved and before execution, with the request's variables and the
 * caller's connections, so nothing has been asked of a vendor yet.
 */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin<RequestContext> {
  const costs = new CostMemo();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request, contextValue }) {
          const { cost, badPage } = costs.get(document, operationName, request.variables, contextValue.connections, () => {
            let badPage: string | null = null;
            const inputs = {
              ...costInputsFor(contextValue.connections),
              badPageSize: (field: string) => {
                badPage ??= field;
              },
            };
            const cost = operationCost(schema, document, operationName, request.variables, inputs);
            return { cost, badPage };
          });
          if (badPage !== null) {
            const error = new BadUserInputError('first', `must be between 1 and ${MAX_PAGE_SIZE} (on ${badPage}).`);
            throw new GraphQLError(error.message, { originalError: error, extensions: { ...error.extensions(), http: { status: 400 } } });
          }
          if (cost === null || cost <= maxCost) return;
          const found = Number.isFinite(cost) ? cost : null;
          const shown = found === null ? 'more vendor calls than can be counted' : `up to ${found} vendor calls`;
          throw limitGraphQLError(
            new LimitExceededError(
              'cost',
              maxCost,
              found,
              `The query could cause ${shown}, over the cost limit of ${maxCost}; ` +
                'ask for smaller pages or fewer nested lists. It was not run.',
            ),
          );
        },
      };
    },
  };
}
