import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionConfigBase } from '../../core/connection-config.js';
import { IsIanaTimezone } from '../../core/validators.js';

/** Default zone of the vendor's `dt` strings (docs/vendors/alpemix.md "Reports": Alpemix is a Turkish service). */
export const ALPEMIX_DEFAULT_TIMEZONE = 'Europe/Istanbul';

/** From alpemix.com/webapi/login.htm (published page "Steps to Follow"). */
export class AlpemixCredentials {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  mainUsername!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  secretKey!: string;
}

export class AlpemixConnectionConfig extends ConnectionConfigBase {
  @ValidateNested()
  @Type(() => AlpemixCredentials)
  credentials!: AlpemixCredentials;

  /** Zone the vendor writes `dt` in and counts "today"/"yesterday" in; default Europe/Istanbul. */
  @IsOptional()
  @IsIanaTimezone()
  timezone?: string;

  /**
   * Connections with the same budget group share one Alpemix call budget, because the vendor counts and blocks
   * per caller IP (docs/vendors/alpemix.md "Limits"). Default: the host of `baseUrl`, so every connection to one
   * Alpemix endpoint from this process shares. Give distinct names only to connections that leave through
   * different egress IPs.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'must be 1-100 letters, digits, ".", "_", ":" or "-"' })
  budgetGroup?: string;
}
