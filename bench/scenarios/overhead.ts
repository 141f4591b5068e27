import { load, timeRequests } from '../lib/load.js';
import { startMeetgraph, startSimHost } from '../lib/processes.js';
import { body, MEETINGS_FLOOR_QUERY } from '../lib/queries.js';
import { median, ratioSpread, round, spread } from '../lib/stats.js';
import { cpuMs } from '../lib/cpu.js';
import type { ScenarioOptions } from './options.js';

/**
 * Scenario 1, the overhead floor: `meetings(first: 10)` on one VConnct connection against the same
 * `GET /list_meetings/` made directly, one client, requests in sequence, A/B rounds interleaved.
 */
export async function overhead(options: ScenarioOptions) {
  const out: Record<string, unknown> = {};
  for (const latencyMs of [0, 20]) {
    const sims = await startSimHost({ vendors: ['vconnct'], latencyMs, size: 12 });
    const mg = await startMeetgraph({ connections: sims.connections });
    try {
      const connection = sims.connections[0] as { baseUrl: string; credentials: { license: string } };
      const direct = {
        url: `${connection.baseUrl.replace(/\/$/, '')}/list_meetings/`,
        method: 'GET' as const,
        headers: { license: connection.credentials.license },
      };
      const graph = { url: mg.url, body: body(MEETINGS_FLOOR_QUERY, { first: 10 }) };
      // Warm both paths past the JIT's first tiers: a few hundred requests, not the measured sequence's sixty.
      await load(direct, 10, 2);
      await load(graph, 10, 2);
      await timeRequests(direct, 20);
      await timeRequests(graph, 20);
      const directP50: number[] = [];
      const graphP50: number[] = [];
      const cpu: number[] = [];
      for (let roundNo = 0; roundNo < options.rounds; roundNo++) {
        directP50.push(median(await timeRequests(direct, options.requests)));
        const before = cpuMs(mg.pid);
        graphP50.push(median(await timeRequests(graph, options.requests)));
        cpu.push((cpuMs(mg.pid) - before) / options.requests);
      }
      out[`latency${latencyMs}ms`] = {
        directP50Ms: spread(directP50.map((v) => round(v))),
        meetgraphP50Ms: spread(graphP50.map((v) => round(v))),
        ratio: ratioSpread(graphP50, directP50),
        addedMs: round(median(graphP50) - median(directP50)),
        cpuPerRequestMs: spread(cpu.map((v) => round(v))),
      };
    } finally {
      await mg.stop();
      await sims.stop();
    }
  }
  return out;
}
