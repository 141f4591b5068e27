import { parseConfigText } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/validate.js';
import { scrubSecrets } from '../../core/secrets.js';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

const CONNECTION = `
connections:
  - id: vc
    vendor: vconnct
    baseUrl: https://vconnct-client-api.com/api/v1
    credentials: { license: license-abcdef-123456 }
`;

describe('state and rateLimit configuration', () => {
  it('absent state = this process memory', () => {
    expect(parseConfigText(CONNECTION, {}).state).toBeNull();
  });

  it('state.redis.url with the default key prefix; the URL password becomes a secret', () => {
    const config = parseConfigText(`state: { redis: { url: "redis://:\${REDIS_PASSWORD}@cache:6379/2" } }\n${CONNECTION}`, {
      REDIS_PASSWORD: 'redis-password-123',
    });
    expect(config.state).toEqual({ redis: { url: 'redis://:redis-password-123@cache:6379/2', keyPrefix: 'meetgraph:' } });
    expect(scrubSecrets('connecting to redis://:redis-password-123@cache')).not.toContain('redis-password-123');
  });

  it('reports bad state settings by path, never echoing the value', () => {
    const problems = problemsOf(() =>
      parseConfigText(`state: { redis: { url: "http://secret-host:6379", keyPrefix: "has space" }, extra: 1 }\n${CONNECTION}`, {}),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'state.redis.url: must be a redis:// or rediss:// URL',
        'state.redis.keyPrefix: must be 1-64 letters, digits or _ . : -',
        'state.extra: unknown setting',
      ]),
    );
    expect(problems.join('\n')).not.toContain('secret-host');
    expect(problemsOf(() => parseConfigText(`state: { redis: {} }\n${CONNECTION}`, {}))).toEqual(['state.redis.url: required']);
    expect(problemsOf(() => parseConfigText(`state: redis\n${CONNECTION}`, {}))).toEqual([
      'state: must be a mapping with `redis: { url }`',
    ]);
  });

  it('rateLimit is a positive whole number of calls a minute on any connection', () => {
    expect(parseConfigText(CONNECTION.replace('vendor: vconnct', 'vendor: vconnct\n    rateLimit: 120'), {}).connections[0]).toMatchObject({
      rateLimit: 120,
    });
    expect(problemsOf(() => parseConfigText(CONNECTION.replace('vendor: vconnct', 'vendor: vconnct\n    rateLimit: 0'), {}))).toEqual([
      'connections[0].rateLimit: must not be less than 1',
    ]);
  });
});
