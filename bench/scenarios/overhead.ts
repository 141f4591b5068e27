import { load, timeRequests } from '../lib/load.js';
import { startMeetgraph, startNodeServer, startSimHost } from '../lib/processes.js';
import { body, MEETINGS_FLOOR_QUERY } from '../lib/queries.js';
import { median, ratioSpread, round, spread } from '../lib/stats.js';
import { cpuMs } from '../lib/cpu.js';
import type { ScenarioOptions } from './options.js';

/**
 * Scenario 1, the overhead floor: `meetings(first: 10)` on one VConnct connection against the same
 * `GET /list_meetings/` made directly, one client, requests in sequence, rounds interleaved. Beside them, the
 * least GraphQL server answering the same query with one got call (bench/servers/minimal-graphql.ts): what the
 * extra hop through any such server costs on this machine, so meetgraph's own share can be told apart.
 */
export async function overhead(options: ScenarioOptions) {
  const out: Record<string, unknown> = {};
  for (const latencyMs of [0, 20]) {
    const sims = await startSimHost({ vendors: ['vconnct'], latencyMs, size: 12 });
    const mg = await startMeetgraph({ connections: sims.connections });
    const connection = sims.connections[0] as { baseUrl: string; credentials: { license: string } };
    const minimal = await startNodeServer('bench/servers/minimal-graphql.js', [connection.baseUrl, connection.credentials.license]);
    try {
      const direct = {
        url: `${connection.baseUrl.replace(/\/$/, '')}/list_meetings/`,
        method: 'GET' as const,
        headers: { license: connection.credentials.license },
      };
      const graph = { url: mg.url, body: body(MEETINGS_FLOOR_QUERY, { first: 10 }) };
      const least = { url: minimal.url, body: graph.body };
      // Warm every path past the JIT's first tiers: a few hundred requests, not the measured sequence's sixty.
      for (const target of [direct, graph, least]) {
        await load(target, 10, 2);
        await timeRequests(target, 20);
      }
      const directP50: number[] = [];
      const graphP50: number[] = [];
      const leastP50: number[] = [];
      const cpu: number[] = [];
      for (let roundNo = 0; roundNo < options.rounds; roundNo++) {
        directP50.push(median(await timeRequests(direct, options.requests)));
        leastP50.push(median(await timeRequests(least, options.requests)));
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
        minimalGraphqlP50Ms: spread(leastP50.map((v) => round(v))),
        minimalGraphqlRatio: ratioSpread(leastP50, directP50),
        meetgraphOverMinimalGraphql: ratioSpread(graphP50, leastP50),
      };
    } finally {
      await minimal.stop();
      await mg.stop();
      await sims.stop();
    }
  }
  return out;
}
