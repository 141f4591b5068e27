import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CorsConfigEntry } from './cors-config.js';

export class ServerConfigEntry {
  @IsInt()
  @Min(0)
  @Max(65535)
  port!: number;

  @IsString()
  host!: string;

  @IsBoolean()
  subgraph!: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  adminPort?: number | null;

  /** Browser origins allowed to call the API from their pages; none when absent (same origin only). */
  @IsOptional()
  @ValidateNested()
  @Type(() => CorsConfigEntry)
  cors?: CorsConfigEntry;
}

export class ClientConfigEntry {
  @IsString()
  @Matches(/^[A-Za-z0-9_. -]{1,64}$/, { message: 'must be 1-64 letters, digits, spaces, ".", "_" or "-"' })
  name!: string;

  /** Sent as "Authorization: Bearer <key>"; short keys are guessable. */
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  apiKey!: string;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  connections?: string[];
}
