import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

/**
 * The SQL the history store needs, over either engine: PGlite (embedded PostgreSQL, the default, no server)
 * or a PostgreSQL server through node-postgres. Both speak the same dialect, so one schema and one set of
 * statements serve both. Parameters are always bound ($1, $2 …), never interpolated.
 */
export interface SqlClient {
  readonly engine: 'pglite' | 'postgres';
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Runs `work` in one transaction: all of it commits, or none of it does. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const noNesting = (): Promise<never> => Promise.reject(new Error('transactions do not nest'));

function pgliteScope(q: PGlite | Transaction): Omit<SqlClient, 'transaction' | 'close'> {
  return {
    engine: 'pglite',
    query: async <Row>(text: string, params: readonly unknown[] = []) => (await q.query<Row>(text, params as unknown[])).rows,
    exec: async (script) => {
      await q.exec(script);
    },
  };
}

export function pgliteClient(db: PGlite): SqlClient {
  return {
    ...pgliteScope(db),
    transaction: (work) => db.transaction((tx) => work({ ...pgliteScope(tx), transaction: noNesting, close: async () => {} })),
    close: () => db.close(),
  };
}

function postgresScope(q: Pool | PoolClient): Omit<SqlClient, 'transaction' | 'close'> {
  return {
    engine: 'postgres',
    query: async <Row>(text: string, params: readonly unknown[] = []) => (await q.query(text, params as unknown[])).rows as Row[],
    exec: async (script) => {
      await q.query(script);
    },
  };
}

export function postgresClient(pool: Pool): SqlClient {
  return {
    ...postgresScope(pool),
    async transaction(work) {
      const client = await pool.connect();
      // A connection lost mid-transaction is reported by the failing query; without a listener, the same
      // error emitted on the client would crash the process.
      let broken: Error | undefined;
      const onError = (error: Error): void => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work({ ...postgresScope(client), transaction: noNesting, close: async () => {} });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken ??= error instanceof Error ? error : new Error(String(error));
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.off('error', onError);
        // A client whose transaction failed is not reused: it may be the one the server dropped.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
