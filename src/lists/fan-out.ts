import type { GraphQLResolveInfo } from 'graphql';
import type { Capability } from '../../datasources/capabilities.js';
import type { ListPage, PageWindow } from '../../datasources/list-queries.js';
import { UnsupportedByVendorError } from '../../datasources/vendor-errors.js';
import type { VendorDatasource } from '../../datasources/vendor.js';
import type { RequestContext } from '../context.js';
import { decodeCursor, encodeCursor, queryFingerprint } from '../cursors.js';
import type { NodeType } from '../ids.js';
import { own, type OwnedRecord } from '../owned.js';
import {
  compareConnectionIds,
  mergeAfter,
  mergeBefore,
  windowsAfter,
  windowsBefore,
  type Lane,
  type MergedSlice,
  type Position,
} from './k-way-merge.js';
import type { PageRequest } from './page-request.js';
import { failureState, fetchedAtOf, sourceErrorView, type SourceReport } from './sources.js';

export interface FanOutRequest<T extends { nativeId: string }> {
  list: string;
  type: NodeType;
  capability: Capability;
  selected: VendorDatasource[];
  page: PageRequest;
  /** The normalized filter and order; the cursor is bound to it. */
  query: unknown;
  fetch: (ds: VendorDatasource, window: PageWindow) => Promise<ListPage<T>>;
  /** The list's order (datasources/ordering.ts); ties between connections break on connection id. */
  compare: (a: T, b: T) => number;
}

export interface Edge<T> {
  cursor: string;
  node: OwnedRecord<T>;
}

export interface PageInfoValue {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface MergedPage<T> {
  edges: Array<Edge<T>>;
  nodes: Array<OwnedRecord<T>>;
  pageInfo: PageInfoValue;
  sources: SourceReport[];
}

/**
 * What a cursor of this list is bound to: the list, its normalized filter and order, and the set of
 * connections merged. Offsets recorded for one set of connections mean nothing for another, so a cursor
 * replayed with other `vendors`/`connectionIds` is refused instead of skipping or repeating items.
 */
export function listFingerprint(list: string, query: unknown, connectionIds: readonly string[]): string {
  return queryFingerprint(list, { query, connections: [...connectionIds].sort() });
}

/** The Relay page around merged entries: cursors at both ends, and whether items lie beyond them. */
export function pageInfoOf(
  cursors: readonly string[],
  slice: Pick<MergedSlice<unknown>, 'hasNextPage' | 'hasPreviousPage'>,
): PageInfoValue {
  return {
    hasNextPage: slice.hasNextPage,
    hasPreviousPage: slice.hasPreviousPage,
    startCursor: cursors[0] ?? null,
    endCursor: cursors.at(-1) ?? null,
  };
}

/**
 * Asks every selected connection in parallel for the window the merge needs (k-way-merge.ts), then merges
 * the answers in the list's order. A connection that cannot serve the list is UNSUPPORTED in `sources`,
 * never an error, even when the caller named it: the caller asked a question with a well-defined answer
 * ("none of this here"), and `VendorConnection.capabilities` says so up front. A connection that failed is
 * FAILED in `sources`; its error goes to `errors` only when the caller asks for strict errors.
 */
export async function fanOutList<T extends { nativeId: string }>(
  req: FanOutRequest<T>,
  ctx: RequestContext,
  info: GraphQLResolveInfo,
): Promise<MergedPage<T>> {
  const fingerprint = listFingerprint(
    req.list,
    req.query,
    req.selected.map((d) => d.connectionId),
  );
  const cursor = req.page.direction === 'forward' ? req.page.after : req.page.before;
  const field = req.page.direction === 'forward' ? 'after' : 'before';
  const position: Position | null = cursor ? decodeCursor(cursor, fingerprint, field) : null;

  const sources: SourceReport[] = [];
  const serving = req.selected.filter((ds) => {
    if (ds.capabilities.has(req.capability)) return true;
    const error = new UnsupportedByVendorError({ vendor: ds.vendor, connectionId: ds.connectionId }, `serve the ${req.list} list`);
    sources.push({ connection: ds, state: 'UNSUPPORTED', error: sourceErrorView(error), message: error.message });
    return false;
  });
  const ids = serving.map((ds) => ds.connectionId);
  const windows =
    req.page.direction === 'forward'
      ? windowsAfter(ids, position, req.page.first)
      : windowsBefore(ids, position ?? { offsets: {} }, req.page.last);

  const lanes: Array<Lane<T>> = [];
  await Promise.all(
    serving.map(async (ds) => {
      const window = windows.get(ds.connectionId);
      if (!window) {
        // Backward paging: nothing of this connection lies before the cursor, so there is nothing to ask.
        sources.push({ connection: ds, state: 'COMPLETE', error: null, message: null });
        return;
      }
      try {
        const page = await req.fetch(ds, window);
        const partial = page.partialReason ?? null;
        sources.push({
          connection: ds,
          state: partial ? 'PARTIAL' : 'COMPLETE',
          error: null,
          message: partial,
          fetchedAt: fetchedAtOf(ctx, ds),
        });
        lanes.push({ connectionId: ds.connectionId, offset: window.offset, items: page.items, hasMore: page.hasMore });
      } catch (error) {
        const view = sourceErrorView(error);
        const state = failureState(view);
        sources.push({ connection: ds, state, error: view, message: view.message });
        if (state === 'FAILED') ctx.partialErrors.add(error instanceof Error ? error : new Error(String(error)), info);
        ctx.logger.warn({ connectionId: ds.connectionId, list: req.list, code: view.code }, 'connection failed in list');
      }
    }),
  );

  const slice =
    req.page.direction === 'forward'
      ? mergeAfter(lanes, position, req.page.first, req.compare)
      : mergeBefore(lanes, position ?? { offsets: {} }, req.page.last, req.compare);
  const byId = new Map(serving.map((ds) => [ds.connectionId, ds]));
  const edges = slice.entries.map((entry) => ({
    cursor: encodeCursor({ fingerprint, ...entry.position }),
    node: own(req.type, byId.get(entry.connectionId) as VendorDatasource, entry.item),
  }));
  sources.sort((a, b) => compareConnectionIds(a.connection.connectionId, b.connection.connectionId));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: pageInfoOf(
      edges.map((e) => e.cursor),
      slice,
    ),
    sources,
  };
}
