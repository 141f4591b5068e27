import type { GraphQLResolveInfo } from 'graphql';
import { compareSessions } from '../../datasources/ordering.js';
import type { SessionRecord } from '../../datasources/records.js';
import type { VendorDatasource } from '../../datasources/vendor.js';
import type { RequestContext } from '../context.js';
import { decodeOffsetCursor, encodeOffsetCursor, queryFingerprint } from '../cursors.js';
import type { Node } from '../owned.js';
import type { MergedPage } from './fan-out.js';
import { sourceErrorView } from './sources.js';

export interface SingleConnectionList {
  list: string;
  ds: VendorDatasource;
  first: number;
  after: string | null | undefined;
  load: () => Promise<Array<Node<SessionRecord>>>;
}

/**
 * A nested list that belongs to one connection (`Meeting.sessions`): loaded whole through a loader (so a
 * page of meetings costs one batch), then cut by an offset cursor. A failure is reported in `sources` and
 * `errors` and leaves an empty page, so one meeting's failed call never nulls its siblings.
 */
export async function pageOfOne(ctx: RequestContext, info: GraphQLResolveInfo, req: SingleConnectionList): Promise<MergedPage<SessionRecord>> {
  const fingerprint = queryFingerprint(req.list, null);
  const offset = req.after ? decodeOffsetCursor(req.after, fingerprint) : 0;
  try {
    const all = [...(await req.load())].sort(compareSessions);
    const slice = all.slice(offset, offset + req.first);
    const edges = slice.map((node, i) => ({ cursor: encodeOffsetCursor(fingerprint, offset + i + 1), node }));
    return {
      edges,
      nodes: slice,
      pageInfo: { hasNextPage: all.length > offset + req.first, endCursor: edges.at(-1)?.cursor ?? req.after ?? null },
      sources: [{ connection: req.ds, state: 'COMPLETE', error: null, message: null }],
    };
  } catch (error) {
    ctx.partialErrors.add(error instanceof Error ? error : new Error(String(error)), info);
    const view = sourceErrorView(error);
    const state = view.code === 'UNSUPPORTED_BY_VENDOR' ? 'UNSUPPORTED' : 'FAILED';
    return { edges: [], nodes: [], pageInfo: { hasNextPage: false, endCursor: req.after ?? null }, sources: [{ connection: req.ds, state, error: view, message: view.message }] };
  }
}
