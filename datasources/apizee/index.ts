import { registerSecret } from '../../core/secrets.js';
import type { RunningSimulator, SimulatorOptions } from '../simulator-kit.js';
import { SharedToken, tokenKey } from '../shared-token.js';
import { connectionTransport, type VendorModule } from '../vendor-module.js';
import { ApizeeClient } from './client.js';
import { ApizeeConnectionConfig } from './config.js';
import { ApizeeDatasource } from './datasource.js';
import { APIZEE_SANDBOX_CREDENTIALS, APIZEE_SANDBOX_ENTERPRISE_ID, APIZEE_SANDBOX_TIMEZONE, startApizeeSimulator } from './simulator.js';

export { ApizeeConnectionConfig, ApizeeCredentials } from './config.js';
export { ApizeeDatasource, apizeeCapabilities } from './datasource.js';
export {
  APIZEE_SANDBOX_CREDENTIALS,
  APIZEE_SANDBOX_ENTERPRISE_ID,
  APIZEE_SANDBOX_TIMEZONE,
  startApizeeSimulator,
  type ApizeeSimulatorOptions,
  type ApizeeSimulatorState,
} from './simulator.js';

/** Apizee as the registry sees it (docs/vendors/apizee.md). */
export const apizeeModule: VendorModule<ApizeeConnectionConfig> = {
  vendor: 'apizee',
  connectionConfig: ApizeeConnectionConfig,
  cachedReads: {
    conferences: 'meetings',
    conference: 'meetings',
    tickets: 'meetings',
    'conference-media': 'recordings',
    'ticket-medias': 'recordings',
    session: 'sessions',
    'tickets-stats': 'sessions',
  },
  createDatasource(config, deps) {
    registerSecret(config.credentials.username);
    registerSecret(config.credentials.password);
    const { source, http, now } = connectionTransport('apizee', config, deps);
    const token = new SharedToken({ state: deps.state, key: tokenKey('apizee', config.id, [config.baseUrl, config.credentials]), now });
    return new ApizeeDatasource({
      connectionId: config.id,
      label: config.label ?? null,
      health: deps.health,
      client: new ApizeeClient({ source, http, credentials: config.credentials, now, token }),
      enterpriseId: config.enterpriseId ?? null,
      timezone: config.timezone ?? 'UTC',
      now,
    });
  },
  startSimulator(options?: SimulatorOptions): Promise<RunningSimulator> {
    return startApizeeSimulator(options);
  },
  sandboxConnection(simulator: RunningSimulator, id: string): Record<string, unknown> {
    return {
      id,
      vendor: 'apizee',
      label: 'Apizee (sandbox)',
      baseUrl: simulator.url,
      credentials: { ...APIZEE_SANDBOX_CREDENTIALS },
      enterpriseId: APIZEE_SANDBOX_ENTERPRISE_ID,
      timezone: APIZEE_SANDBOX_TIMEZONE,
    };
  },
};
