import { VENDOR_MODULES } from '../datasources/modules.js';
import type { VendorName } from '../datasources/records.js';
import type { RunningSimulator, SimulatorOptions } from '../datasources/simulator-kit.js';
import type { MeetgraphConfig } from './config/config.js';
import { validateConfig } from './config/validate.js';

export interface Sandbox {
  config: MeetgraphConfig;
  simulators: Partial<Record<VendorName, RunningSimulator>>;
  close(): Promise<void>;
}

/** Connection ids in sandbox mode: short, so demo ids stay readable. */
export const SANDBOX_CONNECTION_IDS: Record<VendorName, string> = {
  alfaview: 'alfaview-demo',
  allocloud: 'allocloud-demo',
  alpemix: 'alpemix-demo',
  apizee: 'apizee-demo',
  vconnct: 'vconnct-demo',
};

/**
 * Sandbox mode (docs/architecture.md, "Sandbox"): every vendor's simulator on a loopback port with seeded demo data, and a
 * config pointing at them that goes through the same validation as a real one.
 */
export async function startSandbox(env: NodeJS.ProcessEnv, options: SimulatorOptions = {}): Promise<Sandbox> {
  const simulators: Partial<Record<VendorName, RunningSimulator>> = {};
  const connections: Array<Record<string, unknown>> = [];
  try {
    for (const [vendor, module] of Object.entries(VENDOR_MODULES) as Array<
      [VendorName, NonNullable<(typeof VENDOR_MODULES)[VendorName]>]
    >) {
      const simulator = await module.startSimulator({ seed: 42, ...options });
      simulators[vendor] = simulator;
      connections.push(module.sandboxConnection(simulator, SANDBOX_CONNECTION_IDS[vendor]));
    }
    const config = validateConfig({ server: { port: 4000, host: '127.0.0.1' }, connections }, env);
    // History in memory: the simulated vendors start afresh each time, so there is nothing worth keeping on disk.
    const store = config.store && { ...config.store, location: { kind: 'memory' as const } };
    return { config: { ...config, store, sandbox: true }, simulators, close: () => closeAll(simulators) };
  } catch (error) {
    await closeAll(simulators);
    throw error;
  }
}

async function closeAll(simulators: Partial<Record<VendorName, RunningSimulator>>): Promise<void> {
  await Promise.allSettled(Object.values(simulators).map((s) => s?.close()));
}
