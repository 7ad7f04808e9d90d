import type { Kysely } from 'kysely';
import { openDatabase, type Database } from './database.js';
import type { Tables } from './tables.js';

/**
 * Runs migrations or a purge on a connection with maintenance time limits. On PostgreSQL the
 * conversation pool gives each statement well under a second (so a stalled server never holds a
 * turn), which an index build or a large delete can rightly exceed; those get a pool of their own
 * for the duration. SQLite has no such limits, so its open database is used as it is.
 */
export async function withMaintenanceConnection<T>(
  database: Database,
  postgresUrl: string | undefined,
  work: (db: Kysely<Tables>) => Promise<T>,
): Promise<T> {
  if (database.dialect !== 'postgres' || !postgresUrl) return work(database.db);
  const maintenance = await openDatabase({ url: postgresUrl, maintenance: true });
  try {
    return await work(maintenance.db);
  } finally {
    await maintenance.close();
  }
}
