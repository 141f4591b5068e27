import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { ConnectionConfigBase } from '../../core/connection-config.js';
import { IsIanaTimezone } from '../../core/validators.js';

/** The Apizee account meetgraph signs in with (password grant on `POST /token`). */
export class ApizeeCredentials {
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  username!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;
}

/** A `connections[]` entry with `vendor: apizee` (docs/architecture.md "Configuration", docs/vendors/apizee.md "Configuration"). */
export class ApizeeConnectionConfig extends ConnectionConfigBase {
  @IsDefined()
  @ValidateNested()
  @Type(() => ApizeeCredentials)
  credentials!: ApizeeCredentials;

  /** Needed for ticket medias and ticket statistics; without it those parts are unsupported. */
  @IsOptional()
  @IsInt()
  @Min(1)
  enterpriseId?: number;

  /** The zone of the zoneless dates in ticket statistics; default UTC. */
  @IsOptional()
  @IsString()
  @IsIanaTimezone()
  timezone?: string;
}
