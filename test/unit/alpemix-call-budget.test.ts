import { CallBudget } from '../../datasources/alpemix/call-budget.js';

function clock(start = Date.parse('2024-08-22T10:00:00Z')): { now: () => Date; advance: (ms: number) => void } {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

describe('alpemix CallBudget (rolling window)', () => {
  it('grants up to the limit, then refuses with the time until the oldest call leaves the window', () => {
    const c = clock();
    const budget = new CallBudget(3, 60_000, c.now);
    for (let i = 0; i < 3; i++) {
      const grant = budget.take();
      expect(grant.granted).toBe(true);
      if (grant.granted) grant.tickets[0]!.complete();
      c.advance(10_000);
    }
    expect(budget.remaining()).toBe(0);
    const refused = budget.take();
    expect(refused).toEqual({ granted: false, retryAfterMs: 30_000 }); // first call at t0, now t0+30 s
    c.advance(30_000);
    expect(budget.remaining()).toBe(1);
    expect(budget.take().granted).toBe(true);
  });

  it('is rolling, not fixed: calls leave one by one', () => {
    const c = clock();
    const budget = new CallBudget(2, 60_000, c.now);
    const a = budget.take();
    c.advance(50_000);
    const b = budget.take();
    if (a.granted) a.tickets[0]!.complete();
    if (b.granted) b.tickets[0]!.complete();
    c.advance(9_000);
    expect(budget.remaining()).toBe(0);
    // a was stamped when it completed (t0+50 s): it leaves at t0+110 s
    expect(budget.take()).toEqual({ granted: false, retryAfterMs: 51_000 });
  });

  it('takes several slots at once or none', () => {
    const c = clock();
    const budget = new CallBudget(3, 60_000, c.now);
    expect(budget.take(2).granted).toBe(true);
    const refused = budget.take(2);
    expect(refused.granted).toBe(false);
    expect(budget.remaining()).toBe(1);
  });

  it('keeps an in-flight call in the window however long it takes, and stamps it at completion', () => {
    const c = clock();
    const budget = new CallBudget(1, 60_000, c.now);
    const grant = budget.take();
    c.advance(120_000);
    expect(budget.remaining()).toBe(0);
    if (grant.granted) grant.tickets[0]!.complete();
    c.advance(59_000);
    expect(budget.remaining()).toBe(0);
    c.advance(1_001);
    expect(budget.remaining()).toBe(1);
  });

  it('gives back a slot whose call never went out', () => {
    const c = clock();
    const budget = new CallBudget(1, 60_000, c.now);
    const grant = budget.take();
    expect(budget.remaining()).toBe(0);
    if (grant.granted) {
      grant.tickets[0]!.release();
      grant.tickets[0]!.complete(); // settling twice has no effect
    }
    expect(budget.remaining()).toBe(1);
  });

  it('saturate() stops all calls for a whole window', () => {
    const c = clock();
    const budget = new CallBudget(5, 60_000, c.now);
    budget.saturate();
    expect(budget.take()).toEqual({ granted: false, retryAfterMs: 60_000 });
    c.advance(60_001);
    expect(budget.remaining()).toBe(5);
  });
});
