import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from './context.js';
import { failureState, sourceErrorView, type SourceErrorView } from './lists/sources.js';
import { selectedSiblingFields } from './partial-selection.js';

/** One entry of `Meeting.gaps` / `Session.gaps`. */
export interface FieldGapView {
  field: string;
  state: 'FAILED' | 'UNSUPPORTED';
  error: SourceErrorView;
}

/**
 * How each nested plain list of a parent type is loaded. The field's resolver and `gaps` both go through
 * this one table, so `gaps` reads the same per-request loaders (the same DataLoader promise) and costs no
 * vendor call of its own.
 */
export type NestedLists<P> = Record<string, (ctx: RequestContext, parent: P) => Promise<unknown[]>>;

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * A nested plain list (`Meeting.participants` …): what the vendor could not give resolves to `[]`, and
 * `gaps` on the parent says why. A failure is also recorded for strict errors (X-Meetgraph-Errors: strict)
 * at this field's exact path; what the vendor cannot do never is.
 */
export async function nestedList<T>(ctx: RequestContext, info: GraphQLResolveInfo, load: Promise<T[]>): Promise<T[]> {
  try {
    return await load;
  } catch (error) {
    if (failureState(sourceErrorView(error)) === 'FAILED') ctx.partialErrors.add(asError(error), info);
    return [];
  }
}

/** The parent's `gaps`: one entry per nested list the query selected on it that came back incomplete. */
export async function fieldGaps<P>(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  parent: P,
  lists: NestedLists<P>,
): Promise<FieldGapView[]> {
  const selected = selectedSiblingFields(info);
  const gaps = await Promise.all(
    Object.entries(lists)
      .filter(([field]) => selected.has(field))
      .map(async ([field, load]): Promise<FieldGapView | null> => {
        try {
          await load(ctx, parent);
          return null;
        } catch (error) {
          const view = sourceErrorView(error);
          return { field, state: failureState(view), error: view };
        }
      }),
  );
  return gaps.filter((gap): gap is FieldGapView => gap !== null);
}
