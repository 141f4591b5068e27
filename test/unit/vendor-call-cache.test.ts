import { configProblems, vconnctEntry } from '../helpers/config.js';
import { silentLogger } from '../../core/logger.js';
import type { ConnectionConfigBase } from '../../core/connection-config.js';
import { decodeValue, encodeValue } from '../../src/cache/json-codec.js';
import { VendorCallCache } from '../../src/cache/vendor-call-cache.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';
import type { StateStore } from '../../src/state/state-store.js';

/** A connection entry as the cache reads it (vendor and id decide the rules; `cache` the TTLs). */
const entry = (id: string, vendor: string, cache?: unknown): ConnectionConfigBase => ({ id, vendor, cache }) as ConnectionConfigBase;

/** A load that counts its calls and answers after `gate` opens (so concurrent reads overlap for sure). */
function countedLoad<T>(value: T): { load: () => Promise<T>; calls: () => number; open: () => void } {
  let calls = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    load: async () => {
      calls += 1;
      await gate;
      return value;
    },
    calls: () => calls,
    open: () => open(),
  };
}

describe('connection cache setting', () => {
  it('accepts false, known operations with whole seconds, and nothing at all', () => {
    expect(configProblems({ connections: [vconnctEntry({ cache: false })] })).toEqual([]);
    expect(configProblems({ connections: [vconnctEntry({ cache: { meetings: 20, recordings: 0, feeds: 3600 } })] })).toEqual([]);
    expect(configProblems({ connections: [vconnctEntry({})] })).toEqual([]);
  });

  it.each([[true], ['30'], [{ meeting: 30 }], [{ meetings: -1 }], [{ meetings: 1.5 }], [{ meetings: 3601 }], [{ sessions: '10' }], [[]]])(
    'refuses %j, naming connections[0].cache',
    (cache) => {
      const found = configProblems({ connections: [vconnctEntry({ cache })] });
      expect(found.some((p) => p.startsWith('connections[0].cache'))).toBe(true);
    },
  );
});

describe('cache JSON codec', () => {
  it('revives dates exactly and leaves date-like vendor strings alone', () => {
    const value = { at: new Date('2031-01-02T03:04:05.678Z'), raw: '2031-01-02T03:04:05Z', list: [new Date(0), null, 1] };
    const back = decodeValue<typeof value>(encodeValue(value));
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.toISOString()).toBe('2031-01-02T03:04:05.678Z');
    expect(back.raw).toBe('2031-01-02T03:04:05Z');
    expect(back.list[0]).toEqual(new Date(0));
    expect(back.list.slice(1)).toEqual([null, 1]);
  });
});

describe('VendorCallCache', () => {
  const now = Date.parse('2031-03-03T10:00:00.000Z');

  it('two replicas on one store: identical concurrent reads cost one load, and dates survive the store', async () => {
    const store = new MemoryStateStore(() => now);
    const a = new VendorCallCache({ connections: [entry('vc', 'vconnct')], store, logger: silentLogger(), now: () => now, pollMs: 5 });
    const b = new VendorCallCache({ connections: [entry('vc', 'vconnct')], store, logger: silentLogger(), now: () => now, pollMs: 5 });
    const value = [{ id: 'm1', at: new Date('2031-03-01T09:00:00.000Z') }];
    const first = countedLoad(value);
    const second = countedLoad(value);
    const reads = [
      a.session('vc')?.read('list_meetings', first.load),
      a.session('vc')?.read('list_meetings', first.load),
      b.session('vc')?.read('list_meetings', second.load),
      b.session('vc')?.read('list_meetings', second.load),
    ];
    // Let every reader reach the store (b waits on a's lock) before the vendor answers.
    await new Promise((resolve) => setTimeout(resolve, 30));
    first.open();
    second.open();
    const results = await Promise.all(reads);
    expect(first.calls() + second.calls()).toBe(1);
    for (const result of results) {
      expect(result?.value).toEqual(value);
      expect(result?.fetchedAt).toBe(now);
    }
  });

  it('a write on one replica invalidates what the other one keeps in process', async () => {
    const store = new MemoryStateStore(() => now);
    const a = new VendorCallCache({ connections: [entry('vc', 'vconnct')], store, logger: silentLogger(), now: () => now });
    const b = new VendorCallCache({ connections: [entry('vc', 'vconnct')], store, logger: silentLogger(), now: () => now });
    let version = 1;
    const load = async (): Promise<number> => version;
    expect((await b.session('vc')?.read('list_meetings', load))?.value).toBe(1);
    version = 2;
    expect((await b.session('vc')?.read('list_meetings', load))?.value).toBe(1);
    await a.session('vc')?.invalidate();
    expect((await b.session('vc')?.read('list_meetings', load))?.value).toBe(2);
  });

  it('a replica finding a stale shared value serves it and refreshes it in the background', async () => {
    let clock = now;
    const store = new MemoryStateStore(() => clock);
    const options = { connections: [entry('vc', 'vconnct', { meetings: 30 })], store, logger: silentLogger(), now: () => clock };
    const a = new VendorCallCache(options);
    const b = new VendorCallCache(options);
    await a.session('vc')?.read('list_meetings', async () => 'old');
    clock += 31_000;
    let calls = 0;
    const load = async (): Promise<string> => {
      calls += 1;
      return 'new';
    };
    const stale = await b.session('vc')?.read('list_meetings', load);
    expect(stale).toEqual({ value: 'old', fetchedAt: now });
    for (let i = 0; i < 100 && calls === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toBe(1);
    expect(await b.session('vc')?.read('list_meetings', load)).toEqual({ value: 'new', fetchedAt: now + 31_000 });
    // The other replica gets the refreshed value from the store's copy once its own is past twice the TTL.
    clock += 29_000;
    expect((await a.session('vc')?.read('list_meetings', load))?.value).toBe('new');
    expect(calls).toBe(1);
  });

  it('keys without a rule, other connections and cache: false are not handled', () => {
    const store = new MemoryStateStore();
    const cache = new VendorCallCache({
      connections: [entry('vc', 'vconnct'), entry('off', 'vconnct', false)],
      store,
      logger: silentLogger(),
    });
    expect(cache.session('vc')?.read('seen_sessions', async () => new Map())).toBeNull();
    expect(cache.session('off')).toBeNull();
    expect(cache.session('unknown')).toBeNull();
  });

  it('keeps a parsed ALLOcloud feed index in process only, and never one that records a failed feed', async () => {
    const writes: string[] = [];
    const inner = new MemoryStateStore(() => now);
    // The same store, recording which keys are written to it.
    const store: StateStore = Object.assign(Object.create(inner) as MemoryStateStore, {
      set: <T>(k: string, v: T, t: number) => {
        writes.push(k);
        return inner.set(k, v, t);
      },
    });
    const cache = new VendorCallCache({ connections: [entry('ac', 'allocloud')], store, logger: silentLogger(), now: () => now });
    let builds = 0;
    const failed = async () => ({ meetings: new Map(), failure: new Error('feed down'), builds: ++builds });
    await cache.session('ac')?.read('feed-index:1', failed);
    await cache.session('ac')?.read('feed-index:1', failed);
    expect(builds).toBe(2);
    const healthy = async () => ({ meetings: new Map([['m', 1]]), failure: null, builds: ++builds });
    const one = await cache.session('ac')?.read('feed-index:1', healthy);
    const two = await cache.session('ac')?.read('feed-index:1', healthy);
    expect(builds).toBe(3);
    // The very same object: parsed once, not re-decoded per request.
    expect(two?.value).toBe(one?.value);
    expect(writes.filter((k) => k.includes('feed-index'))).toEqual([]);
  });

  it('a load that fails is not kept: the next read asks again', async () => {
    const cache = new VendorCallCache({ connections: [entry('vc', 'vconnct')], store: new MemoryStateStore(), logger: silentLogger() });
    let calls = 0;
    const flaky = async (): Promise<string> => {
      calls += 1;
      if (calls === 1) throw new Error('vendor down');
      return 'ok';
    };
    await expect(cache.session('vc')?.read('list_meetings', flaky)).rejects.toThrow('vendor down');
    expect((await cache.session('vc')?.read('list_meetings', flaky))?.value).toBe('ok');
    expect(calls).toBe(2);
  });
});
