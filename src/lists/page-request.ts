import { Kind, type GraphQLResolveInfo } from 'graphql';
import { BadUserInputError } from '../../core/errors.js';

/** The Relay paging arguments every list takes; `first` has a per-list default in the schema. */
export interface PageArgsValues {
  first: number;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Which way a page is read: forward from `after`, or backward from `before`. */
export type PageRequest =
  { direction: 'forward'; first: number; after: string | null } | { direction: 'backward'; last: number; before: string | null };

/**
 * Whether the caller gave the argument (a schema default fills `first` even when only `last` was sent). An
 * argument bound to a variable the request left out counts as not given, as graphql-js treats it.
 */
function given(info: GraphQLResolveInfo, name: string): boolean {
  return info.fieldNodes.some((node) =>
    node.arguments?.some(
      (arg) => arg.name.value === name && (arg.value.kind !== Kind.VARIABLE || info.variableValues[arg.value.name.value] !== undefined),
    ),
  );
}

/**
 * One direction per request, as Relay clients send it: `first`/`after` or `last`/`before`. Mixing them is
 * refused rather than guessed. `lastNeedsBefore`: a list merged across connections cannot start from its
 * end, because that end is only known after reading every connection's whole list.
 */
export function pageRequest(args: PageArgsValues, info: GraphQLResolveInfo, options: { lastNeedsBefore: boolean }): PageRequest {
  const last = args.last ?? null;
  const before = args.before ?? null;
  if (last === null) {
    if (before !== null) throw new BadUserInputError('before', 'pages backwards and needs `last` (use `after` with `first`).');
    return { direction: 'forward', first: args.first, after: args.after ?? null };
  }
  if (given(info, 'first'))
    throw new BadUserInputError(
      'last',
      'cannot be combined with `first`: page forward with `first`/`after` or backward with `last`/`before`.',
    );
  if (args.after) throw new BadUserInputError('after', 'cannot be combined with `last`: page backward with `last`/`before`.');
  if (before === null && options.lastNeedsBefore) {
    throw new BadUserInputError(
      'last',
      "needs `before` on a list merged across connections: its end is only known after reading every connection's whole list. " +
        "Pass a page's `startCursor` as `before`, or page forward with `first`/`after`.",
    );
  }
  return { direction: 'backward', last, before };
}
