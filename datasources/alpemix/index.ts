import { registerSecret } from '../../core/secrets.js';
import type { RunningSimulator } from '../simulator-kit.js';
import { connectionTransport, type VendorModule } from '../vendor-module.js';
import { alpemixBudgetGroup, defaultAlpemixBudgetGroup } from './budget-group.js';
import { AlpemixClient } from './client.js';
import { ALPEMIX_DEFAULT_TIMEZONE, AlpemixConnectionConfig } from './config.js';
import { AlpemixDatasource } from './datasource.js';
import { ALPEMIX_SANDBOX_CREDENTIALS, startAlpemixSimulator } from './simulator.js';

export const alpemixModule: VendorModule<AlpemixConnectionConfig> = {
  vendor: 'alpemix',
  connectionConfig: AlpemixConnectionConfig,
  // The report calls of a request's days: 3 a minute at most, so kept long enough that a refresh fits the budget.
  cachedReads: { 'report-batch': 'reports' },
  createDatasource(config, deps) {
    registerSecret(config.credentials.secretKey);
    registerSecret(config.credentials.mainUsername);
    const { source, http, now } = connectionTransport('alpemix', config, deps);
    const budgets = alpemixBudgetGroup(config.budgetGroup ?? defaultAlpemixBudgetGroup(config.baseUrl), now);
    const { baseUrl, credentials } = config;
    const client = new AlpemixClient({ http, baseUrl, source, credentials, health: deps.health, now, budgets });
    return new AlpemixDatasource({
      connectionId: config.id,
      label: config.label ?? null,
      health: deps.health,
      client,
      timezone: config.timezone ?? ALPEMIX_DEFAULT_TIMEZONE,
      now,
    });
  },
  startSimulator: (options) => startAlpemixSimulator(options),
  sandboxConnection(simulator: RunningSimulator, id: string) {
    return {
      id,
      vendor: 'alpemix',
      label: 'Alpemix (sandbox)',
      baseUrl: simulator.url,
      credentials: { ...ALPEMIX_SANDBOX_CREDENTIALS },
      timezone: ALPEMIX_DEFAULT_TIMEZONE,
    };
  },
};

export { AlpemixClient } from './client.js';
export { alpemixBudgetGroup, defaultAlpemixBudgetGroup, ALPEMIX_REPORT_LIMIT, ALPEMIX_TOKEN_LIMIT } from './budget-group.js';
export { AlpemixConnectionConfig, AlpemixCredentials, ALPEMIX_DEFAULT_TIMEZONE } from './config.js';
export { AlpemixDatasource, alpemixCapabilities } from './datasource.js';
export {
  ALPEMIX_SANDBOX_CREDENTIALS,
  AlpemixSimulatorState,
  startAlpemixSimulator,
  type AlpemixSimulatorOptions,
  type AlpemixSimConnection,
} from './simulator.js';
