import type { VendorDatasource } from '../datasources/vendor.js';
import type { HealthSnapshot } from '../datasources/health.js';
import { connectionGlobalId } from './ids.js';

export interface ConnectionView {
  __typename: 'VendorConnection';
  id: string;
  connectionId: string;
  vendor: string;
  label: string | null;
  capabilities: string[];
  health: HealthSnapshot;
}

/** What `VendorConnection` shows of a datasource; health is read at resolve time. */
export function connectionView(ds: VendorDatasource): ConnectionView {
  return {
    __typename: 'VendorConnection',
    id: connectionGlobalId(ds.connectionId),
    connectionId: ds.connectionId,
    vendor: ds.vendor,
    label: ds.label,
    capabilities: [...ds.capabilities].sort(),
    health: ds.health.snapshot(),
  };
}
