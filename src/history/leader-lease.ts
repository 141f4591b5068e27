import type { Client } from 'pg';

/**
 * Who may run a background job: with several replicas, exactly one at a time per job key. A lease is held
 * until released or until its holder dies (then another replica takes over at its next attempt).
 */
export interface LeaderLease {
  /** True when this process holds (or has just taken) the lease for `key`. */
  tryAcquire(key: string): Promise<boolean>;
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

/** One process, nobody to compete with (embedded store, single replica). */
export class LocalLease implements LeaderLease {
  async tryAcquire(): Promise<boolean> {
    return true;
  }
  async release(): Promise<void> {}
  async close(): Promise<void> {}
}

/**
 * Leases as PostgreSQL session advisory locks on one dedicated connection: the replicas already share the
 * database, and a replica that dies drops its connection and with it every lock it held, so nothing has to
 * expire. `hashtext` maps a job key to the lock's number.
 */
export class PostgresAdvisoryLease implements LeaderLease {
  private readonly held = new Set<string>();
  private broken = false;

  constructor(private readonly client: Client) {
    // A dropped connection releases every lock server-side: forget them here too, and reconnect never.
    client.on('error', () => {
      this.broken = true;
      this.held.clear();
    });
  }

  static async connect(url: string): Promise<PostgresAdvisoryLease> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new PostgresAdvisoryLease(client);
  }

  async tryAcquire(key: string): Promise<boolean> {
    if (this.broken) return false;
    if (this.held.has(key)) return true;
    const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
    if (rows[0]?.ok) this.held.add(key);
    return Boolean(rows[0]?.ok);
  }

  async release(key: string): Promise<void> {
    if (!this.held.delete(key) || this.broken) return;
    await this.client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
  }

  async close(): Promise<void> {
    this.held.clear();
    await this.client.end().catch(() => undefined);
  }
}
