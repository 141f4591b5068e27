import { Type } from 'class-transformer';
import { IsNotEmpty, IsNotEmptyObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionConfigBase } from '../../core/connection-config.js';

/** VConnct authenticates every call with a Business Partner license key sent as the `license` header. */
export class VconnctCredentials {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  license!: string;
}

export class VconnctConnectionConfig extends ConnectionConfigBase {
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => VconnctCredentials)
  credentials!: VconnctCredentials;

  /**
   * Sent as `Accept-Language` (optional header in the doc). Defaults to `en` so the error texts meetgraph
   * quotes and matches (license limits, expiry) come in English rather than Arabic.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a language tag such as "en" or "ar"' })
  acceptLanguage?: string;
}
