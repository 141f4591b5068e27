import type { PageWindow } from '../../datasources/list-queries.js';

/**
 * The pure part of a list merged across connections: which window to ask each connection for, and how to
 * merge the answers into one page with exact per-connection positions. No I/O, so it is unit-tested alone.
 *
 * The merged list is ordered by the list's comparator, then by connection id, so it is a total order over
 * every item of every connection. Each connection's own list is in the same order (datasources page with
 * the same comparators), which is what makes a position exact: the first N items of the merged list are the
 * first `offsets[c]` items of each connection c, for offsets that sum to N.
 */

/** Where a cursor points: how many items of each connection come at or before it, and whose item it is. */
export interface Position {
  offsets: Record<string, number>;
  /** The connection of the item the cursor points at; absent on cursors that point at no item. */
  last?: string;
}

/** One connection's answer for the window it was asked. */
export interface Lane<T> {
  connectionId: string;
  /** Where `items[0]` sits in that connection's list. */
  offset: number;
  items: readonly T[];
  /** Whether that connection has items after this window. */
  hasMore: boolean;
}

export interface MergedEntry<T> {
  connectionId: string;
  item: T;
  /** The position of this item: its cursor. */
  position: Required<Position>;
}

export interface MergedSlice<T> {
  entries: Array<MergedEntry<T>>;
  /** Items exist before the first entry (or before the cursor, on an empty page). */
  hasPreviousPage: boolean;
  /** Items exist after the last entry (or after the cursor, on an empty page). */
  hasNextPage: boolean;
}

export type Compare<T> = (a: T, b: T) => number;

/** Connection ids compare by code unit, never by locale, so the order is the same on every machine. */
export function compareConnectionIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The merged order: the list's order, ties between connections broken by connection id. */
export function mergedOrder<T>(
  compare: Compare<T>,
): (a: { connectionId: string; item: T }, b: { connectionId: string; item: T }) => number {
  return (a, b) => compare(a.item, b.item) || compareConnectionIds(a.connectionId, b.connectionId);
}

const total = (offsets: Record<string, number>): number => Object.values(offsets).reduce((sum, n) => sum + n, 0);

/** Forward paging: each connection is asked for `first` items from where the `after` position left it. */
export function windowsAfter(connectionIds: readonly string[], after: Position | null, first: number): Map<string, PageWindow> {
  return new Map(connectionIds.map((id) => [id, { offset: after?.offsets[id] ?? 0, limit: first }]));
}

/**
 * The first `first` items after `after`, merged from the lanes. Each lane contributes a prefix of its window,
 * so the positions stay exact. A connection without a lane (it failed or cannot serve the list) keeps the
 * offset `after` gave it.
 */
export function mergeAfter<T>(lanes: ReadonlyArray<Lane<T>>, after: Position | null, first: number, compare: Compare<T>): MergedSlice<T> {
  const order = mergedOrder(compare);
  const consumed: Record<string, number> = { ...(after?.offsets ?? {}) };
  for (const lane of lanes) consumed[lane.connectionId] = lane.offset;
  const taken = lanes.map(() => 0);
  const entries: Array<MergedEntry<T>> = [];
  while (entries.length < first) {
    let best = -1;
    for (let i = 0; i < lanes.length; i++) {
      const lane = lanes[i] as Lane<T>;
      const t = taken[i] as number;
      if (t >= lane.items.length) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      const bestLane = lanes[best] as Lane<T>;
      const candidate = { connectionId: lane.connectionId, item: lane.items[t] as T };
      if (order(candidate, { connectionId: bestLane.connectionId, item: bestLane.items[taken[best] as number] as T }) < 0) best = i;
    }
    if (best < 0) break;
    const lane = lanes[best] as Lane<T>;
    const item = lane.items[taken[best] as number] as T;
    taken[best] = (taken[best] as number) + 1;
    consumed[lane.connectionId] = lane.offset + (taken[best] as number);
    entries.push({ connectionId: lane.connectionId, item, position: { offsets: { ...consumed }, last: lane.connectionId } });
  }
  const hasNextPage = lanes.some((lane, i) => (taken[i] as number) < lane.items.length || lane.hasMore);
  return { entries, hasPreviousPage: total(after?.offsets ?? {}) > 0, hasNextPage };
}

/** How many items of a connection come strictly before the item `before` points at. */
function endBefore(before: Position, connectionId: string): number {
  const n = before.offsets[connectionId] ?? 0;
  return connectionId === before.last ? Math.max(0, n - 1) : n;
}

/**
 * Backward paging: the last `last` items before `before` are among the last `last` items each connection
 * has before it, so each connection is asked for at most that window. A connection with nothing before the
 * cursor is not asked at all (no window).
 */
export function windowsBefore(connectionIds: readonly string[], before: Position, last: number): Map<string, PageWindow> {
  const windows = new Map<string, PageWindow>();
  for (const id of connectionIds) {
    const end = endBefore(before, id);
    if (end <= 0) continue;
    const offset = Math.max(0, end - last);
    windows.set(id, { offset, limit: end - offset });
  }
  return windows;
}

/**
 * The last `last` items before `before`, in list order. Lanes must be the windows of `windowsBefore`. An
 * entry's position counts, per connection, the items up to and including it: everything before the cursor
 * minus that connection's items that come after the entry on this page. A connection without a lane (it
 * failed) keeps every item before the cursor counted, since meetgraph cannot tell where they fall.
 */
export function mergeBefore<T>(lanes: ReadonlyArray<Lane<T>>, before: Position, last: number, compare: Compare<T>): MergedSlice<T> {
  const order = mergedOrder(compare);
  const all = lanes
    .flatMap((lane) =>
      lane.items.slice(0, endBefore(before, lane.connectionId) - lane.offset).map((item) => ({ connectionId: lane.connectionId, item })),
    )
    .sort(order);
  const page = all.slice(Math.max(0, all.length - last));
  const ends: Record<string, number> = {};
  for (const id of Object.keys(before.offsets)) ends[id] = endBefore(before, id);
  const after: Record<string, number> = {};
  const entries: Array<MergedEntry<T>> = new Array(page.length);
  for (let i = page.length - 1; i >= 0; i--) {
    const { connectionId, item } = page[i] as { connectionId: string; item: T };
    const offsets: Record<string, number> = {};
    for (const [id, end] of Object.entries(ends)) offsets[id] = end - (after[id] ?? 0);
    entries[i] = { connectionId, item, position: { offsets, last: connectionId } };
    after[connectionId] = (after[connectionId] ?? 0) + 1;
  }
  const first = entries[0];
  return {
    entries,
    hasPreviousPage: first ? total(first.position.offsets) > 1 : false,
    // The item the cursor points at comes after this page.
    hasNextPage: total(before.offsets) > 0,
  };
}
