import { createHash, randomUUID } from 'node:crypto';
import { MemoryStateStore } from '../core/memory-state-store.js';
import { registerSecret } from '../core/secrets.js';
import type { StateStore } from '../core/state-store.js';

/** A vendor access token as stored: shared by every replica of the connection through the state store. */
export interface IssuedToken {
  value: string;
  /** Epoch ms after which it is renewed before use (some margin before the vendor's expiry). */
  renewAt: number;
}

export interface SharedTokenOptions {
  /** The state store; without one, this process's memory (then single-flight holds per process only). */
  state?: StateStore;
  /** Names the account: vendor, connection id and a hash of what the token is issued for (see `tokenKey`). */
  key: string;
  now: () => Date;
  /** How long a replica may hold the renewal lock; another replica takes over after that (its owner died). */
  lockMs?: number;
  /** How often a replica waiting for another's renewal looks for the new token. */
  pollMs?: number;
}

/**
 * The state-store key of a connection's token. The hash covers the base URL and credentials, so a replica with
 * changed credentials never picks up a token issued for the old ones; the credentials themselves never appear.
 */
export function tokenKey(vendor: string, connectionId: string, issuedFor: unknown): string {
  return accountKey('token', vendor, connectionId, issuedFor);
}

/** `<kind>:<vendor>:<connection id>:<hash of what the entry depends on>`: a state-store key per vendor account. */
export function accountKey(kind: string, vendor: string, connectionId: string, dependsOn: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(dependsOn)).digest('hex').slice(0, 16);
  return `${kind}:${vendor}:${connectionId}:${digest}`;
}

/**
 * A vendor token shared by every replica, renewed by ONE of them at a time ("single flight" cluster-wide):
 * - in this process, concurrent callers share one promise;
 * - across replicas, the one that takes the renewal lock (`setIfAbsent`) asks the vendor; the others poll the
 *   store until the new token appears (or the lock expires, when its owner died mid-renewal, and one of them
 *   takes over);
 * - a token the vendor refused is dropped only if it is still the stored one (`deleteIfEquals`), so a replica
 *   never throws away a token another replica just renewed.
 * The token is kept until `renewAt`; the store entry expires then, too.
 */
export class SharedToken {
  private readonly state: StateStore;
  private local: IssuedToken | null = null;
  private pending: Promise<string> | null = null;
  private readonly lockMs: number;
  private readonly pollMs: number;

  constructor(private readonly options: SharedTokenOptions) {
    this.state = options.state ?? new MemoryStateStore(() => options.now().getTime());
    this.lockMs = options.lockMs ?? 30_000;
    this.pollMs = options.pollMs ?? 50;
  }

  /** A valid token: this process's copy, the shared one, or one issued by `issue` (by one replica at a time). */
  get(issue: () => Promise<IssuedToken>): Promise<string> {
    if (this.local && this.now() < this.local.renewAt) return Promise.resolve(this.local.value);
    if (!this.pending) {
      this.pending = this.fetch(issue).finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  /** The vendor refused `value`: forget it here and in the store, unless it was already replaced. */
  async forget(value: string): Promise<void> {
    if (this.local?.value === value) this.local = null;
    const shared = await this.state.get<IssuedToken>(this.options.key);
    if (shared?.value === value) await this.state.deleteIfEquals(this.options.key, shared);
  }

  /** Forgets this process's copy (shutdown); the shared one stays for the other replicas. */
  reset(): void {
    this.local = null;
  }

  private async fetch(issue: () => Promise<IssuedToken>): Promise<string> {
    const { key } = this.options;
    const lockKey = `${key}:renewing`;
    for (;;) {
      const shared = await this.state.get<IssuedToken>(key);
      if (shared && this.now() < shared.renewAt) return this.adopt(shared);
      const owner = randomUUID();
      if (await this.state.setIfAbsent(lockKey, owner, this.lockMs)) {
        try {
          // Another replica may have stored a token between our read and our lock.
          const again = await this.state.get<IssuedToken>(key);
          if (again && this.now() < again.renewAt) return this.adopt(again);
          const token = await issue();
          await this.state.set(key, token, Math.max(1, token.renewAt - this.now()));
          return this.adopt(token);
        } finally {
          await this.state.deleteIfEquals(lockKey, owner);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  private adopt(token: IssuedToken): string {
    // Issued by another replica: this process's scrubber must know it too.
    registerSecret(token.value);
    this.local = token;
    return token.value;
  }

  private now(): number {
    return this.options.now().getTime();
  }
}
