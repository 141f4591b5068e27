import { dependencyFloor, peakInFlight } from '../../bench/lib/dependency-floor.js';
import { summarizeProfile, type CpuProfile } from '../../bench/lib/profile-summary.js';
import type { CallLogEntry } from '../../bench/lib/sim-host.js';
import { slope } from '../../bench/lib/stats.js';

/** The arithmetic the benchmark's conclusions rest on, checked against hand-computed answers. */
const call = (operation: string, at: number, answeredAt?: number): CallLogEntry => ({
  simulator: 'vconnct',
  vendor: 'vconnct',
  operation,
  at,
  answeredAt,
});

describe('benchmark analysis', () => {
  it('slope is the least-squares trend per step', () => {
    expect(slope([1, 2, 3, 4])).toBeCloseTo(1);
    expect(slope([5, 5, 5])).toBe(0);
    expect(slope([10, 0, 10, 0])).toBeCloseTo(-2);
    expect(slope([7])).toBe(0);
  });

  it('counts the calls in flight at once from arrival times at a fixed latency', () => {
    expect(peakInFlight([call('a', 0), call('b', 10), call('c', 20)], 50)).toBe(3);
    expect(peakInFlight([call('a', 0), call('b', 50), call('c', 100)], 50)).toBe(1);
    expect(peakInFlight([call('c', 49), call('a', 0), call('b', 120)], 50)).toBe(2);
  });

  it('computes the dependency floor at the nominal latency and at the answer times the simulators logged', () => {
    const log = [
      call('list_meetings', 0, 60),
      call('list_sessions', 70, 125),
      call('list_sessions', 71, 121),
      call('list_attendance', 130, 180),
      call('get_record', 131, 200),
      // No answer logged: counted at the nominal latency.
      call('list_attendance', 132),
    ];
    const floor = dependencyFloor(log, 50);
    expect(floor).toMatchObject({ listDepth: 1, nestedDepth: 2, floorMs: 150, unknownOperations: [] });
    // list 60 + sessions max(55, 50) + attendance/recording max(50, 69, 50) = 184.
    expect(floor.measuredFloorMs).toBe(184);
  });

  it('gives each package its inclusive share of busy time, idle left out', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 4, 5] },
        { id: 2, callFrame: frame('outer', '/x/node_modules/pkg-a/index.js'), children: [3] },
        { id: 3, callFrame: frame('inner', '/x/node_modules/@scope/pkg-b/index.js') },
        { id: 4, callFrame: frame('other', '/x/node_modules/pkg-a/other.js') },
        { id: 5, callFrame: frame('(idle)', '') },
      ],
      samples: [3, 3, 4, 5],
      timeDeltas: [10_000, 10_000, 10_000, 50_000],
    };
    const summary = summarizeProfile(profile);
    expect(summary.busyMs).toBe(30);
    expect(summary.byOwner).toEqual([
      { name: 'pkg-a', percent: 100 },
      { name: '@scope/pkg-b', percent: 66.7 },
    ]);
    expect(summary.byFunction.find((f) => f.name.startsWith('outer'))?.percent).toBe(66.7);
  });
});
