import { mkdirSync } from 'node:fs';
import { HistoryStore } from './history-store.js';
import { migrate, MIGRATION_LOCK_ID } from './migrations.js';
import { pgliteClient, postgresClient, type SqlClient } from './sql.js';

/** Where history lives: embedded PGlite in a folder (default ./data/history), in memory (tests), or PostgreSQL. */
export type StoreLocation =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'memory' }
  /** `schema` (optional) keeps meetgraph's tables apart from others in a shared database. */
  | { kind: 'postgres'; url: string; schema?: string };

/** Opens the store and brings its schema up to date (migrations run at every start; applied ones are skipped). */
export async function openHistoryStore(location: StoreLocation): Promise<HistoryStore> {
  let db: SqlClient;
  if (location.kind === 'postgres') {
    const { default: pg } = await import('pg');
    if (location.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(location.schema))
      throw new Error('store.postgres.schema must be a lowercase SQL identifier');
    const pool = new pg.Pool({
      connectionString: location.url,
      max: 4,
      options: location.schema ? `-c search_path=${location.schema}` : undefined,
    });
    db = postgresClient(pool);
    const schema = location.schema;
    if (schema) {
      // Under the migration lock: replicas starting at once would otherwise race on CREATE SCHEMA.
      await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
        await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      });
    }
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    if (location.kind === 'embedded') mkdirSync(location.dataDir, { recursive: true });
    db = pgliteClient(location.kind === 'embedded' ? new PGlite(location.dataDir) : new PGlite());
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return new HistoryStore(db);
}
