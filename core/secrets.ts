/**
 * THE scrubber. It knows every secret string the process holds: vendor credentials and client API keys
 * (registered when the config is validated) and vendor tokens (registered by each client the moment they are
 * issued). Every vendor-derived string passes it before it is shown anywhere: error messages (VendorError
 * scrubs in its constructor, `quoteVendorText` scrubs before cutting to length), `sources`, `raw` payloads
 * (`scrubDeep`), and every log line (the logger scrubs the serialized line). Code should never put a secret
 * into a message in the first place; this is the line that holds when a vendor echoes one back.
 */
const known = new Set<string>();
/** The forms a secret takes in text: as is, JSON-escaped (log lines) and URI-encoded (echoed URLs). Longest first. */
let patterns: string[] = [];

/** Short values (a companyId, "1") would scrub ordinary text; real secrets are longer. */
const MIN_SECRET_LENGTH = 6;
export const REDACTED = '[redacted]';

export function registerSecret(value: unknown): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || known.has(value)) return;
  known.add(value);
  const forms = new Set<string>([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
  patterns = [...new Set([...patterns, ...forms])].sort((a, b) => b.length - a.length);
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of patterns) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** Every string inside a JSON-like value, scrubbed (keys included); other values are kept as they are. */
export function scrubDeep<T>(value: T): T {
  if (typeof value === 'string') return scrubSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[scrubSecrets(k)] = scrubDeep(v);
    return out as T;
  }
  return value;
}

/** Keys whose values are secrets wherever they appear in config or payloads. */
export const SECRET_KEY_PATTERN = /pass(word)?|secret|token|license|api_?key|authorization|^code$|accesskey/i;
