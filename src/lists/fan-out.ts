import type { GraphQLResolveInfo } from 'graphql';
import type { Capability } from '../../datasources/capabilities.js';
import type { ListPage, PageWindow } from '../../datasources/list-queries.js';
import { UnsupportedByVendorError } from '../../datasources/vendor-errors.js';
import type { VendorDatasource } from '../../datasources/vendor.js';
import type { RequestContext } from '../context.js';
import { decodeCursor, encodeCursor, queryFingerprint } from '../cursors.js';
import type { NodeType } from '../ids.js';
import { own, type Node } from '../owned.js';
import { sourceErrorView, type SourceReport } from './sources.js';

export interface FanOutRequest<T extends { nativeId: string }> {
  list: string;
  type: NodeType;
  capability: Capability;
  selected: VendorDatasource[];
  /** The caller named these connections (vendors/connectionIds filter): one that cannot serve the list is an error. */
  explicit: boolean;
  first: number;
  after: string | null | undefined;
  /** The normalized filter and order; the cursor is bound to it. */
  query: unknown;
  fetch: (ds: VendorDatasource, window: PageWindow) => Promise<ListPage<T>>;
  /** The list's order (datasources/ordering.ts); ties between connections break on connection id. */
  compare: (a: T, b: T) => number;
}

export interface Edge<T> {
  cursor: string;
  node: Node<T>;
}

export interface MergedPage<T> {
  edges: Array<Edge<T>>;
  nodes: Array<Node<T>>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  sources: SourceReport[];
}

interface Lane<T> {
  ds: VendorDatasource;
  items: T[];
  taken: number;
  hasMore: boolean;
}

/**
 * Asks every selected connection in parallel for its next `first` items (from the offset the cursor
 * recorded for it), then k-way merges the answers in the list's order and keeps `first`. Each connection
 * only ever contributes a prefix of its page, so the new per-connection offsets are exact: paging through
 * several vendors neither skips nor repeats. Connections that fail or cannot serve the list are reported in
 * `sources` (and in `errors` with the list's path) while the others' items still come back.
 */
export async function fanOutList<T extends { nativeId: string }>(req: FanOutRequest<T>, ctx: RequestContext, info: GraphQLResolveInfo): Promise<MergedPage<T>> {
  const fingerprint = queryFingerprint(req.list, { query: req.query, connections: req.selected.map((d) => d.connectionId).sort() });
  const offsets: Record<string, number> = req.after ? decodeCursor(req.after, fingerprint).offsets : {};

  const sources: SourceReport[] = [];
  const lanes: Array<Lane<T>> = [];
  const asked = req.selected.filter((ds) => {
    if (ds.capabilities.has(req.capability)) return true;
    const error = new UnsupportedByVendorError({ vendor: ds.vendor, connectionId: ds.connectionId }, `serve the ${req.list} list`);
    sources.push({ connection: ds, state: 'UNSUPPORTED', error: sourceErrorView(error), message: error.message });
    if (req.explicit) ctx.partialErrors.add(error, info);
    return false;
  });

  const settled = await Promise.allSettled(asked.map((ds) => req.fetch(ds, { offset: offsets[ds.connectionId] ?? 0, limit: req.first })));
  settled.forEach((outcome, i) => {
    const ds = asked[i] as VendorDatasource;
    if (outcome.status === 'rejected') {
      const view = sourceErrorView(outcome.reason);
      sources.push({ connection: ds, state: 'FAILED', error: view, message: view.message });
      ctx.partialErrors.add(outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason)), info);
      ctx.logger.warn({ connectionId: ds.connectionId, list: req.list, code: view.code }, 'connection failed in list');
      return;
    }
    const page = outcome.value;
    const partial = page.partialReason ?? null;
    sources.push({ connection: ds, state: partial ? 'PARTIAL' : 'COMPLETE', error: null, message: partial });
    lanes.push({ ds, items: page.items, taken: 0, hasMore: page.hasMore });
  });

  const edges: Array<Edge<T>> = [];
  const consumed = { ...offsets };
  while (edges.length < req.first) {
    let best: Lane<T> | null = null;
    for (const lane of lanes) {
      if (lane.taken >= lane.items.length) continue;
      if (!best) {
        best = lane;
        continue;
      }
      const order = req.compare(lane.items[lane.taken] as T, best.items[best.taken] as T) || lane.ds.connectionId.localeCompare(best.ds.connectionId);
      if (order < 0) best = lane;
    }
    if (!best) break;
    const item = best.items[best.taken++] as T;
    consumed[best.ds.connectionId] = (consumed[best.ds.connectionId] ?? 0) + 1;
    edges.push({ cursor: encodeCursor({ fingerprint, offsets: { ...consumed } }), node: own(req.type, best.ds, item) });
  }

  const hasNextPage = lanes.some((lane) => lane.taken < lane.items.length || lane.hasMore);
  const endCursor = edges.length ? (edges[edges.length - 1] as Edge<T>).cursor : req.after ?? null;
  sources.sort((a, b) => a.connection.connectionId.localeCompare(b.connection.connectionId));
  return { edges, nodes: edges.map((e) => e.node), pageInfo: { hasNextPage, endCursor }, sources };
}
