import type { VendorName } from '../datasources/records.js';
import type { VendorDatasource } from '../datasources/vendor.js';
import { toGlobalId, type NodeType } from './ids.js';

/** A unified record as resolvers see it: with its global id and the connection that produced it. */
export type OwnedRecord<T> = T & { id: string; connectionId: string; vendor: VendorName; __typename: NodeType };

export function own<T extends { nativeId: string }>(
  type: NodeType,
  ds: Pick<VendorDatasource, 'connectionId' | 'vendor'>,
  record: T,
): OwnedRecord<T> {
  return {
    ...record,
    id: toGlobalId(type, ds.connectionId, record.nativeId),
    connectionId: ds.connectionId,
    vendor: ds.vendor,
    __typename: type,
  };
}
