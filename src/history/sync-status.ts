import type { VendorDatasource } from '../../datasources/vendor.js';
import { HistoryBackedDatasource } from './history-datasource.js';

/** What `VendorConnection.sync` shows. */
export interface SyncStatusView {
  enabled: boolean;
  lastRunAt: Date | null;
  lastError: string | null;
  coveredFrom: Date | null;
}

const DISABLED: SyncStatusView = { enabled: false, lastRunAt: null, lastError: null, coveredFrom: null };

/** The history sync state of a connection: disabled unless the history store keeps something for it. */
export async function syncStatusOf(ds: VendorDatasource): Promise<SyncStatusView> {
  if (!(ds instanceof HistoryBackedDatasource)) return DISABLED;
  const [kind] = ds.syncKinds();
  if (!kind) return DISABLED;
  return { enabled: true, ...(await ds.syncState(kind)) };
}
