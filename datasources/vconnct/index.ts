import { registerSecret } from '../../core/secrets.js';
import type { RunningSimulator, SimulatorOptions } from '../simulator-kit.js';
import { connectionTransport, type DatasourceDeps, type VendorModule } from '../vendor-module.js';
import { VconnctClient } from './client.js';
import { VconnctConnectionConfig } from './config.js';
import { VconnctDatasource } from './datasource.js';

export { VconnctDatasource, vconnctCapabilities, type VconnctDatasourceOptions } from './datasource.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE } from './simulator.js';

export function createVconnctDatasource(config: VconnctConnectionConfig, deps: DatasourceDeps): VconnctDatasource {
  registerSecret(config.credentials.license);
  // English error texts: the quota matcher reads them (client.ts isVconnctQuotaMessage).
  const { source, http } = connectionTransport('vconnct', config, deps, { 'accept-language': config.acceptLanguage ?? 'en' });
  const client = new VconnctClient(http, source, config.credentials.license, deps.health);
  return new VconnctDatasource({ connectionId: config.id, label: config.label ?? null, health: deps.health, client });
}

export const vconnctModule: VendorModule<VconnctConnectionConfig> = {
  vendor: 'vconnct',
  connectionConfig: VconnctConnectionConfig,
  cachedReads: {
    list_meetings: 'meetings',
    list_sessions: 'sessions',
    list_attendance: 'participants',
    list_setting: 'settings',
    get_record: 'recordings',
  },
  createDatasource: createVconnctDatasource,
  startSimulator: (options?: SimulatorOptions): Promise<RunningSimulator> => startVconnctSimulator(options),
  sandboxConnection: (simulator: RunningSimulator, id: string): Record<string, unknown> => ({
    id,
    vendor: 'vconnct',
    label: 'VConnct (sandbox)',
    baseUrl: simulator.url,
    credentials: { license: VCONNCT_SANDBOX_LICENSE },
  }),
};
