/**
 * `npm run bench:profile -- [typename|floor|fanOut|nested] [seconds]`: runs one of the benchmark queries
 * against meetgraph started with `node --cpu-prof`, then prints where its CPU went (inclusive shares per
 * package and per function, idle left out) and the path of the `.cpuprofile` (open it in Chrome DevTools).
 * The profile also covers start-up and a warm-up of a few seconds; the shares are of busy time.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VendorName } from '../datasources/records.js';
import { load } from './lib/load.js';
import { startMeetgraph, startSimHost } from './lib/processes.js';
import { summarizeProfile, type CpuProfile } from './lib/profile-summary.js';
import { body, FAN_OUT_QUERY, MEETINGS_FLOOR_QUERY, NESTED_QUERY, thisWeek, TYPENAME_QUERY } from './lib/queries.js';

interface ProfileTarget {
  vendors: VendorName[];
  latencyMs: number;
  size?: number;
  body: string;
  clients: number;
}

const TARGETS: Record<string, ProfileTarget> = {
  typename: { vendors: ['vconnct'], latencyMs: 0, body: body(TYPENAME_QUERY), clients: 10 },
  floor: { vendors: ['vconnct'], latencyMs: 0, size: 12, body: body(MEETINGS_FLOOR_QUERY, { first: 10 }), clients: 1 },
  fanOut: {
    vendors: ['alfaview', 'allocloud', 'alpemix', 'apizee', 'vconnct'],
    latencyMs: 0,
    body: body(FAN_OUT_QUERY, { ...thisWeek(), first: 20 }),
    clients: 1,
  },
  nested: { vendors: ['vconnct'], latencyMs: 50, size: 30, body: body(NESTED_QUERY, { first: 30 }), clients: 1 },
};

const name = process.argv[2] ?? 'typename';
const seconds = Number(process.argv[3] ?? 10);
const target = TARGETS[name];
if (!target) throw new Error(`unknown profile ${name}; known: ${Object.keys(TARGETS).join(', ')}`);

const dir = mkdtempSync(join(tmpdir(), 'meetgraph-profile-'));
const sims = await startSimHost({ vendors: target.vendors, latencyMs: target.latencyMs, size: target.size });
const mg = await startMeetgraph({ connections: sims.connections }, {}, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
try {
  await load({ url: mg.url, body: target.body }, target.clients, 3);
  const measured = await load({ url: mg.url, body: target.body, pid: mg.pid }, target.clients, seconds);
  console.log(`${name}: ${measured.requests} requests, ${measured.cpuPerRequestMs?.toFixed(3)} ms CPU per request, p50 ${measured.p50} ms`);
} finally {
  // The profile is written when the process exits.
  await mg.stop();
  await sims.stop();
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile was written to ${dir}`);
const summary = summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile);
console.log(`\nbusy ${summary.busyMs} ms; inclusive share of busy time, by package / folder:`);
for (const share of summary.byOwner) console.log(`${share.percent.toFixed(1).padStart(6)} %  ${share.name}`);
console.log('\nby function:');
for (const share of summary.byFunction) console.log(`${share.percent.toFixed(1).padStart(6)} %  ${share.name}`);
console.log(`\nprofile: ${join(dir, file)}`);
