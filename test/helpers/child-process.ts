import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', '..');
const SOURCES = ['core', 'src', 'schema', 'resolvers', 'datasources'];
/** Inside the repository (git-ignored), so the transpiled files resolve packages from its node_modules. */
const OUT = path.join(ROOT, 'test-results', 'child-build');
/** package.json marks .js as ESM. */
const PACKAGE_JSON = path.join(ROOT, 'package.json');

function* tsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* tsFiles(full);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) yield full;
  }
}

let built: string | null = null;

/**
 * The server as `npm start` runs it, for tests that need a real process (signals, exit codes): every source
 * file transpiled on its own, as ts-jest does (isolatedModules), without a type check. Built once per test file.
 */
export function buildEntryPoint(): string {
  if (built) return built;
  const { config } = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT);
  for (const dir of SOURCES) {
    for (const file of tsFiles(path.join(ROOT, dir))) {
      // transpileModule cannot read package.json's "type": name the ES module output explicitly.
      const compilerOptions = {
        ...options,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        sourceMap: false,
      };
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file });
      const target = path.join(OUT, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, outputText);
    }
  }
  writeFileSync(path.join(OUT, 'package.json'), JSON.stringify({ type: JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')).type }));
  built = path.join(OUT, 'src', 'main.js');
  return built;
}

export interface RunningChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
  /** Resolves with the first stdout/stderr match of `pattern`, or rejects when the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
}

export function startChild(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): RunningChild {
  const child = spawn(process.execPath, [buildEntryPoint(), ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }> = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      const match = out.match(w.pattern) ?? err.match(w.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    check();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    check();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`process exited (${code ?? signal}) before ${w.pattern}: ${out}${err}`));
      resolve(code ?? signal ?? -1);
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve, reject });
        check();
      }),
  };
}
