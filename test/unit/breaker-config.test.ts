import { ConfigError, validateConfig } from '../../src/config/validate.js';

const connection = (extra: Record<string, unknown>) => ({
  id: 'vc',
  vendor: 'vconnct',
  baseUrl: 'https://vconnct.example/api/v1',
  credentials: { license: 'a-license-value-123' },
  ...extra,
});

function problems(doc: Record<string, unknown>): string[] {
  try {
    validateConfig(doc, {});
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('connection breaker config', () => {
  it('accepts breaker: { failures, cooldownMs } and keeps it on the connection', () => {
    const config = validateConfig({ connections: [connection({ breaker: { failures: 3, cooldownMs: 5000 }, timeoutMs: 2000 })] }, {});
    expect(config.connections[0]?.breaker).toMatchObject({ failures: 3, cooldownMs: 5000 });
  });

  it('refuses out-of-range or mistyped values, by path', () => {
    const found = problems({ connections: [connection({ breaker: { failures: 0, cooldownMs: 'soon' } })] });
    expect(found.some((p) => p.startsWith('connections[0].breaker.failures'))).toBe(true);
    expect(found.some((p) => p.startsWith('connections[0].breaker.cooldownMs'))).toBe(true);
    expect(
      problems({ connections: [connection({ breaker: { failures: 5, retries: 2 } })] }).some((p) => p.includes('breaker.retries')),
    ).toBe(true);
  });
});
