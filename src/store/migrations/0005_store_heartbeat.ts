import type { Kysely, Migration } from 'kysely';

/**
 * One row per deployment that /readyz rewrites: readiness proves the store can commit a write, not
 * just answer a select (a read-only or full disk, a read-only replica after a failover, a deleted
 * SQLite file all still answer selects). A single fixed row keeps the table at one row however
 * many instances probe it.
 */
export const storeHeartbeat: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('store_heartbeat')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('checked_at', 'text', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('store_heartbeat').ifExists().execute();
  },
};
