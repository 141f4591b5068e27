import { registerSecret } from '../../core/secrets.js';
import { connectionTransport, type VendorModule } from '../vendor-module.js';
import { AllocloudClient } from './client.js';
import { AllocloudConnectionConfig } from './config.js';
import { AllocloudDatasource, isCompleteFeedIndex } from './datasource.js';
import {
  ALLOCLOUD_SANDBOX_ACCOUNT_ID,
  ALLOCLOUD_SANDBOX_API_KEY,
  ALLOCLOUD_SANDBOX_USER_ID,
  startAllocloudSimulator,
  type AllocloudSimulatorState,
} from './simulator.js';
import type { RunningSimulator } from '../simulator-kit.js';

export { AllocloudConnectionConfig, AllocloudCredentials } from './config.js';
export { AllocloudDatasource, allocloudCapabilities } from './datasource.js';
export type { AllocloudAccountRecord, AllocloudCreateAccountInput } from './types.js';

export const allocloudModule: VendorModule<AllocloudConnectionConfig> = {
  vendor: 'allocloud',
  connectionConfig: AllocloudConnectionConfig,
  // The organizers and their raw iCalendar feeds are shared; the parsed index stays in this process.
  cachedReads: {
    'account-admin': 'feeds',
    ics: 'feeds',
    'feed-index': { operation: 'feeds', shared: false, keep: isCompleteFeedIndex },
  },
  createDatasource(config, deps) {
    registerSecret(config.credentials.apiKey);
    const { source, http } = connectionTransport('allocloud', config, deps);
    const client = new AllocloudClient({
      http,
      source,
      baseUrl: config.baseUrl,
      apiKey: config.credentials.apiKey,
      userId: config.credentials.userId ?? null,
      health: deps.health,
    });
    return new AllocloudDatasource({
      connectionId: config.id,
      label: config.label ?? null,
      health: deps.health,
      client,
      baseUrl: config.baseUrl,
      accountId: config.accountId ?? null,
      userId: config.credentials.userId ?? null,
      now: deps.now ?? (() => new Date()),
    });
  },
  startSimulator: (options) => startAllocloudSimulator(options),
  sandboxConnection(simulator: RunningSimulator, id: string) {
    return {
      id,
      vendor: 'allocloud',
      label: 'ALLOcloud Web Meeting (sandbox)',
      baseUrl: simulator.url,
      credentials: { apiKey: ALLOCLOUD_SANDBOX_API_KEY, userId: ALLOCLOUD_SANDBOX_USER_ID },
      accountId: ALLOCLOUD_SANDBOX_ACCOUNT_ID,
    };
  },
};

export type { AllocloudSimulatorState };
