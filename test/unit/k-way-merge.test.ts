import { decodeCursor, encodeCursor } from '../../src/cursors.js';
import { listFingerprint } from '../../src/lists/fan-out.js';
import {
  mergeAfter,
  mergeBefore,
  windowsAfter,
  windowsBefore,
  type Lane,
  type MergedEntry,
  type Position,
} from '../../src/lists/k-way-merge.js';
import { sliceLoadedList } from '../../src/lists/loaded-list-page.js';

/** A test item: a start time (null sorts last) and a native id, ordered newest first like the real lists. */
interface Item {
  at: number | null;
  nativeId: string;
}

/** The list's order, written here rather than taken from datasources/ordering.ts. */
function newestFirst(a: Item, b: Item): number {
  if (a.at !== b.at) {
    if (a.at === null) return 1;
    if (b.at === null) return -1;
    return b.at - a.at;
  }
  return a.nativeId < b.nativeId ? -1 : a.nativeId > b.nativeId ? 1 : 0;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** Connections with their whole lists, each sorted the way a datasource pages it. Few distinct times, so ties are common. */
function connections(seed: number, sizes: Record<string, number>): Record<string, Item[]> {
  const next = random(seed);
  const out: Record<string, Item[]> = {};
  for (const [id, size] of Object.entries(sizes)) {
    out[id] = Array.from({ length: size }, (_, i) => ({
      at: next() < 0.15 ? null : Math.floor(next() * 6),
      nativeId: `${id}-${String(i).padStart(3, '0')}`,
    })).sort(newestFirst);
  }
  return out;
}

/** Every item of every connection in merged order, computed independently: the list's order, then connection id. */
function expectedOrder(all: Record<string, Item[]>): string[] {
  return Object.entries(all)
    .flatMap(([connectionId, items]) => items.map((item) => ({ connectionId, item })))
    .sort((x, y) => newestFirst(x.item, y.item) || (x.connectionId < y.connectionId ? -1 : x.connectionId > y.connectionId ? 1 : 0))
    .map((e) => `${e.connectionId}/${e.item.nativeId}`);
}

/** What a datasource answers for a window: that slice of its list, and whether more follow. */
function lanesFor(
  all: Record<string, Item[]>,
  windows: Map<string, { offset: number; limit: number }>,
  failed: string[] = [],
): Array<Lane<Item>> {
  return [...windows.entries()]
    .filter(([id]) => !failed.includes(id))
    .map(([connectionId, w]) => {
      const items = all[connectionId] ?? [];
      return {
        connectionId,
        offset: w.offset,
        items: items.slice(w.offset, w.offset + w.limit),
        hasMore: items.length > w.offset + w.limit,
      };
    });
}

const label = (e: MergedEntry<Item>): string => `${e.connectionId}/${e.item.nativeId}`;

/** Pages forward to the end the way fanOutList does, through real cursors; returns every entry and each page's flags. */
function pageForward(all: Record<string, Item[]>, first: number) {
  const ids = Object.keys(all);
  const entries: Array<MergedEntry<Item>> = [];
  const pages: Array<{ size: number; hasNextPage: boolean; hasPreviousPage: boolean }> = [];
  let after: Position | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const slice = mergeAfter(lanesFor(all, windowsAfter(ids, after, first)), after, first, newestFirst);
    entries.push(...slice.entries);
    pages.push({ size: slice.entries.length, hasNextPage: slice.hasNextPage, hasPreviousPage: slice.hasPreviousPage });
    if (!slice.hasNextPage) break;
    // Through the real cursor encoding, as a client would send it back.
    after = decodeCursor(encodeCursor({ fingerprint: 'f', ...(slice.entries.at(-1) as MergedEntry<Item>).position }), 'f');
  }
  return { entries, pages };
}

describe('k-way merge across connections', () => {
  it.each([1, 2, 3, 7, 50])(
    'pages 3 connections forward in the independently sorted order, every item exactly once (page size %i)',
    (first) => {
      const all = connections(first, { alfa: 17, beta: 5, gamma: 23 });
      const { entries, pages } = pageForward(all, first);
      expect(entries.map(label)).toEqual(expectedOrder(all));
      const total = 17 + 5 + 23;
      expect(pages.length).toBe(Math.ceil(total / first));
      expect(pages.slice(0, -1).every((p) => p.size === first && p.hasNextPage)).toBe(true);
      expect(pages.at(-1)).toEqual({ size: total - first * (pages.length - 1), hasNextPage: false, hasPreviousPage: pages.length > 1 });
      expect(pages[0]?.hasPreviousPage).toBe(false);
    },
  );

  it('breaks ties between connections on connection id, whatever order the lanes come in', () => {
    const same = (nativeId: string): Item => ({ at: 5, nativeId });
    const lanes: Array<Lane<Item>> = [
      { connectionId: 'zed', offset: 0, items: [same('a')], hasMore: false },
      { connectionId: 'abc', offset: 0, items: [same('a')], hasMore: false },
      { connectionId: 'Mid', offset: 0, items: [same('a')], hasMore: false },
    ];
    const slice = mergeAfter(lanes, null, 10, newestFirst);
    // Code-unit order: uppercase before lowercase, never locale order.
    expect(slice.entries.map((e) => e.connectionId)).toEqual(['Mid', 'abc', 'zed']);
    expect(mergeAfter([...lanes].reverse(), null, 10, newestFirst).entries.map((e) => e.connectionId)).toEqual(['Mid', 'abc', 'zed']);
  });

  it('records exact per-connection offsets, and keeps them for an exhausted connection', () => {
    const all = connections(9, { a: 2, b: 6, c: 4 });
    const { entries } = pageForward(all, 3);
    const counted: Record<string, number> = {};
    for (const entry of entries) {
      counted[entry.connectionId] = (counted[entry.connectionId] ?? 0) + 1;
      // An item's position counts, per connection, the items up to and including it.
      expect(entry.position.offsets).toEqual(expect.objectContaining(counted));
      expect(entry.position.last).toBe(entry.connectionId);
    }
    const end = (entries.at(-1) as MergedEntry<Item>).position;
    expect(end.offsets).toEqual({ a: 2, b: 6, c: 4 });
    // After the end, an exhausted connection is asked from its end, never from the start again.
    expect(windowsAfter(['a', 'b', 'c'], end, 3).get('a')).toEqual({ offset: 2, limit: 3 });
  });

  it('leaves a failed connection where it was and reports more only from the others', () => {
    const all = connections(4, { a: 4, b: 4 });
    const first = mergeAfter(lanesFor(all, windowsAfter(['a', 'b'], null, 3)), null, 3, newestFirst);
    const after = (first.entries.at(-1) as MergedEntry<Item>).position;
    const withoutB = mergeAfter(lanesFor(all, windowsAfter(['a', 'b'], after, 10), ['b']), after, 10, newestFirst);
    expect(withoutB.entries.every((e) => e.connectionId === 'a')).toBe(true);
    expect(withoutB.entries.at(-1)?.position.offsets.b).toBe(after.offsets.b ?? 0);
    expect(withoutB.hasNextPage).toBe(false);
  });

  it.each([1, 2, 4, 9])('pages backward from any cursor to the start: the same items and cursors as forward (page size %i)', (last) => {
    const all = connections(100 + last, { alfa: 8, beta: 0, gamma: 11 });
    const forward = pageForward(all, 5).entries;
    const order = forward.map(label);
    for (const from of [forward.length - 1, 10, 3, 0]) {
      const start = forward[from] as MergedEntry<Item>;
      let before: Position = start.position;
      const seen: Array<MergedEntry<Item>> = [];
      for (let guard = 0; guard < 100; guard++) {
        const slice = mergeBefore(lanesFor(all, windowsBefore(Object.keys(all), before, last)), before, last, newestFirst);
        seen.unshift(...slice.entries);
        expect(slice.hasNextPage).toBe(true);
        expect(slice.entries.length).toBe(Math.min(last, from - (seen.length - slice.entries.length)));
        expect(slice.hasPreviousPage).toBe(seen.length < from);
        if (!slice.hasPreviousPage) break;
        before = (slice.entries[0] as MergedEntry<Item>).position;
      }
      expect(seen.map(label)).toEqual(order.slice(0, from));
      expect(seen.map((e) => e.position)).toEqual(forward.slice(0, from).map((e) => e.position));
    }
  });

  it('asks each connection for at most `last` items before the cursor, and nothing from a connection with none', () => {
    const windows = windowsBefore(['a', 'b', 'c'], { offsets: { a: 10, b: 1, c: 0 }, last: 'b' }, 4);
    expect(Object.fromEntries(windows)).toEqual({ a: { offset: 6, limit: 4 } });
  });

  it('leaves out exactly the cursor item when the connection it came from failed', () => {
    const all = connections(77, { a: 5, b: 5 });
    const forward = pageForward(all, 10).entries;
    const cursorItem = forward[7] as MergedEntry<Item>;
    const healthy = cursorItem.connectionId === 'a' ? 'b' : 'a';
    const slice = mergeBefore(
      lanesFor(all, windowsBefore(['a', 'b'], cursorItem.position, 10), [cursorItem.connectionId]),
      cursorItem.position,
      10,
      newestFirst,
    );
    expect(slice.entries.map(label)).toEqual(
      forward
        .slice(0, 7)
        .filter((e) => e.connectionId === healthy)
        .map(label),
    );
  });
});

describe('one loaded list paged by position', () => {
  const decode = (cursor: string): number => Number(cursor);
  const read = (length: number, page: Parameters<typeof sliceLoadedList>[1]) => sliceLoadedList(length, page, decode);

  it('pages forward to the end, every index once', () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const s = read(7, { direction: 'forward', first: 3, after });
      for (let i = s.start; i < s.end; i++) seen.push(i);
      expect(s.hasPreviousPage).toBe(s.start > 0);
      if (!s.hasNextPage) break;
      after = String(s.end);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('pages backward from the end, and from a cursor, leaving the cursor item out', () => {
    expect(read(7, { direction: 'backward', last: 3, before: null })).toEqual({
      start: 4,
      end: 7,
      hasPreviousPage: true,
      hasNextPage: false,
    });
    // The cursor "5" points at index 4: the page before it ends at index 3.
    expect(read(7, { direction: 'backward', last: 3, before: '5' })).toEqual({
      start: 1,
      end: 4,
      hasPreviousPage: true,
      hasNextPage: true,
    });
    expect(read(7, { direction: 'backward', last: 3, before: '2' })).toEqual({
      start: 0,
      end: 1,
      hasPreviousPage: false,
      hasNextPage: true,
    });
    expect(read(0, { direction: 'backward', last: 3, before: null })).toEqual({
      start: 0,
      end: 0,
      hasPreviousPage: false,
      hasNextPage: false,
    });
  });

  it('stays inside the list when a cursor points past a list that shrank', () => {
    expect(read(2, { direction: 'forward', first: 3, after: '9' })).toEqual({
      start: 2,
      end: 2,
      hasPreviousPage: true,
      hasNextPage: false,
    });
  });
});

describe('list cursors are bound to the connections merged', () => {
  const query = { statuses: null, order: 'STARTS_AT_DESC' };

  it('gives another fingerprint for another set of connections, the same for the same set in any order', () => {
    const onlyA = listFingerprint('meetings', query, ['a']);
    expect(listFingerprint('meetings', query, ['a', 'b'])).not.toBe(onlyA);
    expect(listFingerprint('meetings', query, ['b'])).not.toBe(onlyA);
    expect(listFingerprint('meetings', query, ['b', 'a'])).toBe(listFingerprint('meetings', query, ['a', 'b']));
  });

  it('refuses a cursor issued for other connections', () => {
    const cursor = encodeCursor({ fingerprint: listFingerprint('meetings', query, ['a']), offsets: { a: 2 }, last: 'a' });
    expect(() => decodeCursor(cursor, listFingerprint('meetings', query, ['a', 'b']))).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }),
    );
    expect(decodeCursor(cursor, listFingerprint('meetings', query, ['a']))).toEqual({
      fingerprint: listFingerprint('meetings', query, ['a']),
      offsets: { a: 2 },
      last: 'a',
    });
  });
});
