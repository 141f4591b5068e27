import { Writable } from 'node:stream';
import { VendorRejectedError, quoteVendorText } from '../../datasources/vendor-errors.js';
import { JSONScalar } from '../../schema/scalars.js';
import { createLogger } from '../../core/logger.js';
import { registerSecret, scrubDeep, scrubSecrets } from '../../core/secrets.js';

/** A live-token-sized secret (174 characters, like the Apizee token of the report). */
const TOKEN = `tok_${'A1b2C3d4E5f6G7h8'.repeat(10)}xyzw${'Q9r8S7t6'.repeat(1)}`.slice(0, 174);
const KEY = 'key-with-"quotes"-and\\backslash-42';

beforeAll(() => {
  registerSecret(TOKEN);
  registerSecret(KEY);
});

/** Every 8-character piece of a secret: a fragment that long is already too much. */
function fragments(secret: string, size = 8): string[] {
  return Array.from({ length: secret.length - size + 1 }, (_, i) => secret.slice(i, i + size));
}
function leaks(text: string, secret: string): string[] {
  return fragments(secret).filter((f) => text.includes(f));
}

describe('the scrubber', () => {
  it('is long enough to matter', () => {
    expect(TOKEN).toHaveLength(174);
  });

  it('quoteVendorText scrubs before it cuts, so no fragment of a token survives the cut', () => {
    const vendorText = `The access token ${TOKEN} is not valid for this enterprise.`;
    const quoted = quoteVendorText(vendorText, 120);
    expect(quoted.length).toBeLessThanOrEqual(120);
    expect(quoted).toContain('[redacted]');
    expect(leaks(quoted, TOKEN)).toEqual([]);
    // The order matters: cutting first leaves most of the token, which the scrubber then cannot recognise.
    const cutFirst = scrubSecrets(vendorText.slice(0, 117));
    expect(leaks(cutFirst, TOKEN).length).toBeGreaterThan(50);
  });

  it('VendorError messages are scrubbed whoever built them', () => {
    const error = new VendorRejectedError({ vendor: 'apizee', connectionId: 'a' }, `Apizee said: ${TOKEN}`);
    expect(error.message).toBe('Apizee said: [redacted]');
  });

  it('scrubDeep and the JSON scalar (raw payloads) scrub keys and values at any depth', () => {
    const raw = { note: `see ${TOKEN}`, nested: [{ [KEY]: 1, deeper: { url: `https://x.test/?k=${encodeURIComponent(KEY)}` } }], count: 3 };
    for (const out of [scrubDeep(raw), JSONScalar.serialize(raw)]) {
      const text = JSON.stringify(out);
      expect(leaks(text, TOKEN)).toEqual([]);
      expect(text).not.toContain('quotes');
      expect(text).not.toContain(encodeURIComponent(KEY));
      expect((out as typeof raw).count).toBe(3);
    }
  });
});

describe('the logger', () => {
  function capture(): { lines: string[]; stream: Writable } {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { lines, stream };
  }

  it('scrubs every line, whatever field the secret hides in (message, nested values, errors, bindings)', () => {
    const { lines, stream } = capture();
    const logger = createLogger('debug', stream);
    logger.info(`vendor said ${TOKEN}`);
    logger.warn({ detail: { messages: [`license ${KEY} rejected`] } }, 'upstream call failed');
    logger.error({ err: new Error(`boom ${TOKEN}`) }, 'unexpected error');
    logger.child({ operation: `op-${KEY}` }).debug({ status: 401 }, 'upstream call');
    logger.info({ credentials: { license: 'plain-value-never-registered' } }, 'config');
    expect(lines).toHaveLength(5);
    const text = lines.join('');
    expect(leaks(text, TOKEN)).toEqual([]);
    expect(text).not.toContain('quotes');
    expect(text).not.toContain('plain-value-never-registered');
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
