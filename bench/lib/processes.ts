import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimHostOptions, SimHostReady } from './sim-host.js';

/** dist/ root of the compiled project (this file is dist/bench/lib/processes.js). */
export const DIST = fileURLToPath(new URL('../../', import.meta.url));

export interface Child {
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Waits for a line starting with `marker` on the child's stdout; rejects if it exits first or takes too long. */
function waitForLine(child: ChildProcess, marker: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`child did not print ${marker} within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const match = marker.exec(line);
        if (match) {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          resolve(line);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${code} before printing ${marker}`));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

export async function startSimHost(options: SimHostOptions): Promise<Child & SimHostReady> {
  const child = spawn(process.execPath, [join(DIST, 'bench/lib/sim-host.js'), JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await waitForLine(child, /^READY /);
  const ready = JSON.parse(line.slice('READY '.length)) as SimHostReady;
  return { ...ready, process: child, stop: stopper(child) };
}

/** meetgraph from dist/ in its own process, production mode, logging only warnings, on a free port. */
/**
 * The nested scenarios ask for pages (100 meetings with their sessions, ~600 VConnct calls) past the default
 * query cost and vendor-call cap, which would refuse them before any vendor call: raised so speed is measured,
 * not the limits.
 */
const BENCH_LIMITS = { cost: 1_000_000, vendorCallsPerRequest: 10_000, requestDeadlineMs: 120_000 };

/**
 * No history store: its syncs poll the vendors in the background, which would put calls in the simulators'
 * logs that no measured request made, and CPU in the measured process that no request spent.
 */
const BENCH_STORE = false;

export async function startMeetgraph(
  config: Record<string, unknown>,
  extraEnv: Record<string, string> = {},
  /** Flags for node itself (`--cpu-prof`): NODE_OPTIONS may not carry them. */
  nodeArgs: string[] = [],
): Promise<Child & { url: string; pid: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'meetgraph-bench-'));
  const file = join(dir, 'meetgraph.json');
  writeFileSync(file, JSON.stringify({ server: { port: 0, host: '127.0.0.1' }, limits: BENCH_LIMITS, store: BENCH_STORE, ...config }));
  const child = spawn(process.execPath, [...nodeArgs, join(DIST, 'src/main.js'), '--config', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: '0', ...extraEnv },
  });
  const line = await waitForLine(child, /ready at (http:\/\/\S+)/);
  const url = /ready at (http:\/\/\S+)/.exec(line)?.[1] ?? '';
  return { url, pid: child.pid ?? 0, process: child, stop: stopper(child) };
}

/** Any bench server module in its own process; it prints `READY <url>`. */
export async function startNodeServer(script: string, args: string[] = []): Promise<Child & { url: string; pid: number }> {
  const child = spawn(process.execPath, [join(DIST, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const line = await waitForLine(child, /^READY /);
  return { url: line.slice('READY '.length).trim(), pid: child.pid ?? 0, process: child, stop: stopper(child) };
}
