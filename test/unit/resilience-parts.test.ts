import { DEFAULT_REQUEST_DEADLINE_MS, DEFAULT_VENDOR_CALLS_PER_REQUEST, newCallContext, timeLeft } from '../../datasources/request-memo.js';
import { RetryBudget } from '../../datasources/resilience.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';

describe('CallContext', () => {
  it('carries the request deadline and the vendor-call cap, with the deployment defaults', () => {
    let now = 1_000_000;
    const ctx = newCallContext('r1', { now: () => now });
    expect(DEFAULT_REQUEST_DEADLINE_MS).toBe(15_000);
    expect(DEFAULT_VENDOR_CALLS_PER_REQUEST).toBe(200);
    expect(ctx.deadline).toBe(1_015_000);
    now += 14_000;
    expect(timeLeft(ctx)).toBe(1_000);
    now += 5_000;
    expect(timeLeft(ctx)).toBe(0);
    expect(ctx.vendorCalls.limit).toBe(200);
  });

  it('counts distinct vendor calls up to the cap; a slot given back can be used again', () => {
    const ctx = newCallContext('r2', { vendorCallLimit: 2, deadlineMs: 500, now: () => 0 });
    expect(ctx.deadline).toBe(500);
    expect([ctx.vendorCalls.take(), ctx.vendorCalls.take(), ctx.vendorCalls.take()]).toEqual([true, true, false]);
    ctx.vendorCalls.release();
    expect(ctx.vendorCalls.take()).toBe(true);
    expect(ctx.vendorCalls.count).toBe(2);
  });
});

describe('RetryBudget', () => {
  it('allows the floor of retries per window, then a share of the calls, and refills as the window moves', () => {
    let now = 0;
    const budget = new RetryBudget(() => now, 0.2, 3, 10_000);
    expect([budget.tryRetry(), budget.tryRetry(), budget.tryRetry(), budget.tryRetry()]).toEqual([true, true, true, false]);
    for (let i = 0; i < 25; i++) budget.recordCall();
    // 20 % of 25 calls = 5 retries in the window, 3 already spent.
    expect([budget.tryRetry(), budget.tryRetry(), budget.tryRetry()]).toEqual([true, true, false]);
    now += 10_001;
    expect(budget.tryRetry()).toBe(true);
  });

  it('forgets calls as they leave the window even when no retry is ever asked for', () => {
    let now = 0;
    const budget = new RetryBudget(() => now, 0.2, 3, 10_000);
    // 100 calls a second for 1000 simulated seconds: 1000 calls in any window.
    for (let i = 0; i < 100_000; i++) {
      now += 10;
      budget.recordCall();
    }
    expect(budget.remembered).toBeLessThanOrEqual(2 * 1000 + 64);
    // What is kept still counts: 20 % of the window's 1000 calls.
    let allowed = 0;
    while (budget.tryRetry()) allowed += 1;
    expect(allowed).toBe(200);
  });
});

describe('MemoryStateStore', () => {
  it('keeps values for their TTL, setIfAbsent wins once, delete frees the key', async () => {
    let now = 0;
    const store = new MemoryStateStore(() => now);
    expect(await store.setIfAbsent('k', { state: 'pending' }, 1_000)).toBe(true);
    expect(await store.setIfAbsent('k', { state: 'other' }, 1_000)).toBe(false);
    expect(await store.get('k')).toEqual({ state: 'pending' });
    await store.set('k', { state: 'done', n: 1 }, 1_000);
    expect(await store.get('k')).toEqual({ state: 'done', n: 1 });
    now += 1_000;
    expect(await store.get('k')).toBeNull();
    expect(await store.setIfAbsent('k', { state: 'again' }, 1_000)).toBe(true);
    await store.delete('k');
    expect(await store.get('k')).toBeNull();
  });

  it('hands out copies: changing a value read does not change the stored one', async () => {
    const store = new MemoryStateStore();
    await store.set('k', { list: [1] }, 1_000);
    const read = await store.get<{ list: number[] }>('k');
    read?.list.push(2);
    expect(await store.get('k')).toEqual({ list: [1] });
  });
});
