import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from './context.js';

/**
 * For the non-null list fields of the contract (`Meeting.participants: [Participant!]!` …): a vendor that
 * fails or cannot answer yields an empty list *and* its error in `errors` at this field's path, so one
 * meeting's failed call never nulls the whole list it sits in. The error is always reported: an empty list
 * is never passed off as a success.
 */
export async function listOrReport<T>(ctx: RequestContext, info: GraphQLResolveInfo, load: () => Promise<T[]>): Promise<T[]> {
  try {
    return await load();
  } catch (error) {
    ctx.partialErrors.add(error instanceof Error ? error : new Error(String(error)), info);
    return [];
  }
}
