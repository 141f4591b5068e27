import { ConfigError } from './validate.js';

export type StartupMode = { kind: 'config'; file: string } | { kind: 'sandbox' };

/**
 * Config file or sandbox. In production (`NODE_ENV=production`) a missing config is a mistake, not a wish
 * for demo data: the process refuses to start unless `--sandbox` asks for the simulators explicitly.
 */
export function startupMode(file: string | null, argv: readonly string[], env: NodeJS.ProcessEnv): StartupMode {
  if (file) return { kind: 'config', file };
  if (env.NODE_ENV === 'production' && !argv.includes('--sandbox')) {
    throw new ConfigError([
      '(config): no config file found (--config PATH, MEETGRAPH_CONFIG or ./meetgraph.yaml) and NODE_ENV=production; ' +
        'refusing to start the sandbox with simulated vendors. Give a config, or pass --sandbox to run the sandbox on purpose.',
    ]);
  }
  return { kind: 'sandbox' };
}
