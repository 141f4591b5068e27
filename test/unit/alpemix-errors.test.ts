import { alpemixBudgetGroup, defaultAlpemixBudgetGroup } from '../../datasources/alpemix/budget-group.js';
import { ALPEMIX_ERROR_NUMBERS, alpemixError, needsNewToken } from '../../datasources/alpemix/errors.js';

const source = { vendor: 'alpemix' as const, connectionId: 'alp' };

describe('alpemix error numbers (the published table)', () => {
  it('asks for a new token on 201, 202, 203 and 106 only', () => {
    const documented = Object.keys(ALPEMIX_ERROR_NUMBERS).map(Number);
    expect(documented.sort((a, b) => a - b)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 200, 201, 202, 203, 204, 205]);
    expect(documented.filter(needsNewToken).sort((a, b) => a - b)).toEqual([106, 201, 202, 203]);
    expect(needsNewToken(999)).toBe(false);
    expect(needsNewToken(null)).toBe(false);
  });

  it('a 106 that persists is a meetgraph bug, a 201-203 that persists an auth failure', () => {
    expect(alpemixError(source, 106).code).toBe('INTERNAL_SERVER_ERROR');
    for (const n of [201, 202, 203]) expect(alpemixError(source, n).code).toBe('VENDOR_AUTH_FAILED');
  });
});

describe('alpemix budget groups', () => {
  it('one group per name: every connection naming it draws on the same budgets', async () => {
    const now = (): Date => new Date('2024-08-22T10:00:00Z');
    const a = alpemixBudgetGroup('unit-egress', now);
    const b = alpemixBudgetGroup('unit-egress', now);
    expect(b).toBe(a);
    expect(alpemixBudgetGroup('unit-other', now)).not.toBe(a);
    const seen: number[] = [];
    b.subscribe(() => seen.push(b.report.remaining()));
    const grant = await a.report.take(2);
    expect(grant.granted).toBe(true);
    // Every member hears of the spend: 3 - 2 slots left.
    expect(seen.at(-1)).toBe(1);
  });

  it('defaults to the base URL host with its port, case-folded', () => {
    expect(defaultAlpemixBudgetGroup('https://www.alpemix.com:5900/api')).toBe('www.alpemix.com:5900');
    expect(defaultAlpemixBudgetGroup('https://WWW.Alpemix.com/api')).toBe('www.alpemix.com');
  });
});
