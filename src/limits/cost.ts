import type { DocumentNode, GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { MAX_PAGE_SIZE } from '../../schema/page.args.js';

/**
 * The static cost of an operation: how many vendor calls it can cause, before any is made. A list field
 * costs its own calls plus its page size times what each item's selection costs, so a `first: 100` list with
 * nested sessions and attendance multiplies out (docs/architecture.md, "Limits"). It is an upper bound:
 * loaders batch and de-duplicate at run time, the model does not assume they will.
 */
export interface CostInputs {
  /** How many connections a top-level list asks for this caller, given its filter. */
  connectionsAsked(filter: { vendors?: unknown; connectionIds?: unknown } | null | undefined): number;
  /**
   * Told of every `first` outside 1..MAX_PAGE_SIZE, nested lists included: resolvers would refuse it only
   * once the parent had been fetched, so the walk reports it before anything is.
   */
  badPageSize?(field: string, value: unknown): void;
}

/** Items a nested plain list (participants, recordings, settings) is assumed to hold; vendors do not page them. */
export const NESTED_LIST_ITEMS = 50;

/** Writes may read back what they wrote: two calls. */
const WRITE_CALLS = 2;

type Rule =
  | { kind: 'fanOut' }
  | { kind: 'page'; calls: number }
  | { kind: 'list'; calls: number; items: number }
  | { kind: 'one'; calls: number }
  | { kind: 'perConnection' }
  | { kind: 'entities' };

/** Fields that reach a vendor (or multiply what is under them); every other field costs what its selection costs. */
const RULES: Record<string, Rule> = {
  'Query.meetings': { kind: 'fanOut' },
  'Query.sessions': { kind: 'fanOut' },
  'Query.recordings': { kind: 'fanOut' },
  'Query.connectionReports': { kind: 'fanOut' },
  'Query.node': { kind: 'one', calls: 1 },
  'Query.meeting': { kind: 'one', calls: 1 },
  'Query.connections': { kind: 'perConnection' },
  // Federation: a gateway may ask for many representations at once; each is a lookup.
  'Query._entities': { kind: 'entities' },
  'Meeting.sessions': { kind: 'page', calls: 1 },
  'Meeting.participants': { kind: 'list', calls: 1, items: NESTED_LIST_ITEMS },
  'Meeting.recordings': { kind: 'list', calls: 1, items: NESTED_LIST_ITEMS },
  'Meeting.settings': { kind: 'list', calls: 1, items: NESTED_LIST_ITEMS },
  'Session.meeting': { kind: 'one', calls: 1 },
  'Session.participants': { kind: 'list', calls: 1, items: NESTED_LIST_ITEMS },
  'Session.recordings': { kind: 'list', calls: 1, items: NESTED_LIST_ITEMS },
  'Recording.meeting': { kind: 'one', calls: 1 },
  'Recording.session': { kind: 'one', calls: 1 },
  'Mutation.createMeeting': { kind: 'one', calls: WRITE_CALLS },
  'Mutation.updateMeeting': { kind: 'one', calls: WRITE_CALLS },
  'Mutation.deleteMeeting': { kind: 'one', calls: 1 },
  'Mutation.startSession': { kind: 'one', calls: WRITE_CALLS },
  'Mutation.endSession': { kind: 'one', calls: WRITE_CALLS },
  'Mutation.createJoinLink': { kind: 'one', calls: 1 },
  'Mutation.createAllocloudAccount': { kind: 'one', calls: 1 },
};

/** A page size as the resolver will see it: out-of-range values are refused later, so count the largest allowed. */
function pageSize(first: unknown): number {
  if (typeof first !== 'number' || !Number.isFinite(first)) return MAX_PAGE_SIZE;
  return Math.min(Math.max(Math.trunc(first), 0), MAX_PAGE_SIZE);
}

/** The items a page can hold: `first`, or `last` when a backward page asks for more. */
function pageOf(args: Record<string, unknown>): number {
  const last = args.last === undefined || args.last === null ? 0 : pageSize(args.last);
  return Math.max(pageSize(args.first), last);
}

function vendorCallEstimator(inputs: CostInputs): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if ('first' in args && !(Number.isInteger(args.first) && args.first >= 1 && args.first <= MAX_PAGE_SIZE)) {
      inputs.badPageSize?.(`${type.name}.${field.name}`, args.first);
    }
    const rule = RULES[`${type.name}.${field.name}`];
    if (!rule) return childComplexity;
    switch (rule.kind) {
      case 'fanOut': {
        const filter = args.filter as Parameters<CostInputs['connectionsAsked']>[0];
        return inputs.connectionsAsked(filter) + pageOf(args) * childComplexity;
      }
      case 'page':
        return rule.calls + pageOf(args) * childComplexity;
      case 'list':
        return rule.calls + rule.items * childComplexity;
      case 'one':
        return rule.calls + childComplexity;
      case 'perConnection':
        return inputs.connectionsAsked(null) * childComplexity;
      case 'entities': {
        const count = Array.isArray(args.representations) ? args.representations.length : 0;
        return count * (1 + childComplexity);
      }
    }
  };
}

/** Fields the cost walk visits at most (fragments expanded); a document that expands further costs too much. */
export const MAX_COST_NODES = 10_000;

/**
 * The operation's cost, or null when it cannot be computed here (variables that do not coerce): such a
 * request fails variable coercion before any resolver runs, so it cannot reach a vendor either. A document
 * whose fragments expand past MAX_COST_NODES fields costs Infinity.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  inputs: CostInputs,
): number | null {
  try {
    return getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      ...(operationName ? { operationName } : {}),
      estimators: [vendorCallEstimator(inputs)],
      maxQueryNodes: MAX_COST_NODES,
    });
  } catch (error) {
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) return Number.POSITIVE_INFINITY;
    return null;
  }
}
