import { ArrayUnique, IsArray, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

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
