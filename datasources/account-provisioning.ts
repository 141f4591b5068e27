import type { AllocloudDatasource } from './allocloud/datasource.js';
import type { CallContext } from './request-memo.js';
import type { VendorDatasource } from './vendor.js';

/**
 * A vendor-specific operation outside the unified contract: resellers creating customer accounts (ALLOcloud
 * only today). Resolvers find it through `accountProvisioning(ds)`, never by importing a vendor's class, so
 * the resolver layer stays on this side of the vendor folders (docs/architecture.md, "Layers").
 */
export interface CreateAccountCommand {
  accountType: string;
  adminFirstname: string;
  adminLastname: string;
  adminEmail: string;
  adminPreferredLanguage: string;
  paidUntil: Date;
  sendPassword: boolean;
}

export interface ProvisionedAccountRecord {
  id: string;
  name: string;
  accountType: string;
  numberOfMeetings: number | null;
  paidUntil: Date | null;
  raw: unknown;
}

export interface AccountProvisioning {
  createAccount(input: CreateAccountCommand, ctx: CallContext): Promise<ProvisionedAccountRecord>;
}

/** The datasource's account operation, or null when its vendor has none. */
export function accountProvisioning(ds: VendorDatasource): AccountProvisioning | null {
  const candidate = ds as VendorDatasource & Partial<AccountProvisioning>;
  return typeof candidate.createAccount === 'function' ? (candidate as VendorDatasource & AccountProvisioning) : null;
}

/** Stops compiling when the ALLOcloud datasource no longer offers the operation with this shape. */
export const ALLOCLOUD_PROVISIONS_ACCOUNTS: AllocloudDatasource extends AccountProvisioning ? true : never = true;
