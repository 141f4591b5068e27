import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The kinds of vendor reads the vendor-call cache knows, each with its own freshness need: the live state of
 * sessions changes by the second, meeting lists by the minute, finished recordings hardly at all. A
 * connection's `cache` setting names them.
 */
export const CACHE_OPERATIONS = ['meetings', 'sessions', 'participants', 'recordings', 'settings', 'feeds', 'reports'] as const;
export type CacheOperation = (typeof CACHE_OPERATIONS)[number];

/** Seconds a read stays fresh when the connection's `cache` does not say otherwise (README "Caching"). */
export const DEFAULT_CACHE_TTL_SECONDS: Readonly<Record<CacheOperation, number>> = {
  meetings: 30,
  sessions: 10,
  participants: 10,
  recordings: 300,
  settings: 60,
  feeds: 60,
  // Alpemix allows 3 report calls a minute and a refresh needs two (today, yesterday): a minute apart fits.
  reports: 60,
};

/** The most a read may be kept: a cached answer older than an hour is no longer an answer. */
export const MAX_CACHE_TTL_SECONDS = 3600;

/** `cache` of a connection: false (off), or seconds per operation (0 turns one operation off). */
export type CacheSetting = false | Partial<Record<CacheOperation, number>>;

function isCacheSetting(value: unknown): boolean {
  if (value === false) return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([key, seconds]) =>
      (CACHE_OPERATIONS as readonly string[]).includes(key) &&
      Number.isInteger(seconds) &&
      (seconds as number) >= 0 &&
      (seconds as number) <= MAX_CACHE_TTL_SECONDS,
  );
}

/** `false` or a mapping of known operations to whole seconds in 0..3600. */
export function IsCacheSetting(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCacheSetting',
      validator: {
        validate: isCacheSetting,
        defaultMessage: (): string =>
          `must be false or a mapping of ${CACHE_OPERATIONS.join(', ')} to whole seconds from 0 to ${MAX_CACHE_TTL_SECONDS}`,
      },
    },
    options,
  );
}

/** The fresh time of each operation for one connection's setting, in seconds (0 = not cached). */
export function cacheTtls(setting: CacheSetting | undefined): Record<CacheOperation, number> {
  if (setting === false) return Object.fromEntries(CACHE_OPERATIONS.map((op) => [op, 0])) as Record<CacheOperation, number>;
  return { ...DEFAULT_CACHE_TTL_SECONDS, ...(setting ?? {}) };
}
