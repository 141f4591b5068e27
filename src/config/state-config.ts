import { Type } from 'class-transformer';
import { IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

export class RedisStateEntry {
  /** `redis://[:password@]host:6379/0` or `rediss://` (TLS); `${NAME}` references are expanded like everywhere else. */
  @IsString()
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'must be a redis:// or rediss:// URL' })
  url!: string;

  /** Every key meetgraph writes starts with it (default `meetgraph:`), so one Redis database can serve others too. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'must be 1-64 letters, digits or _ . : -' })
  keyPrefix?: string;
}

/** `state:` — where replicas share tokens, rate budgets and idempotency keys; absent = this process's memory. */
export class StateConfigEntry {
  @ValidateNested()
  @Type(() => RedisStateEntry)
  redis!: RedisStateEntry;
}

/** The validated `state` section; null = in-process memory (one replica needs nothing else). */
export interface StateConfig {
  redis: { url: string; keyPrefix: string };
}

/** The password of a Redis URL, if any: registered as a secret so logs and errors never show it. */
export function redisPassword(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.password ? decodeURIComponent(parsed.password) : null;
  } catch {
    return null;
  }
}
