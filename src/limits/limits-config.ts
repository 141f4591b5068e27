import { IsInt, Max, Min } from 'class-validator';

/**
 * Per-request bounds (docs/architecture.md, "Limits"). Everything here is checked before any vendor is
 * called, except `vendorCallsPerRequest` and `requestDeadlineMs`, which the per-request call context
 * enforces while the request runs.
 */
export interface LimitsConfig {
  /** Deepest field nesting of an operation, fragments flattened. */
  depth: number;
  /** Aliased fields in an operation, counting every fragment spread. */
  aliases: number;
  /** Lexical tokens in the document; checked while parsing, so a huge document is never fully parsed. */
  tokens: number;
  /** Directives used in an operation, counting every fragment spread. */
  directives: number;
  /** Static cost: the vendor calls the operation can cause, multiplied out over list sizes. */
  cost: number;
  /** Distinct vendor calls one request may make at run time. */
  vendorCallsPerRequest: number;
  /** After this, what is still pending is reported as VENDOR_TIMEOUT and the answer goes out. */
  requestDeadlineMs: number;
}

/** The defaults a deployment keeps; `limits:` in the config overrides any of them. */
export const DEFAULT_LIMITS: Readonly<LimitsConfig> = Object.freeze({
  depth: 10,
  aliases: 15,
  tokens: 5000,
  directives: 50,
  cost: 5000,
  vendorCallsPerRequest: 200,
  requestDeadlineMs: 15_000,
});

/** The `limits:` section as class-validator checks it; every key is optional in the file (defaults fill in). */
export class LimitsConfigEntry implements LimitsConfig {
  @IsInt()
  @Min(1)
  @Max(100)
  depth!: number;

  @IsInt()
  @Min(0)
  @Max(1000)
  aliases!: number;

  @IsInt()
  @Min(100)
  @Max(1_000_000)
  tokens!: number;

  @IsInt()
  @Min(0)
  @Max(1000)
  directives!: number;

  @IsInt()
  @Min(1)
  @Max(10_000_000)
  cost!: number;

  @IsInt()
  @Min(1)
  @Max(100_000)
  vendorCallsPerRequest!: number;

  @IsInt()
  @Min(100)
  @Max(600_000)
  requestDeadlineMs!: number;
}
