import type { CallLogEntry } from './sim-host.js';

/**
 * Which step of a request each vendor operation belongs to, and how many dependent round trips deep it is
 * within that step. A list call can only start when the request arrives (`list`); a nested call only after
 * the merged page exists (`nested`), and then after the nested calls it depends on. Token calls are left
 * out: after warm-up every client holds a valid token.
 */
const STEPS: Record<string, { step: 'list' | 'nested'; depth: number }> = {
  'alfaview:roomService/list': { step: 'list', depth: 1 },
  'alfaview:roomService/status': { step: 'nested', depth: 1 },
  'allocloud:account.admin': { step: 'list', depth: 1 },
  'allocloud:meeting.calender.user': { step: 'list', depth: 2 },
  'alpemix:report': { step: 'list', depth: 1 },
  'apizee:conferences.list': { step: 'list', depth: 1 },
  'apizee:tickets.list': { step: 'list', depth: 1 },
  'apizee:tickets.stats': { step: 'list', depth: 1 },
  'apizee:conferences.get': { step: 'nested', depth: 1 },
  'apizee:conferences.media': { step: 'nested', depth: 1 },
  'apizee:tickets.medias': { step: 'nested', depth: 1 },
  'apizee:session.list': { step: 'nested', depth: 1 },
  'vconnct:list_meetings': { step: 'list', depth: 1 },
  'vconnct:list_sessions': { step: 'nested', depth: 1 },
  'vconnct:list_attendance': { step: 'nested', depth: 2 },
  'vconnct:get_record': { step: 'nested', depth: 2 },
};

const TOKEN_OPERATIONS = new Set(['authenticationService/authenticate', 'token', 'auth.token']);

export interface DependencyFloor {
  /** Round trips before the merged list exists: the slowest vendor's list chain. */
  listDepth: number;
  /** Round trips after it: the deepest nested chain. */
  nestedDepth: number;
  /** (listDepth + nestedDepth) × per-call latency: no implementation can answer faster. */
  floorMs: number;
  /** The longest single vendor's chain (list + nested of that vendor), for reference. */
  longestChainMs: number;
  /**
   * The same floor with each round trip at the time the simulators actually took to answer it (arrival to
   * answer, the slowest call of each vendor's step and depth): on a loaded 2-core machine a simulator's own
   * work (building a calendar feed, a long list) adds to the fixed latency for any caller.
   */
  measuredFloorMs: number;
  unknownOperations: string[];
}

/** The dependency floor of one request, from the operations the simulators logged while serving it. */
export function dependencyFloor(log: readonly CallLogEntry[], latencyMs: number): DependencyFloor {
  let listDepth = 0;
  let nestedDepth = 0;
  const perVendor = new Map<string, { list: number; nested: number }>();
  /** Slowest answer per vendor, step and depth, in ms. */
  const slowest = new Map<string, Map<string, number[]>>();
  const unknown = new Set<string>();
  for (const entry of log) {
    if (TOKEN_OPERATIONS.has(entry.operation)) continue;
    const key = `${entry.vendor}:${entry.operation}`;
    const step = STEPS[key];
    if (!step) {
      unknown.add(key);
      continue;
    }
    const vendor = perVendor.get(entry.vendor) ?? { list: 0, nested: 0 };
    vendor[step.step] = Math.max(vendor[step.step], step.depth);
    perVendor.set(entry.vendor, vendor);
    if (step.step === 'list') listDepth = Math.max(listDepth, step.depth);
    else nestedDepth = Math.max(nestedDepth, step.depth);
    const took = entry.answeredAt === undefined ? latencyMs : Math.max(latencyMs, entry.answeredAt - entry.at);
    const byStep = slowest.get(entry.vendor) ?? new Map<string, number[]>();
    const depths = byStep.get(step.step) ?? [];
    depths[step.depth - 1] = Math.max(depths[step.depth - 1] ?? 0, took);
    byStep.set(step.step, depths);
    slowest.set(entry.vendor, byStep);
  }
  const chain = (step: string): number =>
    Math.max(0, ...[...slowest.values()].map((byStep) => (byStep.get(step) ?? []).reduce((a, b) => a + (b ?? latencyMs), 0)));
  const longest = Math.max(0, ...[...perVendor.values()].map((v) => v.list + v.nested));
  return {
    listDepth,
    nestedDepth,
    floorMs: (listDepth + nestedDepth) * latencyMs,
    longestChainMs: longest * latencyMs,
    measuredFloorMs: Math.round(chain('list') + chain('nested')),
    unknownOperations: [...unknown],
  };
}

/**
 * The most calls one simulator had in flight at once, from the arrival times in its log: every call takes
 * `latencyMs` (the simulators' fixed latency), so the calls in flight at an arrival are those that arrived
 * less than `latencyMs` before it.
 */
export function peakInFlight(log: readonly CallLogEntry[], latencyMs: number): number {
  const arrivals = log.map((e) => e.at).sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let i = 0; i < arrivals.length; i++) {
    while ((arrivals[i] ?? 0) - (arrivals[first] ?? 0) >= latencyMs) first += 1;
    peak = Math.max(peak, i - first + 1);
  }
  return peak;
}
