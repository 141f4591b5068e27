import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { scrubSecrets } from './secrets.js';

export type { Logger };

/**
 * JSON logs on stdout (or `destination`, which tests capture). Every serialized line passes the one scrubber
 * (core/secrets.ts), whatever field a secret hides in; secret-looking keys are censored as well, so a careless
 * `log.info({ credentials })` cannot leak either.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'meetgraph' },
    redact: {
      paths: [
        '*.password',
        '*.secret',
        '*.secretKey',
        '*.apiKey',
        '*.license',
        '*.code',
        '*.token',
        '*.accessToken',
        '*.authorization',
        'credentials',
        '*.credentials',
      ],
      censor: '[redacted]',
    },
    hooks: {
      streamWrite: (line) => scrubSecrets(line),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that prints nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
