/**
 * A child process that runs vendor simulators for a benchmark, so their CPU is not counted against the
 * process under test. Started with one JSON argument:
 *   { vendors: ["vconnct", …], latencyMs, jitterMs, size, seed, copies }
 * It prints one line `READY <json>` with the `connections[]` entries pointing at each simulator, then serves
 * a control API on loopback: GET /calls (per vendor, per operation), GET /log (every call with its time),
 * POST /reset.
 */
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VENDOR_MODULES } from '../../datasources/modules.js';
import type { VendorName } from '../../datasources/records.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';

export interface SimHostOptions {
  vendors: VendorName[];
  latencyMs?: number;
  jitterMs?: number;
  size?: number;
  seed?: number;
  /** Simulators per vendor (each its own account), for connection-count growth. */
  copies?: number;
}

export interface SimHostReady {
  control: string;
  connections: Array<Record<string, unknown>>;
}

export interface CallLogEntry {
  simulator: string;
  vendor: VendorName;
  operation: string;
  at: number;
  /** When the simulator handed its answer to the socket (absent for a call still running or cut off). */
  answeredAt?: number;
  detail?: string;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SimHostOptions;
  const running: Array<{ id: string; vendor: VendorName; simulator: RunningSimulator }> = [];
  const connections: Array<Record<string, unknown>> = [];
  for (const vendor of options.vendors) {
    const module = VENDOR_MODULES[vendor];
    for (let copy = 0; copy < (options.copies ?? 1); copy++) {
      const simulator = await module.startSimulator({
        latencyMs: options.latencyMs,
        jitterMs: options.jitterMs,
        size: options.size,
        seed: (options.seed ?? 42) + copy,
      } as Parameters<typeof module.startSimulator>[0]);
      const id = options.copies && options.copies > 1 ? `${vendor}-${copy + 1}` : vendor;
      running.push({ id, vendor, simulator });
      // Without the vendor-call cache: scenarios measure what meetgraph does per request, against servers that
      // cache nothing either; the cache scenario turns it back on.
      connections.push({ ...module.sandboxConnection(simulator, id), timeoutMs: 30_000, cache: false });
    }
  }
  const control = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && req.url === '/reset') {
      for (const r of running) r.simulator.control.resetCalls();
      res.end('{}');
      return;
    }
    if (req.url === '/calls') {
      const calls: Record<string, Record<string, number>> = {};
      for (const r of running) {
        const perOp: Record<string, number> = (calls[r.vendor] ??= {});
        for (const entry of r.simulator.control.log) perOp[entry.operation] = (perOp[entry.operation] ?? 0) + 1;
      }
      res.end(JSON.stringify(calls));
      return;
    }
    if (req.url === '/log') {
      const log: CallLogEntry[] = running.flatMap((r) =>
        r.simulator.control.log.map((e) => ({
          simulator: r.id,
          vendor: r.vendor,
          operation: e.operation,
          at: e.at.getTime(),
          answeredAt: e.answeredAt?.getTime(),
          detail: e.detail,
        })),
      );
      res.end(JSON.stringify(log));
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const { port } = control.address() as AddressInfo;
  const ready: SimHostReady = { control: `http://127.0.0.1:${port}`, connections };
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
  const stop = (): void => {
    control.close();
    void Promise.allSettled(running.map((r) => r.simulator.close())).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
