/**
 * `npm run bench [-- --quick] [--label NAME] [scenario …]`: runs the scenarios (all by default) with
 * simulators, meetgraph and any comparison server each in its own process on loopback, writes
 * bench/results/<label>.json and regenerates bench/results/README.md and chart.svg. Never part of npm test.
 */
import { cpus } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeReport, type RunResult } from './lib/report.js';
import { amplification } from './scenarios/amplification.js';
import { cache } from './scenarios/cache.js';
import { fanOut } from './scenarios/fan-out.js';
import { growth } from './scenarios/growth.js';
import { FULL, QUICK } from './scenarios/options.js';
import { overhead } from './scenarios/overhead.js';
import { peer } from './scenarios/peer.js';
import { throughput } from './scenarios/throughput.js';

const SCENARIOS = { overhead, fanOut, amplification, throughput, peer, growth, cache } as const;
type ScenarioName = keyof typeof SCENARIOS;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const labelIndex = args.indexOf('--label');
const label = labelIndex >= 0 ? (args[labelIndex + 1] ?? 'latest') : 'latest';
const named = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--label') as ScenarioName[];
for (const name of named)
  if (!(name in SCENARIOS)) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
const selected = named.length ? named : (Object.keys(SCENARIOS) as ScenarioName[]);
const options = quick ? QUICK : FULL;

// Results live in the source tree (bench/results), not in dist/.
const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });

// Naming scenarios re-measures just those into an existing run of the same label; the others keep their numbers.
const existingFile = `${resultsDir}${label}.json`;
const previous = named.length && existsSync(existingFile) ? (JSON.parse(readFileSync(existingFile, 'utf8')) as RunResult) : null;
const run: RunResult = {
  label,
  startedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  quick,
  scenarios: { ...previous?.scenarios },
};
for (const name of selected) {
  const started = Date.now();
  process.stdout.write(`bench: ${name}… `);
  run.scenarios[name] = await SCENARIOS[name](options);
  console.log(`${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(JSON.stringify(run.scenarios[name], null, 2));
}
writeFileSync(`${resultsDir}${label}.json`, `${JSON.stringify(run, null, 2)}\n`);
writeReport(resultsDir);
console.log(`bench: wrote bench/results/${label}.json and bench/results/README.md`);
