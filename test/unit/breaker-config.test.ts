import { configProblems, vconnctEntry } from '../helpers/config.js';
import { validateConfig } from '../../src/config/validate.js';

describe('connection breaker config', () => {
  it('accepts breaker: { failures, cooldownMs } and keeps it on the connection', () => {
    const config = validateConfig({ connections: [vconnctEntry({ breaker: { failures: 3, cooldownMs: 5000 }, timeoutMs: 2000 })] }, {});
    expect(config.connections[0]?.breaker).toMatchObject({ failures: 3, cooldownMs: 5000 });
  });

  it('refuses out-of-range or mistyped values, by path', () => {
    const found = configProblems({ connections: [vconnctEntry({ breaker: { failures: 0, cooldownMs: 'soon' } })] });
    expect(found.some((p) => p.startsWith('connections[0].breaker.failures'))).toBe(true);
    expect(found.some((p) => p.startsWith('connections[0].breaker.cooldownMs'))).toBe(true);
    expect(
      configProblems({ connections: [vconnctEntry({ breaker: { failures: 5, retries: 2 } })] }).some((p) => p.includes('breaker.retries')),
    ).toBe(true);
  });
});
