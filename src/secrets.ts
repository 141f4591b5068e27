/**
 * Every secret string the process knows (vendor credentials, client API keys, vendor tokens once issued).
 * Logs and GraphQL errors are scrubbed against it as a last line of defence: code should never put a
 * secret into a message in the first place, and tests check that it never does.
 */
const known = new Set<string>();

/** Short values (a companyId, "1") would scrub ordinary text; real secrets are longer. */
const MIN_SECRET_LENGTH = 6;

export function registerSecret(value: unknown): void {
  if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) known.add(value);
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}

/** Keys whose values are secrets wherever they appear in config or payloads. */
export const SECRET_KEY_PATTERN = /pass(word)?|secret|token|license|api_?key|authorization|^code$|accesskey/i;
