import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findConfigFile, loadConfigFile, parseConfigText } from '../../src/config/load.js';
import { startupMode } from '../../src/config/startup-mode.js';
import { ConfigError } from '../../src/config/validate.js';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

const VALID = `
server: { port: 4100, host: 127.0.0.1 }
clients:
  - name: web-frontend
    apiKey: \${FRONTEND_API_KEY}
    connections: [vc]
connections:
  - id: vc
    vendor: vconnct
    baseUrl: https://vconnct-client-api.com/api/v1
    credentials: { license: \${VCONNCT_LICENSE} }
`;

describe('configuration', () => {
  const env = { FRONTEND_API_KEY: 'frontend-key-0123456789', VCONNCT_LICENSE: 'license-abcdef-123456' };

  it('reads YAML with ${ENV} interpolation', () => {
    const config = parseConfigText(VALID, env);
    expect(config.server).toEqual({ port: 4100, host: '127.0.0.1', subgraph: false, adminPort: null, cors: null });
    expect(config.clients).toEqual([{ name: 'web-frontend', apiKey: env.FRONTEND_API_KEY, connections: ['vc'] }]);
    expect(config.connections[0]).toMatchObject({ id: 'vc', vendor: 'vconnct', credentials: { license: env.VCONNCT_LICENSE } });
  });

  it('reads JSON too, and PORT overrides server.port', () => {
    const json = JSON.stringify({
      server: { port: 4100 },
      connections: [{ id: 'vc', vendor: 'vconnct', baseUrl: 'http://127.0.0.1:9/api/v1', credentials: { license: 'license-abcdef' } }],
    });
    expect(parseConfigText(json, { PORT: '5001' }).server.port).toBe(5001);
  });

  it('names a missing environment variable by config path', () => {
    expect(problemsOf(() => parseConfigText(VALID, { FRONTEND_API_KEY: env.FRONTEND_API_KEY }))).toEqual([
      'connections[0].credentials.license: environment variable VCONNCT_LICENSE is not set',
    ]);
  });

  it('lists every problem by path and never echoes a secret', () => {
    const text = `
connections:
  - { id: vc, vendor: vconnct, baseUrl: not-a-url, credentials: {} }
  - { id: "bad id", vendor: zoom, baseUrl: https://x.test }
  - { id: vc2, vendor: vconnct, baseUrl: https://x.test, credentials: { license: super-secret-license-value, extra: super-secret-extra } }
  - { id: vc2, vendor: vconnct, baseUrl: https://x.test, credentials: { license: other-license-value } }
clients:
  - { name: web, apiKey: short-key-1, connections: [nope] }
surprise: true
`;
    const problems = problemsOf(() => parseConfigText(text, {}));
    expect(problems).toEqual(
      expect.arrayContaining([
        'surprise: unknown setting',
        'connections[0].baseUrl: must be a URL address',
        'connections[0].credentials.license: required',
        'connections[1].vendor: must be one of alfaview, allocloud, alpemix, apizee, vconnct',
        'connections[2].credentials.extra: unknown setting',
        'connections[3].id: duplicate id "vc2"',
        'clients[0].apiKey: must be at least 16 characters',
        'clients[0].connections[0]: no connection with id "nope"',
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/super-secret|short-key-1/);
  });

  it('finds the file: --config, then MEETGRAPH_CONFIG, then ./meetgraph.yaml, else sandbox', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'meetgraph-config-'));
    expect(findConfigFile([], {}, dir)).toBeNull();
    writeFileSync(path.join(dir, 'meetgraph.yaml'), VALID);
    expect(findConfigFile([], {}, dir)).toBe(path.join(dir, 'meetgraph.yaml'));
    expect(findConfigFile([], { MEETGRAPH_CONFIG: 'other.yaml' }, dir)).toBe(path.join(dir, 'other.yaml'));
    expect(findConfigFile(['--config', 'x.json'], { MEETGRAPH_CONFIG: 'other.yaml' }, dir)).toBe(path.join(dir, 'x.json'));
    expect(findConfigFile(['--config=y.yaml'], {}, dir)).toBe(path.join(dir, 'y.yaml'));
    expect(loadConfigFile(path.join(dir, 'meetgraph.yaml'), env).connections).toHaveLength(1);
    expect(problemsOf(() => loadConfigFile(path.join(dir, 'missing.yaml'), env))[0]).toMatch(/no such config file/);
  });

  it('reports unparsable YAML', () => {
    expect(problemsOf(() => parseConfigText('connections: [ {', {}))[0]).toMatch(/not valid YAML or JSON/);
  });

  it('expands ${VAR} once: a value that itself contains ${OTHER} stays literal', () => {
    const text = [
      'connections:',
      '  - { id: vc, vendor: vconnct, baseUrl: https://x.test, label: "${LABEL}", credentials: { license: ${LICENSE} } }',
      '',
    ].join('\n');
    const license = 'pa$${OTHER}ss-${OTHER}-word';
    const config = parseConfigText(text, { LICENSE: license, LABEL: 'MEETGRAPHENV_OTHER_ENDENV', OTHER: 'leaked' });
    expect(config.connections[0]).toMatchObject({ credentials: { license }, label: 'MEETGRAPHENV_OTHER_ENDENV' });
  });

  it('fills in the limits defaults, takes overrides, and reports bad limits by path', () => {
    const base = `connections: []\n`;
    expect(parseConfigText(base, {}).limits).toEqual({
      depth: 10,
      aliases: 15,
      tokens: 5000,
      directives: 50,
      cost: 5000,
      vendorCallsPerRequest: 200,
      requestDeadlineMs: 15000,
    });
    const overridden = parseConfigText(`${base}limits: { depth: 6, cost: 800 }\n`, {}).limits;
    expect(overridden).toMatchObject({ depth: 6, cost: 800, aliases: 15, requestDeadlineMs: 15000 });
    const bad = `${base}limits: { depth: 0, aliases: many, cost: 1.5, requestDeadlineMs: 10, surprise: 1 }\n`;
    const problems = problemsOf(() => parseConfigText(bad, {}));
    expect(problems).toEqual(
      expect.arrayContaining([
        'limits.depth: must not be less than 1',
        'limits.aliases: must be an integer number',
        'limits.cost: must be an integer number',
        'limits.requestDeadlineMs: must not be less than 100',
        'limits.surprise: unknown setting',
      ]),
    );
    expect(problemsOf(() => parseConfigText(`${base}limits: 5\n`, {}))).toEqual(['limits: must be a mapping']);
  });

  it('takes an optional server.adminPort that differs from the public port', () => {
    expect(parseConfigText(`server: { port: 4000, adminPort: 9464 }\nconnections: []\n`, {}).server.adminPort).toBe(9464);
    expect(parseConfigText(`connections: []\n`, {}).server.adminPort).toBeNull();
    const same = `server: { port: 4000, adminPort: 4000 }\nconnections: []\n`;
    expect(problemsOf(() => parseConfigText(same, {}))).toEqual(['server.adminPort: must differ from server.port']);
    const outOfRange = `server: { adminPort: 70000 }\nconnections: []\n`;
    expect(problemsOf(() => parseConfigText(outOfRange, {}))).toEqual(['server.adminPort: must not be greater than 65535']);
  });

  it('starts the sandbox without a config only outside production, or when --sandbox asks for it', () => {
    expect(startupMode('/etc/meetgraph.yaml', [], { NODE_ENV: 'production' })).toEqual({ kind: 'config', file: '/etc/meetgraph.yaml' });
    expect(startupMode(null, [], {})).toEqual({ kind: 'sandbox' });
    expect(startupMode(null, ['--sandbox'], { NODE_ENV: 'production' })).toEqual({ kind: 'sandbox' });
    const [problem] = problemsOf(() => startupMode(null, [], { NODE_ENV: 'production' }));
    expect(problem).toMatch(/NODE_ENV=production/);
    expect(problem).toMatch(/--sandbox/);
  });
});
