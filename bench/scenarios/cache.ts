import { startMeetgraph, startSimHost } from '../lib/processes.js';
import { body, thisWeek } from '../lib/queries.js';
import { round } from '../lib/stats.js';
import type { ScenarioOptions } from './options.js';

/** The cross-vendor question: this week's meetings with their nested reads, and the connection reports. */
const CROSS_VENDOR_QUERY = /* GraphQL */ `
  query CrossVendor($from: DateTime, $to: DateTime) {
    meetings(filter: { from: $from, to: $to }, first: 50) {
      nodes {
        id
        title
        participants {
          displayName
        }
        recordings {
          url
        }
        sessions(first: 10) {
          nodes {
            id
            live
          }
        }
      }
      sources {
        state
        fetchedAt
        connection {
          id
        }
      }
    }
    connectionReports(filter: { from: $from, to: $to }, first: 20) {
      nodes {
        id
      }
      sources {
        state
        connection {
          id
        }
      }
    }
  }
`;

interface Answer {
  data?: {
    meetings?: { sources: Array<{ state: string; connection: { id: string } }> };
    connectionReports?: { sources: Array<{ state: string; connection: { id: string } }> };
  } | null;
  errors?: unknown[];
}

interface Tally {
  requests: number;
  /** No error, and no connection FAILED in either list (PARTIAL is the vendor's own range limit, not a failure). */
  complete: number;
  transportErrors: number;
  failedByConnection: Record<string, number>;
  latenciesMs: number[];
}

/** `clients` concurrent clients, each sending the query again as soon as the previous answer arrived. */
async function drive(url: string, payload: string, clients: number, seconds: number): Promise<Tally> {
  const tally: Tally = { requests: 0, complete: 0, transportErrors: 0, failedByConnection: {}, latenciesMs: [] };
  const stopAt = Date.now() + seconds * 1000;
  const client = async (): Promise<void> => {
    while (Date.now() < stopAt) {
      const started = Date.now();
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
        const answer = (await response.json()) as Answer;
        tally.requests += 1;
        tally.latenciesMs.push(Date.now() - started);
        const sources = [...(answer.data?.meetings?.sources ?? []), ...(answer.data?.connectionReports?.sources ?? [])];
        const failed = sources.filter((s) => s.state === 'FAILED');
        for (const s of failed) tally.failedByConnection[s.connection.id] = (tally.failedByConnection[s.connection.id] ?? 0) + 1;
        if (!answer.errors?.length && answer.data && failed.length === 0) tally.complete += 1;
      } catch {
        tally.requests += 1;
        tally.transportErrors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, () => client()));
  return tally;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/**
 * Scenario "cache": 200 concurrent clients on the cross-vendor query for 30 s, every vendor simulated with
 * its default rate limits on, once with the vendor-call cache (the default) and once with `cache: false` on
 * every connection. Reports the share of complete answers (target ≥ 95% with the cache) and the vendor calls
 * per GraphQL request. Each side gets fresh simulators, so one side's rate-limit windows never hurt the other.
 */
export async function cache(options: ScenarioOptions) {
  const clients = 200;
  const seconds = options.seconds >= 5 ? 30 : 3;
  const payload = body(CROSS_VENDOR_QUERY, thisWeek());
  const result: Record<string, unknown> = { clients, seconds };
  for (const side of ['cached', 'uncached'] as const) {
    const sims = await startSimHost({ vendors: ['alfaview', 'allocloud', 'alpemix', 'apizee', 'vconnct'], latencyMs: 20, jitterMs: 10 });
    const connections = sims.connections.map(({ cache: _off, ...c }) => (side === 'cached' ? c : { ...c, cache: false }));
    const mg = await startMeetgraph({ connections });
    try {
      await fetch(`${sims.control}/reset`, { method: 'POST' });
      const tally = await drive(mg.url, payload, clients, seconds);
      const calls = (await (await fetch(`${sims.control}/calls`)).json()) as Record<string, Record<string, number>>;
      const perVendor = Object.fromEntries(Object.entries(calls).map(([v, ops]) => [v, Object.values(ops).reduce((a, b) => a + b, 0)]));
      const vendorCalls = Object.values(perVendor).reduce((a, b) => a + b, 0);
      result[side] = {
        requests: tally.requests,
        rps: round(tally.requests / seconds),
        completeShare: round(tally.requests ? tally.complete / tally.requests : 0, 4),
        transportErrors: tally.transportErrors,
        failedByConnection: tally.failedByConnection,
        vendorCalls,
        vendorCallsPerRequest: round(tally.requests ? vendorCalls / tally.requests : 0, 3),
        vendorCallsByVendor: perVendor,
        p50Ms: percentile(tally.latenciesMs, 50),
        p99Ms: percentile(tally.latenciesMs, 99),
      };
    } finally {
      await mg.stop();
      await sims.stop();
    }
  }
  return result;
}
