import type { GraphQLResolveInfo } from 'graphql';
import type { VendorDatasource } from '../../datasources/vendor.js';
import type { RequestContext } from '../context.js';
import { decodeOffsetCursor, encodeOffsetCursor, queryFingerprint } from '../cursors.js';
import type { OwnedRecord } from '../owned.js';
import { pageInfoOf, type MergedPage, type PageInfoValue } from './fan-out.js';
import type { PageRequest } from './page-request.js';
import { failureState, fetchedAtOf, sourceErrorView } from './sources.js';

/** One page cut from a list that is already complete in memory: indexes of the items and the page's bounds. */
export interface ListSlice {
  start: number;
  end: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

/**
 * Pages a whole list by position, both ways and exactly (its length is known). A cursor is the count of items
 * up to and including the one it points at, so `after: c` starts at index c and `before: c` ends before
 * index c - 1. `last` without `before` reads the end of the list.
 */
export function sliceLoadedList(length: number, page: PageRequest, decode: (cursor: string, field: string) => number): ListSlice {
  if (page.direction === 'forward') {
    const start = Math.min(length, page.after ? decode(page.after, 'after') : 0);
    const end = Math.min(length, start + page.first);
    return { start, end, hasPreviousPage: start > 0, hasNextPage: end < length };
  }
  const end = page.before ? Math.min(length, Math.max(0, decode(page.before, 'before') - 1)) : length;
  const start = Math.max(0, end - page.last);
  return { start, end, hasPreviousPage: start > 0, hasNextPage: end < length };
}

export interface LoadedList<T> {
  /** Binds cursors to this one list (e.g. one meeting's sessions). */
  list: string;
  ds: VendorDatasource;
  page: PageRequest;
  /** The whole list through a per-request loader, so a page of parents costs one batch. */
  load: () => Promise<Array<OwnedRecord<T>>>;
  compare: (a: T, b: T) => number;
}

/**
 * A nested connection that belongs to one connection (`Meeting.sessions`): loaded whole, sorted, then cut.
 * It reports in its own `sources` like a top-level list: what the vendor cannot do is UNSUPPORTED there,
 * a failure FAILED (and in `errors` at this field's path only under strict errors), and the page is empty,
 * so one meeting's failed call never nulls its siblings.
 */
export async function loadedListPage<T>(ctx: RequestContext, info: GraphQLResolveInfo, req: LoadedList<T>): Promise<MergedPage<T>> {
  const fingerprint = queryFingerprint(req.list, null);
  const decode = (cursor: string, field: string): number => decodeOffsetCursor(cursor, fingerprint, field);
  // A bad cursor is the caller's mistake, not the vendor's: refuse it before loading anything.
  const cursor = req.page.direction === 'forward' ? req.page.after : req.page.before;
  if (cursor) decode(cursor, req.page.direction === 'forward' ? 'after' : 'before');
  try {
    const all = [...(await req.load())].sort(req.compare);
    const slice = sliceLoadedList(all.length, req.page, decode);
    const edges = all
      .slice(slice.start, slice.end)
      .map((node, i) => ({ cursor: encodeOffsetCursor(fingerprint, slice.start + i + 1), node }));
    return {
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: pageInfoOf(
        edges.map((e) => e.cursor),
        slice,
      ),
      sources: [{ connection: req.ds, state: 'COMPLETE', error: null, message: null, fetchedAt: fetchedAtOf(ctx, req.ds) }],
    };
  } catch (error) {
    const view = sourceErrorView(error);
    const state = failureState(view);
    if (state === 'FAILED') ctx.partialErrors.add(error instanceof Error ? error : new Error(String(error)), info);
    const empty: PageInfoValue = { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null };
    return { edges: [], nodes: [], pageInfo: empty, sources: [{ connection: req.ds, state, error: view, message: view.message }] };
  }
}
