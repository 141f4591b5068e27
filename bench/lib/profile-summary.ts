/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) a summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  /** Share of the busy samples (idle excluded) spent in it or below it, in %. */
  percent: number;
}

/** The package (node_modules name), project folder or Node.js internal a frame belongs to. */
function ownerOf(url: string, functionName: string): string {
  const dependency = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1] as string;
  const project = /\/dist\/([^/]+\/[^/]+)/.exec(url);
  if (project) return (project[1] as string).replace(/\.js$/, '');
  if (url.startsWith('node:')) return url;
  return functionName || '(native)';
}

const NOT_BUSY = new Set(['(idle)', '(program)', '(root)']);

/**
 * Inclusive CPU share per owner (package, project folder, Node.js module) and per function: a sample counts
 * once for every distinct owner (or function) on its stack. Idle samples are left out, so shares are of the
 * time the process was working.
 */
export function summarizeProfile(profile: CpuProfile, top = 25): { busyMs: number; byOwner: ProfileShare[]; byFunction: ProfileShare[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(id);
    if (!leaf || NOT_BUSY.has(leaf.callFrame.functionName)) return;
    busy += micros;
    const seenOwners = new Set<string>();
    const seenFunctions = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const { functionName, url, lineNumber } = (byId.get(cur) as CpuProfile['nodes'][number]).callFrame;
      if (functionName === '(root)') continue;
      const owner = ownerOf(url, functionName);
      if (!seenOwners.has(owner)) owners.set(owner, (owners.get(owner) ?? 0) + micros);
      seenOwners.add(owner);
      const fn = `${functionName || '(anonymous)'} ${owner}:${lineNumber + 1}`;
      if (!seenFunctions.has(fn)) functions.set(fn, (functions.get(fn) ?? 0) + micros);
      seenFunctions.add(fn);
    }
  });
  const rank = (m: Map<string, number>): ProfileShare[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, percent: Math.round((1000 * micros) / Math.max(1, busy)) / 10 }));
  return { busyMs: Math.round(busy / 1000), byOwner: rank(owners), byFunction: rank(functions) };
}
