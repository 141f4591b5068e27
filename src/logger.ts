import { pino, type Logger } from 'pino';
import { scrubSecrets } from './secrets.js';

export type { Logger };

/**
 * JSON logs on stdout. Known secret values are scrubbed from every line and secret-looking keys are
 * censored, so a careless `log.info({ credentials })` still cannot leak.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'meetgraph' },
    redact: {
      paths: ['*.password', '*.secret', '*.secretKey', '*.apiKey', '*.license', '*.code', '*.token', '*.accessToken', '*.authorization', 'credentials', '*.credentials'],
      censor: '[redacted]',
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as typeof args;
        method.apply(this, scrubbed);
      },
    },
  });
}

/** A logger that prints nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
