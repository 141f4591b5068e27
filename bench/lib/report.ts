import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One benchmark run as saved in bench/results/<label>.json. */
export interface RunResult {
  label: string;
  startedAt: string;
  machine: { cpus: number; node: string };
  quick: boolean;
  scenarios: Record<string, any>;
}

interface Metric {
  name: string;
  target: string;
  /** The headline number of a run, or null when the run did not measure it. */
  value(run: RunResult): number | null;
  unit: string;
  /** Ratio metrics are drawn in the chart against their target. */
  targetRatio?: number;
}

const at = (obj: any, ...path: string[]): any => path.reduce((o, k) => (o == null ? undefined : o[k]), obj);

export const METRICS: Metric[] = [
  {
    name: 'overhead floor, p50 meetgraph / direct call (20 ms vendor latency)',
    target: '≤ 1.10×',
    unit: '×',
    targetRatio: 1.1,
    value: (r) => at(r.scenarios, 'overhead', 'latency20ms', 'ratio', 'median') ?? null,
  },
  {
    name: 'the same ratio for the least GraphQL server making that call (Apollo Server 5 + got, one resolver)',
    target: '(reference)',
    unit: '×',
    value: (r) => at(r.scenarios, 'overhead', 'latency20ms', 'minimalGraphqlRatio', 'median') ?? null,
  },
  {
    name: 'p50 meetgraph / that least GraphQL server (20 ms)',
    target: '—',
    unit: '×',
    value: (r) => at(r.scenarios, 'overhead', 'latency20ms', 'meetgraphOverMinimalGraphql', 'median') ?? null,
  },
  {
    name: 'overhead floor, p50 meetgraph / direct call (0 ms)',
    target: '—',
    unit: '×',
    value: (r) => at(r.scenarios, 'overhead', 'latency0ms', 'ratio', 'median') ?? null,
  },
  {
    name: 'overhead floor, CPU per request (20 ms)',
    target: '—',
    unit: 'ms',
    value: (r) => at(r.scenarios, 'overhead', 'latency20ms', 'cpuPerRequestMs', 'median') ?? null,
  },
  {
    name: 'fan-out p50 / dependency floor (5 vendors, 50 ms per call)',
    target: '≤ 1.2×',
    unit: '×',
    targetRatio: 1.2,
    value: (r) => at(r.scenarios, 'fanOut', 'ratioToFloor', 'median') ?? null,
  },
  {
    name: "fan-out p50 / floor at the simulators' measured answer times",
    target: '—',
    unit: '×',
    value: (r) => at(r.scenarios, 'fanOut', 'ratioToMeasuredFloor', 'median') ?? null,
  },
  {
    name: 'VConnct calls / endpoint minimum, 50 meetings nested',
    target: '= 1.0×',
    unit: '×',
    targetRatio: 1,
    value: (r) => {
      const row = (at(r.scenarios, 'amplification', 'rows') ?? []).find((x: any) => x.meetings === 50);
      return row ? row.meetgraph / row.minimum : null;
    },
  },
  {
    name: 'naive resolvers calls / endpoint minimum, 50 meetings nested',
    target: '(reference)',
    unit: '×',
    value: (r) => {
      const row = (at(r.scenarios, 'amplification', 'rows') ?? []).find((x: any) => x.meetings === 50);
      return row ? row.naive / row.minimum : null;
    },
  },
  {
    name: 'RPS meetgraph / bare Apollo Server 5, `{ __typename }`',
    target: '≥ 0.9×',
    unit: '×',
    targetRatio: 0.9,
    value: (r) => at(r.scenarios, 'throughput', 'typename', 'rpsRatio', 'median') ?? null,
  },
  {
    name: 'p50 meetgraph / Mesh on Hive Gateway, 30 meetings nested, 50 ms per call',
    target: '≤ 1.0×',
    unit: '×',
    targetRatio: 1,
    value: (r) => at(r.scenarios, 'peer', 'p50Ratio', 'median') ?? null,
  },
  {
    name: 'the same p50 ratio with VConnct at maxConcurrency 256 (above what Mesh keeps in flight)',
    target: '(reference)',
    unit: '×',
    value: (r) => at(r.scenarios, 'peer', 'atEqualConcurrency', 'p50Ratio', 'median') ?? null,
  },
  {
    name: 'CPU per request meetgraph / Mesh on Hive Gateway',
    target: '≤ 1.0×',
    unit: '×',
    targetRatio: 1,
    value: (r) => at(r.scenarios, 'peer', 'cpuRatio', 'median') ?? null,
  },
  {
    name: 'the same CPU ratio for the least got-based server making the same calls (Apollo Server 5, hand-written resolvers)',
    target: '(reference)',
    unit: '×',
    value: (r) => at(r.scenarios, 'peer', 'leastGotServer', 'cpuRatio', 'median') ?? null,
  },
  { name: 'idle CPU', target: '≈ 0', unit: 'ms/s', value: (r) => at(r.scenarios, 'throughput', 'idleCpuMsPerSecond') ?? null },
  {
    name: 'idle CPU after the load scenarios',
    target: '—',
    unit: 'ms/s',
    value: (r) => at(r.scenarios, 'throughput', 'idleAfterLoadCpuMsPerSecond') ?? null,
  },
  {
    name: 'RSS trend under load (least-squares slope of the low points after collections)',
    target: 'flat',
    unit: 'MiB/min',
    value: (r) => at(r.scenarios, 'throughput', 'rssUnderLoadMiB', 'trendMiBPerMinute') ?? null,
  },
];

const fmt = (v: number | null, unit: string): string =>
  v === null || Number.isNaN(v) ? 'not measured' : `${Math.round(v * 100) / 100} ${unit}`;

export function loadRuns(dir: string): RunResult[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunResult)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export function markdownTable(runs: RunResult[]): string {
  const header = `| what | target | ${runs.map((r) => `${r.label} (${r.startedAt.slice(0, 10)}${r.quick ? ', quick' : ''})`).join(' | ')} |`;
  const rule = `| --- | --- | ${runs.map(() => '---').join(' | ')} |`;
  const rows = METRICS.map((m) => `| ${m.name} | ${m.target} | ${runs.map((r) => fmt(m.value(r), m.unit)).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

/** A bar per ratio metric and run, with the target marked: readable in the README without tooling. */
export function svgChart(runs: RunResult[]): string {
  const metrics = METRICS.filter((m) => m.targetRatio !== undefined);
  const barH = 14;
  const gap = 6;
  const left = 330;
  const width = 760;
  const scaleMax = Math.max(2, ...metrics.flatMap((m) => runs.map((r) => m.value(r) ?? 0)));
  const x = (v: number): number => left + (v / scaleMax) * (width - left - 60);
  const colors = ['#8c8c8c', '#2f6fdf', '#1f9d55', '#d97706'];
  let y = 30;
  const parts: string[] = [];
  for (const m of metrics) {
    parts.push(`<text x="8" y="${y + barH}" font-size="12">${escapeXml(m.name.slice(0, 52))}</text>`);
    runs.forEach((r, i) => {
      const v = m.value(r);
      if (v === null) return;
      parts.push(
        `<rect x="${left}" y="${y + i * (barH + 2)}" width="${Math.max(1, x(v) - left)}" height="${barH}" fill="${colors[i % colors.length]}"/>`,
      );
      parts.push(`<text x="${x(v) + 4}" y="${y + i * (barH + 2) + 11}" font-size="11">${Math.round(v * 100) / 100}×</text>`);
    });
    const tx = x(m.targetRatio ?? 1);
    const h = runs.length * (barH + 2);
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${y - 2}" y2="${y + h}" stroke="#c00" stroke-dasharray="3,2"/>`);
    y += h + gap + 10;
  }
  const legend = runs.map(
    (r, i) =>
      `<rect x="${left + i * 130}" y="8" width="10" height="10" fill="${colors[i % colors.length]}"/><text x="${left + 14 + i * 130}" y="17" font-size="11">${escapeXml(r.label)}</text>`,
  );
  legend.push(
    `<line x1="${left + runs.length * 130}" x2="${left + runs.length * 130 + 14}" y1="13" y2="13" stroke="#c00" stroke-dasharray="3,2"/><text x="${left + runs.length * 130 + 18}" y="17" font-size="11">target</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="#fff"/>\n${[...legend, ...parts].join('\n')}\n</svg>\n`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
}

export function writeReport(dir: string): void {
  const runs = loadRuns(dir);
  const table = markdownTable(runs);
  writeFileSync(
    join(dir, 'README.md'),
    `# Benchmark results\n\nWritten by \`npm run bench\` from the JSON files beside this one (one per labelled run). Ratios are measured\nside by side in one run; absolute times drift on a shared machine. See bench/README.md for the scenarios.\n\n${table}\n\n![ratios against targets](chart.svg)\n`,
  );
  writeFileSync(join(dir, 'chart.svg'), svgChart(runs));
}
