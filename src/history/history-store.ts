import type { ConnectionReportRecord, ParticipantRecord, ParticipantRoleValue, SessionRecord } from '../../datasources/records.js';
import { presenceChanges, type OpenRoom, type PresenceChange, type PresenceSample } from './presence.js';
import type { SqlClient } from './sql.js';

export type SyncKind = 'alpemix-reports' | 'alfaview-presence' | 'retention';

export interface SyncState {
  coveredFrom: Date | null;
  lastRunAt: Date | null;
  lastError: string | null;
}

export interface TimeWindow {
  from?: Date | null;
  to?: Date | null;
}

const asDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

/** A report as stored: JSON has no dates, so the date fields come back from their ISO strings. */
function reviveReport(record: ConnectionReportRecord): ConnectionReportRecord {
  return { ...record, startedAt: asDate(record.startedAt) };
}

/**
 * What the vendors forget, kept: Alpemix connection reports (the vendor serves today and yesterday only)
 * and alfaview room presence turned into sessions and attendance (the vendor shows only who is in a room
 * now). Every write is one transaction and idempotent: a sync step killed anywhere and run again neither
 * loses nor duplicates a row.
 */
export class HistoryStore {
  constructor(private readonly db: SqlClient) {}

  get engine(): SqlClient['engine'] {
    return this.db.engine;
  }

  // ---- connection reports ----

  /** Upserts reports by (connection, native id); returns how many were new. */
  async upsertConnectionReports(connectionId: string, reports: readonly ConnectionReportRecord[], storedAt: Date): Promise<number> {
    if (reports.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      let inserted = 0;
      for (const report of reports) {
        const rows = await tx.query<{ inserted: boolean }>(
          `INSERT INTO history_connection_reports (connection_id, native_id, started_at, record, stored_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (connection_id, native_id) DO UPDATE SET started_at = EXCLUDED.started_at, record = EXCLUDED.record
           RETURNING (xmax = 0) AS inserted`,
          [connectionId, report.nativeId, report.startedAt, JSON.stringify(report), storedAt],
        );
        if (rows[0]?.inserted) inserted += 1;
      }
      return inserted;
    });
  }

  /** Reports in the window, newest first (then by native id, for a stable order). */
  async connectionReports(connectionId: string, window: TimeWindow): Promise<ConnectionReportRecord[]> {
    const rows = await this.db.query<{ record: ConnectionReportRecord }>(
      `SELECT record FROM history_connection_reports
       WHERE connection_id = $1 AND ($2::timestamptz IS NULL OR started_at >= $2) AND ($3::timestamptz IS NULL OR started_at < $3)
       ORDER BY started_at DESC NULLS LAST, native_id`,
      [connectionId, window.from ?? null, window.to ?? null],
    );
    return rows.map((r) => reviveReport(typeof r.record === 'string' ? (JSON.parse(r.record) as ConnectionReportRecord) : r.record));
  }

  async connectionReportsById(connectionId: string, ids: readonly string[]): Promise<Map<string, ConnectionReportRecord>> {
    const rows = await this.db.query<{ native_id: string; record: ConnectionReportRecord }>(
      'SELECT native_id, record FROM history_connection_reports WHERE connection_id = $1 AND native_id = ANY($2::text[])',
      [connectionId, [...ids]],
    );
    return new Map(rows.map((r) => [r.native_id, reviveReport(r.record)]));
  }

  // ---- room presence ----

  /** Applies one presence sample in one transaction; returns the changes it made (none on a replay). */
  async recordPresence(connectionId: string, sample: PresenceSample): Promise<PresenceChange[]> {
    return this.db.transaction(async (tx) => {
      const openRows = await tx.query<{ room_id: string; session_id: string; participant_key: string | null; joined_at: Date | null }>(
        `SELECT s.room_id, s.session_id, p.participant_key, p.joined_at
         FROM history_room_sessions s
         LEFT JOIN history_session_participants p
           ON p.connection_id = s.connection_id AND p.session_id = s.session_id AND p.left_at IS NULL
         WHERE s.connection_id = $1 AND s.ended_at IS NULL
         FOR UPDATE OF s`,
        [connectionId],
      );
      const open = new Map<string, OpenRoom & { participants: Array<{ key: string; joinedAt: Date }> }>();
      for (const row of openRows) {
        const room = open.get(row.room_id) ?? { roomId: row.room_id, sessionId: row.session_id, participants: [] };
        if (row.participant_key !== null && row.joined_at !== null)
          room.participants.push({ key: row.participant_key, joinedAt: asDate(row.joined_at) as Date });
        open.set(row.room_id, room);
      }
      const changes = presenceChanges([...open.values()], sample);
      for (const change of changes) await applyChange(tx, connectionId, change);
      return changes;
    });
  }

  /** Sessions that overlap the window, newest first. */
  async roomSessions(connectionId: string, window: TimeWindow & { roomIds?: readonly string[] }): Promise<SessionRecord[]> {
    const rows = await this.db.query<SessionRow>(
      `SELECT s.session_id, s.room_id, s.room_title, s.started_at, s.ended_at,
              (SELECT count(DISTINCT p.participant_key) FROM history_session_participants p
                WHERE p.connection_id = s.connection_id AND p.session_id = s.session_id)::int AS participant_count
       FROM history_room_sessions s
       WHERE s.connection_id = $1
         AND ($2::timestamptz IS NULL OR s.ended_at IS NULL OR s.ended_at >= $2)
         AND ($3::timestamptz IS NULL OR s.started_at < $3)
         AND ($4::text[] IS NULL OR s.room_id = ANY($4::text[]))
       ORDER BY s.started_at DESC, s.session_id`,
      [connectionId, window.from ?? null, window.to ?? null, window.roomIds ? [...window.roomIds] : null],
    );
    return rows.map(toSessionRecord);
  }

  async roomSessionsById(connectionId: string, ids: readonly string[]): Promise<Map<string, SessionRecord>> {
    const rows = await this.db.query<SessionRow>(
      `SELECT s.session_id, s.room_id, s.room_title, s.started_at, s.ended_at,
              (SELECT count(DISTINCT p.participant_key) FROM history_session_participants p
                WHERE p.connection_id = s.connection_id AND p.session_id = s.session_id)::int AS participant_count
       FROM history_room_sessions s WHERE s.connection_id = $1 AND s.session_id = ANY($2::text[])`,
      [connectionId, [...ids]],
    );
    return new Map(rows.map((r) => [r.session_id, toSessionRecord(r)]));
  }

  /** Everyone who was in each session, in order of joining. */
  async sessionParticipants(connectionId: string, sessionIds: readonly string[]): Promise<Map<string, ParticipantRecord[]>> {
    const rows = await this.db.query<{
      session_id: string;
      participant_key: string;
      joined_at: Date;
      left_at: Date | null;
      display_name: string | null;
      role: string;
    }>(
      `SELECT session_id, participant_key, joined_at, left_at, display_name, role FROM history_session_participants
       WHERE connection_id = $1 AND session_id = ANY($2::text[]) ORDER BY joined_at, participant_key`,
      [connectionId, [...sessionIds]],
    );
    const out = new Map<string, ParticipantRecord[]>(sessionIds.map((id) => [id, []]));
    for (const row of rows) {
      const joinedAt = asDate(row.joined_at) as Date;
      const leftAt = asDate(row.left_at);
      out.get(row.session_id)?.push({
        nativeId: `${row.session_id}/${row.participant_key}/${joinedAt.toISOString()}`,
        displayName: row.display_name,
        email: null,
        phone: null,
        role: row.role as ParticipantRoleValue,
        presence: leftAt ? 'LEFT' : 'ONLINE',
        joinedAt,
        leftAt,
        raw: { source: 'history', participantKey: row.participant_key },
      });
    }
    return out;
  }

  // ---- sync bookkeeping and retention ----

  async syncState(connectionId: string, kind: SyncKind): Promise<SyncState> {
    const rows = await this.db.query<{ covered_from: Date | null; last_run_at: Date | null; last_error: string | null }>(
      'SELECT covered_from, last_run_at, last_error FROM history_sync_state WHERE connection_id = $1 AND kind = $2',
      [connectionId, kind],
    );
    const row = rows[0];
    return { coveredFrom: asDate(row?.covered_from), lastRunAt: asDate(row?.last_run_at), lastError: row?.last_error ?? null };
  }

  /**
   * Records a sync run. `coveredFrom` only ever moves earlier (the store keeps what it has), unless the run
   * found a gap it cannot fill (`restartCoverage`: what the vendor forgot meanwhile is lost, so coverage
   * starts again). A failed run keeps the coverage and stores the error text (already scrubbed by the caller).
   */
  async recordSyncRun(
    connectionId: string,
    kind: SyncKind,
    run: { at: Date; coveredFrom?: Date | null; error?: string | null; restartCoverage?: boolean },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO history_sync_state (connection_id, kind, covered_from, last_run_at, last_error) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (connection_id, kind) DO UPDATE SET
         covered_from = CASE
           WHEN $6::boolean THEN EXCLUDED.covered_from
           WHEN history_sync_state.covered_from IS NULL THEN EXCLUDED.covered_from
           WHEN EXCLUDED.covered_from IS NULL THEN history_sync_state.covered_from
           ELSE LEAST(history_sync_state.covered_from, EXCLUDED.covered_from) END,
         last_run_at = EXCLUDED.last_run_at,
         last_error = EXCLUDED.last_error`,
      [connectionId, kind, run.coveredFrom ?? null, run.at, run.error ?? null, run.restartCoverage === true],
    );
  }

  /**
   * Deletes what is older than `cutoff` (reports by start, sessions by end; open sessions stay) and moves
   * coverage up to the cutoff, so a range the store no longer holds is never reported as covered.
   */
  async deleteOlderThan(cutoff: Date): Promise<{ reports: number; sessions: number }> {
    return this.db.transaction(async (tx) => {
      const reports = await tx.query('DELETE FROM history_connection_reports WHERE started_at < $1 RETURNING 1', [cutoff]);
      const sessions = await tx.query('DELETE FROM history_room_sessions WHERE ended_at IS NOT NULL AND ended_at < $1 RETURNING 1', [
        cutoff,
      ]);
      await tx.query('UPDATE history_sync_state SET covered_from = $1 WHERE covered_from < $1', [cutoff]);
      return { reports: reports.length, sessions: sessions.length };
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

interface SessionRow {
  session_id: string;
  room_id: string;
  room_title: string | null;
  started_at: Date;
  ended_at: Date | null;
  participant_count: number;
}

function toSessionRecord(row: SessionRow): SessionRecord {
  const startedAt = asDate(row.started_at) as Date;
  const endedAt = asDate(row.ended_at);
  return {
    nativeId: row.session_id,
    meetingNativeId: row.room_id,
    title: row.room_title,
    startedAt,
    endedAt,
    durationSeconds: endedAt ? Math.round((endedAt.getTime() - startedAt.getTime()) / 1000) : null,
    live: endedAt === null,
    participantCount: Number(row.participant_count),
    raw: { source: 'history' },
  };
}

async function applyChange(tx: SqlClient, connectionId: string, change: PresenceChange): Promise<void> {
  switch (change.kind) {
    case 'openSession':
      await tx.query(
        'INSERT INTO history_room_sessions (connection_id, session_id, room_id, room_title, started_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [connectionId, change.sessionId, change.roomId, change.roomTitle, change.at],
      );
      return;
    case 'closeSession':
      await tx.query('UPDATE history_room_sessions SET ended_at = $3 WHERE connection_id = $1 AND session_id = $2 AND ended_at IS NULL', [
        connectionId,
        change.sessionId,
        change.at,
      ]);
      return;
    case 'join':
      await tx.query(
        `INSERT INTO history_session_participants (connection_id, session_id, participant_key, joined_at, display_name, role)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [connectionId, change.sessionId, change.key, change.at, change.displayName, change.role],
      );
      return;
    case 'leave':
      await tx.query(
        'UPDATE history_session_participants SET left_at = $5 WHERE connection_id = $1 AND session_id = $2 AND participant_key = $3 AND joined_at = $4 AND left_at IS NULL',
        [connectionId, change.sessionId, change.key, change.joinedAt, change.at],
      );
      return;
  }
}
