import { configProblems, vconnctEntry } from '../helpers/config.js';
import { validateConfig } from '../../src/config/validate.js';

describe('connection resilience config: breaker and maxConcurrency', () => {
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

  it('accepts maxConcurrency from 1 to 256 and refuses anything else by path', () => {
    const config = validateConfig({ connections: [vconnctEntry({ maxConcurrency: 64 })] }, {});
    expect(config.connections[0]?.maxConcurrency).toBe(64);
    for (const bad of [0, 257, 2.5, 'many']) {
      expect(
        configProblems({ connections: [vconnctEntry({ maxConcurrency: bad })] }).some((p) => p.startsWith('connections[0].maxConcurrency')),
      ).toBe(true);
    }
  });
});
