import type { SqlClient } from './sql.js';

/**
 * The history schema, as numbered migrations applied in order at start. A migration is never edited once
 * released: a change is a new entry. Each runs in its own transaction together with its bookkeeping row,
 * under an advisory lock, so replicas starting at once apply each exactly once.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'connection reports, room presence, sync state',
    sql: `
      CREATE TABLE history_connection_reports (
        connection_id text NOT NULL,
        native_id text NOT NULL,
        started_at timestamptz,
        record jsonb NOT NULL,
        stored_at timestamptz NOT NULL,
        PRIMARY KEY (connection_id, native_id)
      );
      CREATE INDEX history_connection_reports_started ON history_connection_reports (connection_id, started_at);

      CREATE TABLE history_room_sessions (
        connection_id text NOT NULL,
        session_id text NOT NULL,
        room_id text NOT NULL,
        room_title text,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        PRIMARY KEY (connection_id, session_id)
      );
      CREATE INDEX history_room_sessions_started ON history_room_sessions (connection_id, started_at);
      -- At most one open session per room: the presence sampler relies on it.
      CREATE UNIQUE INDEX history_room_sessions_open ON history_room_sessions (connection_id, room_id) WHERE ended_at IS NULL;

      CREATE TABLE history_session_participants (
        connection_id text NOT NULL,
        session_id text NOT NULL,
        participant_key text NOT NULL,
        joined_at timestamptz NOT NULL,
        left_at timestamptz,
        display_name text,
        role text NOT NULL,
        PRIMARY KEY (connection_id, session_id, participant_key, joined_at),
        FOREIGN KEY (connection_id, session_id) REFERENCES history_room_sessions (connection_id, session_id) ON DELETE CASCADE
      );

      CREATE TABLE history_sync_state (
        connection_id text NOT NULL,
        kind text NOT NULL,
        covered_from timestamptz,
        last_run_at timestamptz,
        last_error text,
        PRIMARY KEY (connection_id, kind)
      );
    `,
  },
];

/** Any constant: names the history schema's migration lock (pg_advisory_xact_lock). */
export const MIGRATION_LOCK_ID = 727_164_001;

export async function migrate(db: SqlClient): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
      await tx.exec(
        'CREATE TABLE IF NOT EXISTS history_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)',
      );
      const rows = await tx.query('SELECT 1 FROM history_migrations WHERE version = $1', [migration.version]);
      if (rows.length) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO history_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
