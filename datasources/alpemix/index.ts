import { registerSecret } from '../../core/secrets.js';
import type { RunningSimulator } from '../simulator-kit.js';
import { accountKey, SharedToken, tokenKey } from '../shared-token.js';
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
    const egress = config.budgetGroup ?? defaultAlpemixBudgetGroup(config.baseUrl);
    const budgets = alpemixBudgetGroup(egress, now, deps.state);
    const { baseUrl, credentials } = config;
    // A token is bound to the caller's IP (docs/vendors/alpemix.md "Access token"): replicas share it per egress only.
    const token = new SharedToken({ state: deps.state, key: tokenKey('alpemix', config.id, [baseUrl, credentials, egress]), now });
    const client = new AlpemixClient({ http, baseUrl, source, credentials, health: deps.health, now, budgets, token });
    return new AlpemixDatasource({
      connectionId: config.id,
      label: config.label ?? null,
      health: deps.health,
      client,
      timezone: config.timezone ?? ALPEMIX_DEFAULT_TIMEZONE,
      now,
      sharedReports: { state: deps.state, key: accountKey('reports', 'alpemix', config.id, [baseUrl, credentials]) },
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
