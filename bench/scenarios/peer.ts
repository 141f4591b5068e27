import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMs } from '../lib/cpu.js';
import { peakInFlight } from '../lib/dependency-floor.js';
import type { CallLogEntry } from '../lib/sim-host.js';
import { interleaved, timeRequests } from '../lib/load.js';
import { startMeetgraph, startNodeServer, startSimHost } from '../lib/processes.js';
import { body, NESTED_QUERY } from '../lib/queries.js';
import { median, ratioSpread, round, spread } from '../lib/stats.js';
import type { ScenarioOptions } from './options.js';

/** A VConnct cap above the ~180 calls Mesh keeps in flight for this query (the most a connection may be given). */
const OPEN_CONCURRENCY = 256;

const BENCH = fileURLToPath(new URL('../../../bench/', import.meta.url));
const BIN = join(BENCH, 'node_modules', '.bin');

/** The same nesting in Mesh's generated schema (bench/peer/mesh.config.ts). */
const MESH_QUERY = /* GraphQL */ `
  query Nested {
    list_meetings {
      data {
        meeting_id
        title
        sessions {
          data {
            session_id
            attendance {
              data {
                full_name
              }
            }
            record {
              data {
                playback_url
              }
            }
          }
        }
      }
    }
  }
`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body('{ __typename }') });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not start serving`);
}

/**
 * Scenario 4b, the peer: GraphQL Mesh (JSON Schema source) composed with `mesh-compose` and served by Hive
 * Gateway, over the same VConnct simulator as meetgraph, the same 30-meeting nested query at 50 ms per call.
 * Needs the peer installed: `npm --prefix bench ci` (its own devDependencies, bench/package.json).
 */
export async function peer(options: ScenarioOptions) {
  if (!existsSync(join(BIN, 'hive-gateway'))) return { skipped: 'peer not installed: run `npm --prefix bench ci` first' };
  const latencyMs = 50;
  const sims = await startSimHost({ vendors: ['vconnct'], latencyMs, size: 30 });
  const connection = sims.connections[0] as { baseUrl: string; credentials: { license: string } };
  const dir = mkdtempSync(join(tmpdir(), 'meetgraph-peer-'));
  const supergraph = join(dir, 'supergraph.graphql');
  const env = { ...process.env, VCONNCT_URL: connection.baseUrl, VCONNCT_LICENSE: connection.credentials.license };
  const composed = spawnSync(join(BIN, 'mesh-compose'), ['-c', join(BENCH, 'peer', 'mesh.config.ts'), '-o', supergraph], {
    cwd: BENCH,
    env,
    encoding: 'utf8',
  });
  if (composed.status !== 0) throw new Error(`mesh-compose failed: ${composed.stderr.slice(-500)}`);
  const port = await freePort();
  const gateway = spawn(join(BIN, 'hive-gateway'), ['supergraph', supergraph, '--host', '127.0.0.1', '--port', String(port)], {
    cwd: dir,
    env: { ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const meshUrl = `http://127.0.0.1:${port}/graphql`;
  const mg = await startMeetgraph({ connections: sims.connections });
  // The same meetgraph with VConnct's cap above anything Mesh sends at once: the two compared at equal concurrency.
  const mgOpen = await startMeetgraph({ connections: sims.connections.map((c) => ({ ...c, maxConcurrency: OPEN_CONCURRENCY })) });
  // The least got-based server for the same query (no cap on calls in flight, like Mesh): what got costs per call.
  const minimal = await startNodeServer('bench/servers/minimal-graphql.js', [connection.baseUrl, connection.credentials.license]);
  try {
    await waitUntilServing(meshUrl);
    const mesh = { url: meshUrl, body: body(MESH_QUERY), pid: gateway.pid };
    const ours = { url: mg.url, body: body(NESTED_QUERY, { first: 30 }), pid: mg.pid };
    const oursOpen = { url: mgOpen.url, body: ours.body, pid: mgOpen.pid };
    const least = { url: minimal.url, body: ours.body, pid: minimal.pid };
    // Vendor calls per request and the most in flight at once, each side alone.
    const callsOf = async (target: { url: string; body: string }): Promise<{ calls: number; peakInFlight: number }> => {
      await timeRequests(target, 1);
      await fetch(`${sims.control}/reset`, { method: 'POST' });
      await timeRequests(target, 1);
      const log = ((await (await fetch(`${sims.control}/log`)).json()) as CallLogEntry[]).filter((e) => e.vendor === 'vconnct');
      return { calls: log.length, peakInFlight: peakInFlight(log, latencyMs) };
    };
    const meshCalls = await callsOf(mesh);
    const ourCalls = await callsOf(ours);
    const openCalls = await callsOf(oursOpen);
    const leastCalls = await callsOf(least);
    const p50 = { mesh: [] as number[], meetgraph: [] as number[], meetgraphOpen: [] as number[], least: [] as number[] };
    const cpu = { mesh: [] as number[], meetgraph: [] as number[], meetgraphOpen: [] as number[], least: [] as number[] };
    const n = Math.max(5, Math.round(options.requests / 4));
    for (let r = 0; r < options.rounds; r++) {
      for (const [name, target] of [
        ['mesh', mesh],
        ['meetgraph', ours],
        ['meetgraphOpen', oursOpen],
        ['least', least],
      ] as const) {
        const before = cpuMs(target.pid ?? 0);
        p50[name].push(median(await timeRequests(target, n)));
        cpu[name].push((cpuMs(target.pid ?? 0) - before) / n);
      }
    }
    const rpsRounds = await interleaved(
      { meetgraph: ours, mesh },
      { connections: 10, rounds: Math.max(1, Math.floor(options.rounds / 2)), seconds: options.seconds },
    );
    return {
      latencyMs,
      vendorCallsPerRequest: { mesh: meshCalls.calls, meetgraph: ourCalls.calls },
      peakInFlight: { mesh: meshCalls.peakInFlight, meetgraph: ourCalls.peakInFlight, meetgraphOpen: openCalls.peakInFlight },
      p50Ms: { mesh: spread(p50.mesh.map((v) => round(v))), meetgraph: spread(p50.meetgraph.map((v) => round(v))) },
      p50Ratio: ratioSpread(p50.meetgraph, p50.mesh),
      cpuPerRequestMs: { mesh: spread(cpu.mesh.map((v) => round(v))), meetgraph: spread(cpu.meetgraph.map((v) => round(v))) },
      cpuRatio: ratioSpread(cpu.meetgraph, cpu.mesh),
      atEqualConcurrency: {
        maxConcurrency: OPEN_CONCURRENCY,
        p50Ms: spread(p50.meetgraphOpen.map((v) => round(v))),
        p50Ratio: ratioSpread(p50.meetgraphOpen, p50.mesh),
        cpuRatio: ratioSpread(cpu.meetgraphOpen, cpu.mesh),
      },
      leastGotServer: {
        vendorCallsPerRequest: leastCalls.calls,
        peakInFlight: leastCalls.peakInFlight,
        p50Ratio: ratioSpread(p50.least, p50.mesh),
        cpuRatio: ratioSpread(cpu.least, cpu.mesh),
        meetgraphCpuOverLeast: ratioSpread(cpu.meetgraphOpen, cpu.least),
      },
      rpsRatio10Clients: ratioSpread(
        (rpsRounds.meetgraph ?? []).map((r) => r.rps),
        (rpsRounds.mesh ?? []).map((r) => r.rps),
      ),
    };
  } finally {
    await minimal.stop();
    await mgOpen.stop();
    await mg.stop();
    gateway.kill('SIGTERM');
    await sims.stop();
  }
}
