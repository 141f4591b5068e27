import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startVconnctSimulator, VCONNCT_SANDBOX_LICENSE } from '../../datasources/vconnct/simulator.js';
import { buildEntryPoint, startChild, type RunningChild } from '../helpers/child-process.js';

// Each test starts a Node process (and in sandbox mode five simulators): generous on a loaded machine.
import.meta.jest.setTimeout(90_000);

/**
 * The server as a real process: signals, exit codes and startup refusals. Each test starts `src/main.ts`
 * (transpiled once) in an empty directory, so no meetgraph.yaml is found unless the test writes one.
 */

const READY = /ready at (http:\/\/[^\s]+\/graphql)/;

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _vm, MEETGRAPH_CONFIG: _config, PORT: _port, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'info', ...extra };
}

const emptyDir = (): string => mkdtempSync(path.join(tmpdir(), 'meetgraph-process-'));

/** Simulator URLs the sandbox child listens on, read from the connections it reports. */
async function post(url: string, query: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: res.status, body: await res.json() };
}

describe('the server process', () => {
  const children: RunningChild[] = [];
  const start = (args: string[], extra?: Record<string, string>, cwd = emptyDir()): RunningChild => {
    const child = startChild(args, { cwd, env: env(extra) });
    children.push(child);
    return child;
  };

  beforeAll(() => {
    buildEntryPoint();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      if (c.child.exitCode === null && c.child.signalCode === null) {
        c.child.kill('SIGKILL');
        await c.exited;
      }
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('in sandbox mode exits cleanly on the first %s', async (signal) => {
    const child = start([]);
    const [, url] = await child.waitFor(READY);
    const answer = await post(url as string, '{ connections { id } }');
    expect(answer.body.data.connections).toHaveLength(5);
    child.child.kill(signal);
    expect(await child.exited).toBe(0);
    expect(child.stdout().match(/shutting down/g)).toHaveLength(1);
    // Clean: nothing logged at warn level or above once shutting down (pino: 40 warn, 50 error), no deadline hit.
    const afterSignal = child.stdout().slice(child.stdout().indexOf('shutting down'));
    expect(afterSignal).not.toMatch(/"level":(40|50|60)/);
    // Nothing listens any more: the API port (and with the process, the simulators' ports) are closed.
    await expect(fetch(url as string)).rejects.toThrow();
  });

  it('refuses to start in production without a config, unless --sandbox asks for the simulators', async () => {
    const refused = start([], { NODE_ENV: 'production' });
    expect(await refused.exited).toBe(1);
    expect(refused.stderr()).toMatch(/NODE_ENV=production/);
    expect(refused.stderr()).toMatch(/--sandbox/);
    expect(refused.stdout()).not.toMatch(READY);

    const sandbox = start(['--sandbox'], { NODE_ENV: 'production' });
    const [, url] = await sandbox.waitFor(READY);
    // Production: introspection is off even in the sandbox.
    const introspection = await post(url as string, '{ __schema { queryType { name } } }');
    expect(introspection.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    sandbox.child.kill('SIGTERM');
    expect(await sandbox.exited).toBe(0);
  });

  describe('with a config file', () => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await startVconnctSimulator({ seed: 3, size: 3, latencyMs: 1500 });
    });
    afterAll(async () => {
      await sim?.close();
    });

    it('lets an in-flight request finish after SIGTERM, then exits', async () => {
      const dir = emptyDir();
      writeFileSync(
        path.join(dir, 'meetgraph.yaml'),
        [
          'connections:',
          `  - { id: vc, vendor: vconnct, baseUrl: "${sim.url}", credentials: { license: \${VC_LICENSE} } }`,
          'server: { host: 127.0.0.1 }',
          '',
        ].join('\n'),
      );
      const child = start([], { VC_LICENSE: VCONNCT_SANDBOX_LICENSE }, dir);
      const [, url] = await child.waitFor(READY);
      sim.control.resetCalls();
      const pending = post(url as string, '{ meetings(first: 2) { nodes { id } } }');
      while (sim.control.calls() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      child.child.kill('SIGTERM');
      const answer = await pending;
      expect(answer.status).toBe(200);
      expect(answer.body.data.meetings.nodes).toHaveLength(2);
      expect(await child.exited).toBe(0);
    });
  });
});
