import { timeRequests } from '../lib/load.js';
import { startMeetgraph, startSimHost } from '../lib/processes.js';
import { body, MEETINGS_FLOOR_QUERY, NESTED_QUERY } from '../lib/queries.js';
import { median, round } from '../lib/stats.js';
import type { ScenarioOptions } from './options.js';

/** Scenario 5: how latency grows with page size (10/50/100, nested) and with connections (1/5/20). */
export async function growth(options: ScenarioOptions) {
  const pageSizes: Record<string, number> = {};
  {
    const sims = await startSimHost({ vendors: ['vconnct'], latencyMs: 0, size: 100 });
    const mg = await startMeetgraph({ connections: sims.connections });
    try {
      for (const first of [10, 50, 100]) {
        const target = { url: mg.url, body: body(NESTED_QUERY, { first }) };
        await timeRequests(target, 2);
        pageSizes[`first${first}`] = round(median(await timeRequests(target, Math.max(5, Math.round(options.requests / 3)))));
      }
    } finally {
      await mg.stop();
      await sims.stop();
    }
  }
  const connections: Record<string, number> = {};
  for (const copies of [1, 5, 20]) {
    const sims = await startSimHost({ vendors: ['vconnct'], latencyMs: 0, size: 12, copies });
    const mg = await startMeetgraph({ connections: sims.connections });
    try {
      const target = { url: mg.url, body: body(MEETINGS_FLOOR_QUERY, { first: 20 }) };
      await timeRequests(target, 3);
      connections[`connections${copies}`] = round(median(await timeRequests(target, options.requests)));
    } finally {
      await mg.stop();
      await sims.stop();
    }
  }
  return { p50MsByPageSize: pageSizes, p50MsByConnections: connections };
}
