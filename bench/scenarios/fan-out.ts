import { dependencyFloor } from '../lib/dependency-floor.js';
import { timeRequests } from '../lib/load.js';
import { startMeetgraph, startSimHost } from '../lib/processes.js';
import { body, FAN_OUT_QUERY, thisWeek } from '../lib/queries.js';
import type { CallLogEntry } from '../lib/sim-host.js';
import { median, round, spread } from '../lib/stats.js';
import type { ScenarioOptions } from './options.js';

const ALL_VENDORS = ['alfaview', 'allocloud', 'alpemix', 'apizee', 'vconnct'] as const;

/**
 * Scenario 2, fan-out against the dependency floor: this week's meetings with sessions, participants and
 * recordings from all five vendors at a fixed latency per call. The floor comes from the simulators' own
 * call log for one request (bench/lib/dependency-floor.ts).
 */
export async function fanOut(options: ScenarioOptions) {
  const latencyMs = 50;
  const sims = await startSimHost({ vendors: [...ALL_VENDORS], latencyMs });
  const mg = await startMeetgraph({ connections: sims.connections });
  try {
    const target = { url: mg.url, body: body(FAN_OUT_QUERY, { ...thisWeek(), first: 20 }) };
    await timeRequests(target, 2);
    await fetch(`${sims.control}/reset`, { method: 'POST' });
    await timeRequests(target, 1);
    const log = (await (await fetch(`${sims.control}/log`)).json()) as CallLogEntry[];
    const floor = dependencyFloor(log, latencyMs);
    const callsPerVendor: Record<string, number> = {};
    for (const entry of log) callsPerVendor[entry.vendor] = (callsPerVendor[entry.vendor] ?? 0) + 1;
    const p50s: number[] = [];
    for (let r = 0; r < options.rounds; r++) p50s.push(median(await timeRequests(target, Math.max(5, Math.round(options.requests / 4)))));
    return {
      latencyMs,
      p50Ms: spread(p50s.map((v) => round(v))),
      floor,
      ratioToFloor: spread(p50s.map((v) => round(v / floor.floorMs))),
      ratioToMeasuredFloor: spread(p50s.map((v) => round(v / floor.measuredFloorMs))),
      ratioToLongestChain: spread(p50s.map((v) => round(v / floor.longestChainMs))),
      vendorCallsPerRequest: callsPerVendor,
    };
  } finally {
    await mg.stop();
    await sims.stop();
  }
}
