import { validateConfig } from '../../src/config/validate.js';
import { configProblems, vconnctEntry } from '../helpers/config.js';

/** The `store` section (README "History"): embedded by default, PostgreSQL when named, none with `false`. */
const vconnct = vconnctEntry();
const problems = (doc: Record<string, unknown>): string[] => configProblems({ connections: [vconnct], ...doc });

describe('store config', () => {
  it('defaults to the embedded store in ./data/history with 90 days and one-minute syncs', () => {
    expect(validateConfig({ connections: [vconnct] }, {}).store).toEqual({
      location: { kind: 'embedded', dataDir: './data/history' },
      retentionDays: 90,
      alpemixIntervalMs: 60_000,
      alfaviewIntervalMs: 60_000,
    });
  });

  it('turns history off with store: false', () => {
    expect(validateConfig({ connections: [vconnct], store: false }, {}).store).toBeNull();
  });

  it('uses PostgreSQL when store.postgres.url is set, with an optional schema', () => {
    const config = validateConfig(
      {
        connections: [vconnct],
        store: { postgres: { url: 'postgres://u@db:5432/m', schema: 'meetgraph' }, retentionDays: 30, sync: { alfaviewSeconds: 30 } },
      },
      {},
    );
    expect(config.store).toEqual({
      location: { kind: 'postgres', url: 'postgres://u@db:5432/m', schema: 'meetgraph' },
      retentionDays: 30,
      alpemixIntervalMs: 60_000,
      alfaviewIntervalMs: 30_000,
    });
  });

  it('reports every problem by path', () => {
    expect(
      problems({
        store: { postgres: { url: 'mysql://x', schema: 'Bad-Name' }, retentionDays: 0, sync: { alpemixSeconds: 5 }, color: 'red' },
      }),
    ).toEqual(
      expect.arrayContaining([
        'store.postgres.url: must be a postgres:// URL',
        'store.postgres.schema: must be a lowercase SQL identifier',
        expect.stringMatching(/^store\.retentionDays: /),
        expect.stringMatching(/^store\.sync\.alpemixSeconds: /),
        'store.color: unknown setting',
      ]),
    );
    expect(problems({ store: 'yes' })).toEqual(['store: must be a mapping, or false to keep no history']);
  });
});
