import { Writable } from 'node:stream';
import { VENDOR_MODULES } from '../../datasources/modules.js';
import type { VendorName } from '../../datasources/records.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import type { RequestLimits } from '../../src/context.js';
import { createLogger } from '../../core/logger.js';
import { startApi, type TestApi } from './api.js';

export const VENDORS: VendorName[] = ['alfaview', 'allocloud', 'alpemix', 'apizee', 'vconnct'];

/** A credential planted in the config; simulators are made to echo it, and it must surface nowhere. */
export const CANARY = 'canary-Zq7vX2pL9kW4mR8tY3nB6cJ1';

/** Every simulator once per file; the Alpemix one on a clock the tests move (its limits are per minute). */
export interface Simulators {
  sims: Record<VendorName, RunningSimulator>;
  /** Moves the Alpemix simulator's clock past its per-minute windows. */
  nextAlpemixMinute(): void;
  close(): Promise<void>;
}

export async function startSimulators(): Promise<Simulators> {
  let offset = 0;
  const sims = {} as Record<VendorName, RunningSimulator>;
  for (const vendor of VENDORS) {
    const options = vendor === 'alpemix' ? { seed: 42, clock: () => new Date(Date.now() + offset) } : { seed: 42 };
    sims[vendor] = await VENDOR_MODULES[vendor].startSimulator(options);
  }
  return {
    sims,
    nextAlpemixMinute: () => {
      offset += 61_000;
    },
    close: async () => {
      await Promise.all(Object.values(sims).map((s) => s.close()));
    },
  };
}

export interface RigOptions {
  /** Extra fields per vendor's connection entry (timeoutMs, breaker). */
  connection?: Partial<Record<VendorName, Record<string, unknown>>>;
  limits?: RequestLimits;
  /** Adds a VConnct connection whose license is the canary. */
  canaryConnection?: boolean;
  /** The config's `clients` (absent: one open client). */
  clients?: Array<Record<string, unknown>>;
}

export interface Rig {
  api: TestApi;
  /** Every log line the server wrote (level debug). */
  logs: string[];
  stop(): Promise<void>;
}

let rigs = 0;

/**
 * A fresh server (fresh breakers, tokens and budgets) over the shared simulators, logging at debug into `logs`.
 * Alpemix budgets are shared per egress for the life of the process, so each rig names a budget group of its own.
 */
export async function startRig(simulators: Simulators, options: RigOptions = {}): Promise<Rig> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  rigs += 1;
  const connections: Array<Record<string, unknown>> = VENDORS.map((vendor) => ({
    ...VENDOR_MODULES[vendor].sandboxConnection(simulators.sims[vendor], vendor),
    ...(vendor === 'alpemix' ? { budgetGroup: `fault-rig-${rigs}` } : {}),
    ...options.connection?.[vendor],
  }));
  if (options.canaryConnection) {
    connections.push({ id: 'canary', vendor: 'vconnct', baseUrl: simulators.sims.vconnct.url, credentials: { license: CANARY } });
  }
  // Per-connection metrics (circuit state) are served on the admin port only.
  const doc = { server: { adminPort: 0 }, connections, ...(options.clients ? { clients: options.clients } : {}) };
  const api = await startApi(doc, { limits: options.limits, logger: createLogger('debug', sink) });
  return { api, logs, stop: () => api.stop() };
}

/** The given vendors' list sources and nodes for a list query. */
export function listQuery(list: 'meetings' | 'connectionReports'): string {
  return `query($vendors: [Vendor!]) { ${list}(first: 50, filter: { vendors: $vendors }) {
    nodes { id vendor }
    sources { state connection { vendor } error { code message retryable retryAfterSeconds } }
  } }`;
}
