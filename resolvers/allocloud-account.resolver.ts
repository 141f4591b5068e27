import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { accountProvisioning, type ProvisionedAccountRecord } from '../datasources/account-provisioning.js';
import { UnsupportedByVendorError } from '../datasources/vendor-errors.js';
import { CreateAllocloudAccountArgs } from '../schema/allocloud-account.input.js';
import { AllocloudAccount } from '../schema/allocloud-account.type.js';
import type { RequestContext } from '../src/context.js';

/** ALLOcloud-specific: resellers create customer accounts; no other vendor has this, so it is not in the unified model. */
@Resolver()
export class AllocloudAccountResolver {
  @Mutation(() => AllocloudAccount, {
    description: 'ALLOcloud only: create a customer account (reseller keys). Other vendors answer UNSUPPORTED_BY_VENDOR.',
  })
  createAllocloudAccount(
    @Args(() => CreateAllocloudAccountArgs) { connectionId, input }: CreateAllocloudAccountArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<ProvisionedAccountRecord> {
    const ds = ctx.connections.resolveRef(connectionId, 'connectionId');
    const accounts = accountProvisioning(ds);
    if (!accounts) throw new UnsupportedByVendorError({ vendor: ds.vendor, connectionId: ds.connectionId }, 'create ALLOcloud accounts');
    return accounts.createAccount({ ...input }, ctx.call);
  }
}
