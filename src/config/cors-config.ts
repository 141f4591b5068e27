import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** An origin as browsers send it: scheme, host and optional port, no path; or `*` for any origin. */
const ORIGIN = /^(\*|https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)$/;

/**
 * `server.cors`: the browser origins (other than meetgraph's own) whose pages may call `/graphql`. API keys
 * travel in the Authorization header, not in cookies, so no credentials mode is needed or offered.
 */
export class CorsConfigEntry {
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(ORIGIN, { each: true, message: 'each must be an origin like https://app.example.com (no path), or "*"' })
  origins!: string[];

  /** How long a browser may reuse a preflight answer. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  maxAgeSeconds?: number;
}

export interface CorsConfig {
  origins: string[];
  maxAgeSeconds: number;
}

export const DEFAULT_CORS_MAX_AGE_SECONDS = 600;
