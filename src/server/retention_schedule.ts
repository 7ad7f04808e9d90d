import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { withMaintenanceConnection } from '../store/maintenance.js';
import { purgeExpired } from '../store/retention.js';

const EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Enforces the retention policy while the server runs: once when it starts listening, then every
 * six hours. `npm run purge` does the same on demand. Counts are logged, never what was deleted.
 */
export function scheduleRetentionPurge(server: FastifyInstance, app: App): void {
  let timer: NodeJS.Timeout | undefined;
  const purge = async () => {
    try {
      const deleted = await purgeWithPolicy(app);
      server.log.info({ deleted }, 'retention purge');
    } catch (error) {
      server.log.warn({ reason: (error as Error).message }, 'retention purge failed; will try again');
    }
  };
  server.addHook('onListen', async () => {
    void purge();
    timer = setInterval(() => void purge(), EVERY_MS);
    timer.unref();
  });
  server.addHook('onClose', async () => clearInterval(timer));
}

/** The retention purge on a maintenance connection (large deletes may take a while). */
export function purgeWithPolicy(app: Pick<App, 'config' | 'store'>) {
  return withMaintenanceConnection(app.store.database, app.config.env.DATABASE_URL, (db) =>
    purgeExpired(db, retentionPolicy(app), new Date()),
  );
}

export function retentionPolicy(app: Pick<App, 'config'>) {
  return {
    transcriptDays: app.config.env.RETENTION_TRANSCRIPT_DAYS,
    bookingDays: app.config.env.RETENTION_BOOKING_DAYS,
  };
}
