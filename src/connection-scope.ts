import type { ConnectionRegistry } from '../datasources/registry.js';
import type { VendorName } from '../datasources/records.js';
import type { VendorDatasource } from '../datasources/vendor.js';
import { NotFoundError } from '../core/errors.js';
import { parseGlobalId } from './ids.js';
import type { Principal } from './principal.js';

/** The connections one caller may see: the registry narrowed to the principal's allowance. */
export class ConnectionScope {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly principal: Principal,
  ) {}

  all(): VendorDatasource[] {
    return this.registry.all().filter((d) => this.allows(d.connectionId));
  }

  /**
   * The datasource for a connection id. NOT_FOUND, with the same message, whether it does not exist or this
   * caller may not use it: a scoped client cannot learn which connections other clients have.
   */
  get(connectionId: string): VendorDatasource {
    const ds = this.registry.get(connectionId);
    if (!ds || !this.allows(connectionId)) throw new NotFoundError(`No connection "${shown(connectionId)}" is configured.`);
    return ds;
  }

  /** Accepts a plain connection id (`alfa`) or a VendorConnection global id. */
  resolveRef(ref: string, field: string): VendorDatasource {
    const connectionId = ref.startsWith('VendorConnection:') ? parseGlobalId(ref, field, 'VendorConnection').connectionId : ref;
    return this.get(connectionId);
  }

  /** The connections a list asks: the filter's, or every allowed one; `explicit` says the caller named them. */
  select(
    vendors: readonly VendorName[] | null | undefined,
    connectionRefs: readonly string[] | null | undefined,
    field: string,
  ): { selected: VendorDatasource[]; explicit: boolean } {
    const explicit = Boolean(vendors?.length || connectionRefs?.length);
    let selected = connectionRefs?.length
      ? dedupe(connectionRefs.map((ref, i) => this.resolveRef(ref, `${field}.connectionIds[${i}]`)))
      : this.all();
    if (vendors?.length) selected = selected.filter((d) => vendors.includes(d.vendor));
    return { selected, explicit };
  }

  private allows(connectionId: string): boolean {
    return this.principal.connections === null || this.principal.connections.has(connectionId);
  }
}

/** Connection ids are at most 64 characters (config); anything longer is cut rather than echoed whole. */
function shown(connectionId: string): string {
  return connectionId.length > 64 ? `${connectionId.slice(0, 64)}…` : connectionId;
}

function dedupe(list: VendorDatasource[]): VendorDatasource[] {
  return [...new Map(list.map((d) => [d.connectionId, d])).values()];
}
