import { registerSecret } from '../../core/secrets.js';
import type { RunningSimulator, SimulatorOptions } from '../simulator-kit.js';
import { SharedToken, tokenKey } from '../shared-token.js';
import { connectionTransport, type VendorModule } from '../vendor-module.js';
import { AlfaviewClient } from './client.js';
import { AlfaviewConnectionConfig } from './config.js';
import { AlfaviewDatasource } from './datasource.js';
import { ALFAVIEW_SANDBOX_CREDENTIALS, startAlfaviewSimulator } from './simulator.js';

export const alfaviewModule: VendorModule<AlfaviewConnectionConfig> = {
  vendor: 'alfaview',
  connectionConfig: AlfaviewConnectionConfig,
  // roomService/list (all rooms, or a batch by id) and roomService/status (live state) of a batch of rooms.
  cachedReads: { rooms: 'meetings', 'room-batch': 'meetings', 'status-batch': 'sessions' },
  createDatasource(config, deps) {
    const { credentials } = config;
    for (const value of [credentials.clientId, credentials.code, credentials.username, credentials.password, credentials.companyId])
      registerSecret(value);
    const { source, http, now } = connectionTransport('alfaview', config, deps);
    const token = new SharedToken({ state: deps.state, key: tokenKey('alfaview', config.id, [config.baseUrl, credentials]), now });
    const client = new AlfaviewClient({ http, source, credentials, logger: deps.logger, health: deps.health, now, token });
    const { health, logger } = deps;
    return new AlfaviewDatasource({ connectionId: config.id, label: config.label ?? null, health, client, logger, now });
  },
  startSimulator(options?: SimulatorOptions): Promise<RunningSimulator> {
    return startAlfaviewSimulator(options);
  },
  sandboxConnection(simulator, id) {
    return {
      id,
      vendor: 'alfaview',
      label: 'alfaview (sandbox)',
      baseUrl: simulator.url,
      credentials: { ...ALFAVIEW_SANDBOX_CREDENTIALS },
    };
  },
};

export { AlfaviewDatasource, alfaviewCapabilities, type AlfaviewDatasourceOptions } from './datasource.js';
export { AlfaviewConnectionConfig, AlfaviewCredentials } from './config.js';
export {
  ALFAVIEW_SANDBOX_CREDENTIALS,
  ALFAVIEW_SANDBOX_USER,
  ALFAVIEW_SANDBOX_VIEWER,
  ALFAVIEW_SANDBOX_COMPANY_ID,
  startAlfaviewSimulator,
  type AlfaviewSimulatorState,
  type AlfaviewSimulatorOptions,
} from './simulator.js';
