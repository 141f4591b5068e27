import { Type } from 'class-transformer';
import {
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { ConnectionConfigBase } from '../../core/connection-config.js';

/**
 * Either an API key `{ clientId, code, companyId }` (authorizationCodeCredentials; clientId = key name,
 * code = key secret) or a user `{ username, password, companyId }` (usernamePasswordCredentials).
 * Which shape was given is checked on the `credentials` property itself (see AlfaviewCredentialShape).
 */
export class AlfaviewCredentials {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  clientId?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  code?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  username?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  password?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  companyId!: string;
}

export type AlfaviewCredentialFlow = 'authorizationCode' | 'usernamePassword';

/** Which of the two documented flows a credentials object selects, or null when it is neither or both. */
export function alfaviewCredentialFlow(credentials: Partial<AlfaviewCredentials> | null | undefined): AlfaviewCredentialFlow | null {
  if (!credentials || typeof credentials !== 'object') return null;
  const has = (v: unknown): boolean => v !== undefined && v !== null && v !== '';
  const apiKey = has(credentials.clientId) || has(credentials.code);
  const user = has(credentials.username) || has(credentials.password);
  if (apiKey === user) return null;
  if (apiKey) return has(credentials.clientId) && has(credentials.code) ? 'authorizationCode' : null;
  return has(credentials.username) && has(credentials.password) ? 'usernamePassword' : null;
}

@ValidatorConstraint({ name: 'alfaviewCredentialShape', async: false })
export class AlfaviewCredentialShape implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return alfaviewCredentialFlow(value as Partial<AlfaviewCredentials>) !== null;
  }

  defaultMessage(): string {
    return 'must be exactly one of { clientId, code, companyId } (API key) or { username, password, companyId }';
  }
}

export class AlfaviewConnectionConfig extends ConnectionConfigBase {
  @IsObject()
  @Validate(AlfaviewCredentialShape)
  @ValidateNested()
  @Type(() => AlfaviewCredentials)
  credentials!: AlfaviewCredentials;
}
