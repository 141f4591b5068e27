import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

export class PostgresStoreEntry {
  /** `postgres://user@host:5432/db`; `${NAME}` references are expanded like everywhere else. */
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  url!: string;

  /** Keeps meetgraph's tables in their own schema of a shared database. */
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lowercase SQL identifier' })
  schema?: string;
}

export class SyncIntervalsEntry {
  @IsOptional()
  @IsInt()
  @Min(20)
  @Max(86_400)
  alpemixSeconds?: number;

  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(86_400)
  alfaviewSeconds?: number;
}

/**
 * `store:` — where history lives (README "History"): PostgreSQL when `postgres.url` is set, else an embedded
 * PostgreSQL (PGlite) in `path`; `store: false` turns history off.
 */
export class StoreConfigEntry {
  @IsOptional()
  @ValidateNested()
  @Type(() => PostgresStoreEntry)
  postgres?: PostgresStoreEntry;

  /** Folder of the embedded store (default ./data/history, relative to the working directory). */
  @IsOptional()
  @IsString()
  path?: string;

  /** Rows older than this many days are deleted (default 90). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  retentionDays?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => SyncIntervalsEntry)
  sync?: SyncIntervalsEntry;
}

/** The validated `store` section; `null` = history off. */
export interface StoreConfig {
  location: { kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string; schema?: string } | { kind: 'memory' };
  retentionDays: number;
  alpemixIntervalMs: number;
  alfaviewIntervalMs: number;
}

export const STORE_DEFAULTS = { path: './data/history', retentionDays: 90, alpemixSeconds: 60, alfaviewSeconds: 60 } as const;

export function toStoreConfig(entry: StoreConfigEntry): StoreConfig {
  return {
    location: entry.postgres
      ? { kind: 'postgres', url: entry.postgres.url, schema: entry.postgres.schema }
      : { kind: 'embedded', dataDir: entry.path ?? STORE_DEFAULTS.path },
    retentionDays: entry.retentionDays ?? STORE_DEFAULTS.retentionDays,
    alpemixIntervalMs: (entry.sync?.alpemixSeconds ?? STORE_DEFAULTS.alpemixSeconds) * 1000,
    alfaviewIntervalMs: (entry.sync?.alfaviewSeconds ?? STORE_DEFAULTS.alfaviewSeconds) * 1000,
  };
}
