import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IANAZone } from 'luxon';
import { ConnectionConfigBase } from '../../src/config/connection-base.js';

/** A real IANA zone name (luxon knows it), e.g. `Europe/Paris`; offsets and abbreviations are refused. */
export function IsIanaTimezone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIanaTimezone',
      validator: {
        validate: (value: unknown): boolean => typeof value === 'string' && IANAZone.isValidZone(value),
        defaultMessage: (): string => 'must be an IANA time zone such as "Europe/Paris"',
      },
    },
    options,
  );
}

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
