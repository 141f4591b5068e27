#!/usr/bin/env node
/**
 * `npm start`: serves meetgraph from dist/, compiling first only when dist/ is missing or older than the
 * sources. A production start (`npm run serve`, `node dist/src/main.js`, the container image) never compiles.
 * Arguments pass through: `npm start -- --config meetgraph.yaml`. `--build-only` compiles and exits (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['core', 'src', 'schema', 'resolvers', 'datasources'];
const BUILD_INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const stamp = join(root, 'dist', '.build-stamp');
const entry = join(root, 'dist', 'src', 'main.js');

function newestSourceMtime() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (path.endsWith('.ts') || path.endsWith('.json')) newest = Math.max(newest, stat.mtimeMs);
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) visit(join(root, dir));
  for (const file of BUILD_INPUTS) if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

function isStale() {
  if (!existsSync(entry) || !existsSync(stamp)) return true;
  return newestSourceMtime() > statSync(stamp).mtimeMs;
}

function compile() {
  let tsc;
  try {
    tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    console.error(
      'meetgraph: dist/ is missing or older than the sources, and TypeScript is not installed (an `npm ci --omit=dev` install?).',
    );
    console.error('Build with `npm run build` where dev dependencies are installed, then start with `npm run serve`.');
    process.exit(1);
  }
  const started = Date.now();
  process.stdout.write('meetgraph: compiling TypeScript into dist/… ');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    console.error('\nmeetgraph: the TypeScript build failed (see above).');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv.includes('--build-only')) {
  compile();
} else {
  if (isStale()) compile();
  await import(pathToFileURL(entry).href);
}
