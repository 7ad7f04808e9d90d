import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { initial } from './0001_initial.js';
import { cancellableBookings } from './0002_cancellable_bookings.js';
import { googleCalendar } from './0003_google_calendar.js';
import { outbox } from './0004_outbox.js';
import { storeHeartbeat } from './0005_store_heartbeat.js';
import { sessionSnapshots } from './0006_session_snapshots.js';

/**
 * A static list rather than a folder scan, so migrations survive bundling.
 * Names sort in execution order; never rename or edit one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_cancellable_bookings': cancellableBookings,
  '0003_google_calendar': googleCalendar,
  '0004_outbox': outbox,
  '0005_store_heartbeat': storeHeartbeat,
  '0006_session_snapshots': sessionSnapshots,
};

/**
 * Applies pending migrations; returns the names it ran (empty when already current).
 * `list` exists for tests; production always uses the static `migrations`.
 */
export async function migrateToLatest<T>(
  db: Kysely<T>,
  list: Record<string, Migration> = migrations,
): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(list) };
  const migrator = new Migrator({ db, provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error');
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(
      failed
        ? `Database migration "${failed.migrationName}" failed: ${cause}`
        : `Database migrations failed before any migration ran: ${cause}`,
      { cause: error },
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
