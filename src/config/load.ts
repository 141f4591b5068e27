import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { MeetgraphConfig } from './config.js';
import { interpolateEnv, protectEnvReferences } from './interpolate.js';
import { ConfigError, validateConfig } from './validate.js';

export const DEFAULT_CONFIG_FILE = 'meetgraph.yaml';

/** `--config PATH`, else MEETGRAPH_CONFIG, else ./meetgraph.yaml; null means sandbox mode. */
export function findConfigFile(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string | null {
  const flag = argv.indexOf('--config');
  if (flag >= 0) {
    const value = argv[flag + 1];
    if (!value || value.startsWith('--')) throw new ConfigError(['--config: a file path is required']);
    return path.resolve(cwd, value);
  }
  const inline = argv.find((a) => a.startsWith('--config='));
  if (inline) return path.resolve(cwd, inline.slice('--config='.length));
  if (env.MEETGRAPH_CONFIG) return path.resolve(cwd, env.MEETGRAPH_CONFIG);
  const local = path.resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(local) ? local : null;
}

/** Parses YAML (a superset of JSON, so .json files work too), interpolates ${ENV} and validates. */
export function parseConfigText(text: string, env: NodeJS.ProcessEnv, source = 'config'): MeetgraphConfig {
  let doc: unknown;
  try {
    doc = parseYaml(protectEnvReferences(text));
  } catch (error) {
    const where = error instanceof Error && 'linePos' in error ? ` (${JSON.stringify((error as { linePos?: unknown }).linePos)})` : '';
    throw new ConfigError([`${source}: not valid YAML or JSON${where}`]);
  }
  const problems: string[] = [];
  const interpolated = interpolateEnv(doc, env, '', problems);
  if (problems.length) throw new ConfigError(problems);
  return validateConfig(interpolated, env);
}

export function loadConfigFile(file: string, env: NodeJS.ProcessEnv): MeetgraphConfig {
  if (!existsSync(file)) throw new ConfigError([`${file}: no such config file`]);
  return parseConfigText(readFileSync(file, 'utf8'), env, file);
}
