/**
 * `${NAME}` anywhere in the config is replaced from the environment (docs/architecture.md, "Configuration"). The file is parsed
 * first with each reference swapped for a YAML-safe placeholder, and values are substituted into the parsed
 * strings afterwards: so `{ code: ${ALFA_KEY} }` works inside flow mappings (where a raw `}` would end the
 * mapping) and no environment value can ever change the YAML's structure.
 */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Either form, in one pass: a substituted value is never scanned again, so `${OTHER}` inside it stays literal. */
const EITHER = /MEETGRAPHENV_([A-Za-z_][A-Za-z0-9_]*?)_ENDENV|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function protectEnvReferences(text: string): string {
  return text.replace(REFERENCE, (_match, name: string) => `MEETGRAPHENV_${name}_ENDENV`);
}

/** Substitutes placeholders in every string of the parsed document; a missing variable is reported by path, never by value. */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, path: string, problems: string[]): unknown {
  if (typeof value === 'string') {
    const substitute = (_match: string, placeholder: string | undefined, reference: string | undefined): string => {
      const name = (placeholder ?? reference) as string;
      const found = env[name];
      if (found === undefined) {
        problems.push(`${path || '(root)'}: environment variable ${name} is not set`);
        return '';
      }
      return found;
    };
    return value.replace(EITHER, substitute);
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, `${path}[${i}]`, problems));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, path ? `${path}.${k}` : k, problems)]));
  }
  return value;
}
