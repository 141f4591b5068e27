import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionConfigBase } from '../../core/connection-config.js';

/** `credentials` of an ALLOcloud connection (docs/architecture.md "Configuration", docs/vendors/allocloud.md "Transport and auth"). */
export class AllocloudCredentials {
  /** Sent as `X-API-KEY` on every call, the iCalendar feeds included. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  apiKey!: string;

  /** Sent as `X-USER-ID` on meeting calls: required for instance-level keys, optional for account-level keys. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  userId?: string;
}

/** A `connections[]` entry with `vendor: allocloud`. */
export class AllocloudConnectionConfig extends ConnectionConfigBase {
  @ValidateNested()
  @Type(() => AllocloudCredentials)
  credentials!: AllocloudCredentials;

  /**
   * The account whose organizers' iCalendar feeds are the meeting list (docs/vendors/allocloud.md "Listing").
   * Without it, listing and get-by-id are UNSUPPORTED_BY_VENDOR; create/update still work.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  accountId?: string;
}
