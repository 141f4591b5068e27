import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuMs, rssMiB } from '../lib/cpu.js';
import { interleaved, load } from '../lib/load.js';
import { startMeetgraph, startNodeServer, startSimHost } from '../lib/processes.js';
import { body, MEETINGS_FLOOR_QUERY, TYPENAME_QUERY } from '../lib/queries.js';
import { median, ratioSpread, round, slope, spread } from '../lib/stats.js';
import type { ScenarioOptions } from './options.js';

/** Seconds a process is left alone before its idle CPU is measured. */
const IDLE_SETTLE_SECONDS = 25;

/** CPU ms per second a process spends while nothing is asked of it, after `settleSeconds`. */
async function idleCpuPerSecond(pid: number, settleSeconds: number, seconds: number): Promise<number> {
  await new Promise((r) => setTimeout(r, settleSeconds * 1000));
  const before = cpuMs(pid);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return round((cpuMs(pid) - before) / seconds);
}

/**
 * Scenario 4: requests per second and CPU per request against a bare Apollo Server 5 serving the same
 * answer from memory (bench/servers/bare-apollo.ts), for `{ __typename }` and for the one-connection
 * meetings page, at several client counts and vendor latencies. Also idle CPU and RSS under load.
 */
export async function throughput(options: ScenarioOptions) {
  const result: Record<string, unknown> = {};
  for (const latencyMs of [0, 50]) {
    const sims = await startSimHost({ vendors: ['vconnct'], latencyMs, size: 12 });
    const mg = await startMeetgraph({ connections: sims.connections });
    const pageBody = body(MEETINGS_FLOOR_QUERY, { first: 10 });
    const snapshot = (await (
      await fetch(mg.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: pageBody })
    ).json()) as { data: unknown };
    const dir = mkdtempSync(join(tmpdir(), 'meetgraph-bare-'));
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify(snapshot.data));
    const bare = await startNodeServer('bench/servers/bare-apollo.js', [join(dir, 'snapshot.json')]);
    try {
      if (latencyMs === 0) {
        // Idle: a started process that answered one request and then nothing should cost (almost) nothing. V8
        // runs a few memory-reducing collections in the first ~20 s after start-up (and after a load), so
        // the measurement starts after them.
        result.idleCpuMsPerSecond = await idleCpuPerSecond(mg.pid, IDLE_SETTLE_SECONDS, Math.max(3, options.seconds * 2));
        const rounds = await interleaved(
          {
            meetgraph: { url: mg.url, body: body(TYPENAME_QUERY), pid: mg.pid },
            bare: { url: bare.url, body: body(TYPENAME_QUERY), pid: bare.pid },
          },
          // Three times the rounds: this pair swings the most from round to round (±15% here), and the
          // median of more short rounds is the steadier estimate.
          { connections: 10, rounds: options.rounds * 3, seconds: options.seconds },
        );
        const mgRps = (rounds.meetgraph ?? []).map((r) => r.rps);
        const bareRps = (rounds.bare ?? []).map((r) => r.rps);
        result.typename = { meetgraphRps: spread(mgRps), bareRps: spread(bareRps), rpsRatio: ratioSpread(mgRps, bareRps) };
      }
      const perClients: Record<string, unknown> = {};
      for (const clients of options.clients) {
        const rounds = await interleaved(
          { meetgraph: { url: mg.url, body: pageBody, pid: mg.pid }, bare: { url: bare.url, body: pageBody, pid: bare.pid } },
          { connections: clients, rounds: Math.max(1, Math.floor(options.rounds / 2)), seconds: options.seconds },
        );
        const m = rounds.meetgraph ?? [];
        const b = rounds.bare ?? [];
        perClients[`clients${clients}`] = {
          meetgraph: {
            rps: round(median(m.map((r) => r.rps))),
            p50Ms: median(m.map((r) => r.p50)),
            cpuPerRequestMs: round(median(m.map((r) => r.cpuPerRequestMs ?? 0)), 3),
            errors: m.reduce((a, r) => a + r.errors + r.non2xx, 0),
          },
          bare: {
            rps: round(median(b.map((r) => r.rps))),
            p50Ms: median(b.map((r) => r.p50)),
            cpuPerRequestMs: round(median(b.map((r) => r.cpuPerRequestMs ?? 0)), 3),
          },
        };
      }
      result[`meetingsPage_latency${latencyMs}ms`] = perClients;
      if (latencyMs === 0) {
        // And once the load is over.
        result.idleAfterLoadCpuMsPerSecond = await idleCpuPerSecond(mg.pid, IDLE_SETTLE_SECONDS, Math.max(3, options.seconds * 2));
        // Memory under sustained load: RSS sampled while the page query runs.
        const samples: number[] = [rssMiB(mg.pid)];
        const loadSeconds = Math.max(6, options.seconds * 12);
        const sampler = setInterval(() => samples.push(round(rssMiB(mg.pid), 1)), 1_000);
        await load({ url: mg.url, body: pageBody }, 20, loadSeconds);
        clearInterval(sampler);
        samples.push(round(rssMiB(mg.pid), 1));
        // RSS swings by tens of MiB with the garbage collector's cycles, so growth is read from the low point
        // of each sixth of the run (what is left after a collection), skipping the first sixth (warm-up): their
        // least-squares trend, per minute.
        const block = Math.max(1, Math.floor(samples.length / 6));
        const lows: number[] = [];
        for (let i = block; i + block <= samples.length; i += block) lows.push(Math.min(...samples.slice(i, i + block)));
        result.rssUnderLoadMiB = {
          seconds: loadSeconds,
          first: samples[1] ?? samples[0],
          last: samples[samples.length - 1],
          max: Math.max(...samples),
          lowPoints: lows,
          trendMiBPerMinute: round((slope(lows) * 60) / block, 2),
        };
      }
    } finally {
      await bare.stop();
      await mg.stop();
      await sims.stop();
    }
  }
  return result;
}
