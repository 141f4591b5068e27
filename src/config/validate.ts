import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { vendorModule } from '../../datasources/modules.js';
import type { VendorName } from '../../datasources/records.js';
import { DEFAULT_LIMITS, LimitsConfigEntry, type LimitsConfig } from '../limits/limits-config.js';
import { StoreConfigEntry, toStoreConfig, type StoreConfig } from './store-config.js';
import { registerSecret, SECRET_KEY_PATTERN } from '../../core/secrets.js';
import type { ClientConfig, MeetgraphConfig, ServerConfig } from './config.js';
import { ConnectionConfigBase, VENDOR_NAMES } from '../../core/connection-config.js';
import { ClientConfigEntry, ServerConfigEntry } from './entries.js';
import { DEFAULT_CORS_MAX_AGE_SECONDS } from './cors-config.js';
import { redisPassword, StateConfigEntry, type StateConfig } from './state-config.js';
import { DEFAULT_KEY_PREFIX } from '../state/redis-store.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** class-validator errors as `path: message` lines; "required" for missing values, never the value itself. */
function flatten(errors: ValidationError[], prefix: string): string[] {
  const out: string[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      const c = error.constraints;
      if (error.value === undefined || error.value === null || c.isDefined) out.push(`${path}: required`);
      else if (c.whitelistValidation) out.push(`${path}: unknown setting`);
      else out.push(...Object.values(c).map((m) => `${path}: ${m.replace(new RegExp(`^${error.property} `), '')}`));
    }
    if (error.children?.length) out.push(...flatten(error.children, path));
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Registers every secret-looking string under `credentials` and every client key, for log/error scrubbing. */
function registerSecrets(value: unknown, key = ''): void {
  if (typeof value === 'string') {
    if (SECRET_KEY_PATTERN.test(key)) registerSecret(value);
    return;
  }
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) registerSecrets(v, k);
}

/**
 * Validates a parsed, interpolated config document. Every problem is collected (not just the first) and
 * reported by path, e.g. `connections[2].credentials.license: required`.
 */
export function validateConfig(doc: unknown, env: NodeJS.ProcessEnv, sandbox = false): MeetgraphConfig {
  const problems: string[] = [];
  const root = isRecord(doc) ? doc : {};
  if (!isRecord(doc)) problems.push('(root): must be a mapping with `connections`');
  for (const key of Object.keys(root)) {
    if (!['server', 'clients', 'connections', 'limits', 'store', 'state'].includes(key)) problems.push(`${key}: unknown setting`);
  }

  const serverPlain = { port: 4000, host: '0.0.0.0', subgraph: false, ...(isRecord(root.server) ? root.server : {}) };
  if (env.PORT !== undefined) serverPlain.port = Number(env.PORT);
  const server = plainToInstance(ServerConfigEntry, serverPlain);
  problems.push(...flatten(validateSync(server, VALIDATION), 'server'));
  if (server.adminPort != null && server.adminPort !== 0 && server.adminPort === server.port) {
    problems.push('server.adminPort: must differ from server.port');
  }

  // `store`: absent = the embedded default, `false` = no history (README "History").
  let store: StoreConfig | null = toStoreConfig(new StoreConfigEntry());
  if (root.store === false) store = null;
  else if (root.store !== undefined && root.store !== null) {
    if (!isRecord(root.store)) problems.push('store: must be a mapping, or false to keep no history');
    else {
      const entry = plainToInstance(StoreConfigEntry, root.store);
      problems.push(...flatten(validateSync(entry, VALIDATION), 'store'));
      store = toStoreConfig(entry);
    }
  }

  let limits: LimitsConfig = { ...DEFAULT_LIMITS };
  if (root.limits !== undefined && root.limits !== null) {
    if (!isRecord(root.limits)) problems.push('limits: must be a mapping');
    else {
      const entry = plainToInstance(LimitsConfigEntry, { ...DEFAULT_LIMITS, ...root.limits });
      problems.push(...flatten(validateSync(entry, VALIDATION), 'limits'));
      limits = { ...entry };
    }
  }

  let state: StateConfig | null = null;
  if (root.state !== undefined && root.state !== null) {
    if (!isRecord(root.state)) problems.push('state: must be a mapping with `redis: { url }`');
    else {
      if (isRecord(root.state.redis) && typeof root.state.redis.url === 'string') registerSecret(redisPassword(root.state.redis.url));
      const entry = plainToInstance(StateConfigEntry, root.state);
      const stateProblems = flatten(validateSync(entry, VALIDATION), 'state');
      problems.push(...stateProblems);
      if (stateProblems.length === 0) state = { redis: { url: entry.redis.url, keyPrefix: entry.redis.keyPrefix ?? DEFAULT_KEY_PREFIX } };
    }
  }

  let clients: ClientConfig[] | null = null;
  if (root.clients !== undefined && root.clients !== null) {
    if (!Array.isArray(root.clients)) problems.push('clients: must be a list');
    else {
      clients = root.clients.map((plain, i) => {
        const entry = plainToInstance(ClientConfigEntry, isRecord(plain) ? plain : {});
        problems.push(...flatten(validateSync(entry, VALIDATION), `clients[${i}]`));
        registerSecret(entry.apiKey);
        return { name: entry.name, apiKey: entry.apiKey, connections: entry.connections ?? null };
      });
    }
  }

  const connections: Array<{ index: number; entry: ConnectionConfigBase }> = [];
  if (!Array.isArray(root.connections)) {
    problems.push('connections: required (a list of vendor accounts)');
  } else {
    root.connections.forEach((plain, i) => {
      const path = `connections[${i}]`;
      if (!isRecord(plain)) return problems.push(`${path}: must be a mapping`);
      registerSecrets(plain.credentials, 'credentials');
      const vendor = plain.vendor as VendorName;
      const module = VENDOR_NAMES.includes(vendor) ? vendorModule(vendor) : undefined;
      if (!module) {
        problems.push(`${path}.vendor: must be one of ${VENDOR_NAMES.join(', ')}`);
        return;
      }
      const entry = plainToInstance(module.connectionConfig, plain) as ConnectionConfigBase;
      problems.push(...flatten(validateSync(entry, VALIDATION), path));
      connections.push({ index: i, entry });
    });
    const seen = new Set<string>();
    for (const { index, entry } of connections) {
      if (seen.has(entry.id)) problems.push(`connections[${index}].id: duplicate id "${entry.id}"`);
      seen.add(entry.id);
    }
    clients?.forEach((client, i) =>
      client.connections?.forEach((id, j) => {
        if (!seen.has(id)) problems.push(`clients[${i}].connections[${j}]: no connection with id "${id}"`);
      }),
    );
  }

  if (problems.length) throw new ConfigError(problems);
  const serverConfig: ServerConfig = {
    port: server.port,
    host: server.host,
    subgraph: server.subgraph,
    adminPort: server.adminPort ?? null,
    cors: server.cors ? { origins: server.cors.origins, maxAgeSeconds: server.cors.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS } : null,
  };
  return { server: serverConfig, clients, connections: connections.map((c) => c.entry), limits, store, state, sandbox };
}
