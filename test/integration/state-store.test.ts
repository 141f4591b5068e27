import { Writable } from 'node:stream';
import { MemoryStateStore } from '../../core/memory-state-store.js';
import { createLogger } from '../../core/logger.js';
import type { StateStore } from '../../core/state-store.js';
import { SharedToken } from '../../datasources/shared-token.js';
import { RedisStateStore } from '../../src/state/redis-store.js';
import { ResilientStateStore } from '../../src/state/resilient-store.js';
import { deleteKeys, listKeys, REDIS_URL, RedisRelay, testKeyPrefix } from '../helpers/redis.js';

/**
 * The StateStore contract, held by both implementations: the in-process one and Redis (the local Redis, under a
 * key prefix of this run). "Two replicas" are two stores on one clock; for Redis, two separate connections.
 */
const prefix = testKeyPrefix();
const opened: RedisStateStore[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await deleteKeys(prefix);
});

async function redisStore(now: () => number, keyPrefix = prefix): Promise<RedisStateStore> {
  const store = new RedisStateStore({ url: REDIS_URL, keyPrefix, now });
  opened.push(store);
  await store.connect();
  return store;
}

type Pair = { a: StateStore; b: StateStore; clock: { now: number } };
const implementations: Array<[string, () => Promise<Pair>]> = [
  [
    'memory',
    async () => {
      const clock = { now: 1_000_000 };
      const store = new MemoryStateStore(() => clock.now);
      return { a: store, b: store, clock };
    },
  ],
  [
    'redis',
    async () => {
      // Redis expires keys on its own clock: the test clock starts at the real time so TTLs line up.
      const clock = { now: Date.now() };
      return { a: await redisStore(() => clock.now), b: await redisStore(() => clock.now), clock };
    },
  ],
];

let n = 0;
const key = (name: string): string => `${name}:${++n}`;

describe.each(implementations)('StateStore (%s)', (_name, make) => {
  it('values are JSON with a TTL; setIfAbsent wins once across replicas; deleteIfEquals frees only its own value', async () => {
    const { a, b } = await make();
    const k = key('kv');
    await a.set(k, { n: 1, list: ['x'] }, 60_000);
    expect(await b.get(k)).toEqual({ n: 1, list: ['x'] });
    const lock = key('lock');
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).setIfAbsent(lock, `owner-${i}`, 60_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const owner = `owner-${wins.indexOf(true)}`;
    expect(await a.deleteIfEquals(lock, 'someone-else')).toBe(false);
    expect(await b.get(lock)).toBe(owner);
    expect(await b.deleteIfEquals(lock, owner)).toBe(true);
    expect(await a.get(lock)).toBeNull();
  });

  it('a rolling window grants at most `limit` slots to concurrent replicas, counts completed slots from completion', async () => {
    const { a, b, clock } = await make();
    const k = key('window');
    const request = { count: 1, limit: 3, windowMs: 60_000, pendingMs: 120_000 };
    const grants = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).takeSlots(k, request)));
    const granted = grants.flatMap((g) => (g.granted ? g.slotIds : []));
    expect(granted).toHaveLength(3);
    expect(await a.freeSlots(k, 3)).toBe(0);
    // A refusal says when a slot frees: pending slots leave one window after they complete, at the earliest now.
    const refused = grants.find((g) => !g.granted);
    expect(refused).toEqual({ granted: false, retryAfterMs: 60_000 });

    // Released: the call never went out, the slot is free at once. Completed 10 s later: counts from then.
    await a.releaseSlot(k, granted[0]!);
    expect(await b.freeSlots(k, 3)).toBe(1);
    clock.now += 10_000;
    await b.completeSlot(k, granted[1]!, 60_000);
    await b.completeSlot(k, granted[2]!, 60_000);
    // All-or-none: two slots do not fit in one.
    expect(await a.takeSlots(k, { ...request, count: 2 })).toEqual({ granted: false, retryAfterMs: 60_000 });
    clock.now += 60_000;
    expect(await a.freeSlots(k, 3)).toBe(3);
  });

  it('saturate fills the window for one window from now', async () => {
    const { a, b, clock } = await make();
    const k = key('saturated');
    await a.saturateSlots(k, 5, 60_000);
    expect(await b.takeSlots(k, { count: 1, limit: 5, windowMs: 60_000, pendingMs: 1_000 })).toEqual({
      granted: false,
      retryAfterMs: 60_000,
    });
    clock.now += 60_000;
    expect(await b.freeSlots(k, 5)).toBe(5);
  });

  it('a pending slot whose owner vanished leaves after pendingMs + windowMs', async () => {
    const { a, clock } = await make();
    const k = key('lost');
    expect((await a.takeSlots(k, { count: 1, limit: 1, windowMs: 1_000, pendingMs: 5_000 })).granted).toBe(true);
    clock.now += 5_999;
    expect(await a.freeSlots(k, 1)).toBe(0);
    clock.now += 1;
    expect(await a.freeSlots(k, 1)).toBe(1);
  });

  it('SharedToken: concurrent callers on three replicas cause ONE token request; a refused token is dropped everywhere', async () => {
    const { a, b } = await make();
    const k = key('token');
    const now = (): Date => new Date();
    const replicas = [a, b, a].map((state) => new SharedToken({ state, key: k, now, pollMs: 10 }));
    let issued = 0;
    const issue = async (): Promise<{ value: string; renewAt: number }> => {
      issued += 1;
      await new Promise((r) => setTimeout(r, 50));
      return { value: `token-number-${issued}`, renewAt: Date.now() + 60_000 };
    };
    const tokens = await Promise.all(replicas.flatMap((r) => Array.from({ length: 5 }, () => r.get(issue))));
    expect(issued).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(['token-number-1']));
    // A stale refusal (another token is current) keeps the current one.
    await replicas[1]!.forget('token-number-0');
    expect(await replicas[2]!.get(issue)).toBe('token-number-1');
    await replicas[0]!.forget('token-number-1');
    replicas.forEach((r) => r.reset());
    expect(await replicas[2]!.get(issue)).toBe('token-number-2');
    expect(await replicas[1]!.get(issue)).toBe('token-number-2');
    expect(issued).toBe(2);
  });
});

describe('RedisStateStore', () => {
  it('namespaces every key under its prefix', async () => {
    const own = `${testKeyPrefix()}`;
    const store = await redisStore(Date.now, own);
    await store.set('idempotency:x', 1, 60_000);
    await store.takeSlots('alpemix:budget:g:report', { count: 1, limit: 3, windowMs: 60_000, pendingMs: 1_000 });
    expect((await listKeys(own)).sort()).toEqual(['alpemix:budget:g:report', 'idempotency:x']);
    await deleteKeys(own);
  });
});

describe('ResilientStateStore: a Redis outage', () => {
  function capture(): { logger: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>> } {
    const out: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        out.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    return { logger: createLogger('info', stream), lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
  }

  it('degrades to process memory with one warning, never an error, and shares state again once Redis is back', async () => {
    const relay = new RedisRelay();
    await relay.open();
    const { logger, lines } = capture();
    const redis = new RedisStateStore({ url: relay.url, keyPrefix: prefix });
    const store = new ResilientStateStore(redis, logger);
    const replica = await redisStore(Date.now);
    try {
      await store.start();
      expect(store.shared).toBe(true);
      expect(store.ready()).toBe(true);
      await store.set('outage:before', 'shared', 60_000);
      expect(await replica.get('outage:before')).toBe('shared');

      await relay.cut();
      // Every operation still answers (from memory) while Redis is unreachable.
      await store.set('outage:during', 'local', 60_000);
      expect(await store.get('outage:during')).toBe('local');
      expect(await store.setIfAbsent('outage:lock', 1, 60_000)).toBe(true);
      expect((await store.takeSlots('outage:window', { count: 1, limit: 1, windowMs: 60_000, pendingMs: 1_000 })).granted).toBe(true);
      expect(await replica.get('outage:during')).toBeNull();
      expect(store.shared).toBe(false);
      // Readiness stays: Redis was reached once, and every replica would otherwise leave the load balancer at once.
      expect(store.ready()).toBe(true);
      const warnings = lines().filter((l) => l.level === 40);
      expect(warnings).toHaveLength(1);
      expect(String(warnings[0]!.msg)).toMatch(/unreachable/);

      await relay.open();
      for (let i = 0; i < 200 && !store.shared; i++) await new Promise((r) => setTimeout(r, 50));
      expect(store.shared).toBe(true);
      await store.set('outage:after', 'shared again', 60_000);
      expect(await replica.get('outage:after')).toBe('shared again');
      expect(lines().some((l) => l.level === 30 && /reachable again/.test(String(l.msg)))).toBe(true);
      expect(lines().filter((l) => l.level === 40)).toHaveLength(1);
    } finally {
      await store.close();
      await relay.cut();
    }
  });

  it('starting while Redis is unreachable: serves from memory, /ready fails until Redis answers once', async () => {
    const relay = new RedisRelay();
    await relay.open();
    await relay.cut(); // a port nothing listens on
    const { logger, lines } = capture();
    const store = new ResilientStateStore(new RedisStateStore({ url: relay.url, keyPrefix: prefix }), logger);
    try {
      await store.start(500);
      expect(store.ready()).toBe(false);
      expect(await store.setIfAbsent('cold:lock', 1, 60_000)).toBe(true);
      expect(lines().filter((l) => l.level === 40)).toHaveLength(1);
      // The password of a URL never reaches the log.
      expect(JSON.stringify(lines())).not.toContain(relay.url);
    } finally {
      await store.close();
    }
  });
});
