import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsCacheSetting, type CacheSetting } from './cache-config.js';
import { VENDOR_NAMES, type VendorName } from './vendor-name.js';

export { VENDOR_NAMES };

/** `breaker` of a connection: consecutive failed vendor calls that open the circuit, and how long it stays open. */
export class BreakerConfig {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  failures?: number;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  cooldownMs?: number;
}

export const DEFAULT_BREAKER = { failures: 5, cooldownMs: 30_000 } as const;

/** The most calls in flight a connection may be given (`maxConcurrency`). */
export const MAX_CONNECTION_CONCURRENCY = 256;

/**
 * The fields every `connections[]` entry has (docs/architecture.md, "Configuration"). Each vendor extends it with its own
 * `credentials` class and options in `datasources/<vendor>/config.ts`.
 */
export class ConnectionConfigBase {
  /** Becomes part of every global id, so it must be URL- and id-safe. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, "_" or "-"' })
  id!: string;

  @IsIn(VENDOR_NAMES as string[])
  vendor!: VendorName;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  baseUrl!: string;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(120_000)
  timeoutMs?: number;

  /**
   * Calls a minute meetgraph makes to this connection, counted across every replica when `state.redis` is set.
   * A call over it waits for the next window (up to a few seconds), else fails VENDOR_RATE_LIMITED unsent.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rateLimit?: number;

  /**
   * Calls in flight to this connection at once, across every GraphQL request of the process; the vendor's
   * default (datasources/concurrency.ts) when absent. More calls wait their turn in arrival order.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CONNECTION_CONCURRENCY)
  maxConcurrency?: number;

  /** After `failures` consecutive failed calls (timeouts, resets, 5xx, garbage) calls fail fast for `cooldownMs`. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BreakerConfig)
  breaker?: BreakerConfig;

  /** Vendor-call cache: seconds per operation, or false to ask the vendor on every request (README "Caching"). */
  @IsOptional()
  @IsCacheSetting()
  cache?: CacheSetting;
}
