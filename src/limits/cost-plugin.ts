import type { ApolloServerPlugin } from '@apollo/server';
import type { ConnectionScope } from '../connection-scope.js';
import type { RequestContext } from '../context.js';
import { BadUserInputError } from '../../core/errors.js';
import { MAX_PAGE_SIZE } from '../../schema/page.args.js';
import { getOperationAST, GraphQLError, type DocumentNode } from 'graphql';
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
 * An operation that declares no variables and whose walk never asked how many connections a list reaches
 * (no list field at all, `{ __typename }`) has one verdict for every caller, kept without building a key.
 */
class CostMemo {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, CostVerdict>>();
  private readonly constant = new WeakMap<DocumentNode, Map<string | null, CostVerdict>>();

  get(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
    scope: Pick<ConnectionScope, 'all'>,
    /** Runs the walk; calls `askedConnections` if the verdict depends on the caller's connections. */
    compute: (askedConnections: () => void) => CostVerdict,
  ): CostVerdict {
    const constant = this.constant.get(document)?.get(operationName ?? null);
    if (constant) return constant;
    let verdicts = this.byDocument.get(document);
    if (!verdicts) this.byDocument.set(document, (verdicts = new Map()));
    const connections = scope
      .all()
      .map((ds) => ds.connectionId)
      .join(',');
    const key = JSON.stringify([operationName ?? null, variables ?? null, connections]);
    const known = verdicts.get(key);
    if (known) return known;
    let dependsOnConnections = false;
    const verdict = compute(() => {
      dependsOnConnections = true;
    });
    if (!dependsOnConnections && !declaresVariables(document, operationName)) {
      let byName = this.constant.get(document);
      if (!byName) this.constant.set(document, (byName = new Map()));
      byName.set(operationName ?? null, verdict);
      return verdict;
    }
    if (verdicts.size >= VERDICTS_PER_DOCUMENT) verdicts.clear();
    verdicts.set(key, verdict);
    return verdict;
  }
}

/** Whether the operation run (by name, or the document's only one) declares any variable. */
function declaresVariables(document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  // Unknown operation: keep the keyed path, which judges it per request as before.
  return operation == null || (operation.variableDefinitions?.length ?? 0) > 0;
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
          const { cost, badPage } = costs.get(document, operationName, request.variables, contextValue.connections, (askedConnections) => {
            let badPage: string | null = null;
            const scoped = costInputsFor(contextValue.connections);
            const inputs = {
              connectionsAsked: (filter: Parameters<CostInputs['connectionsAsked']>[0]) => {
                askedConnections();
                return scoped.connectionsAsked(filter);
              },
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
