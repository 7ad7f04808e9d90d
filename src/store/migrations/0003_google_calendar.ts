import type { Kysely, Migration } from 'kysely';

/**
 * Google Calendar as the production calendar: each sales rep gets the id of the Google calendar
 * their meetings go on, and each booking keeps the Google event it made (`external_id`) and the
 * idempotency key sent with the insert (`request_id`), so a retried booking finds its event again.
 * Nullable text columns, added one per statement: portable to SQLite and PostgreSQL, and rows made
 * by the embedded calendar stay valid.
 */
export const googleCalendar: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sales_reps').addColumn('calendar_id', 'text').execute();
    await db.schema.alterTable('bookings').addColumn('external_id', 'text').execute();
    await db.schema.alterTable('bookings').addColumn('request_id', 'text').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('bookings').dropColumn('request_id').execute();
    await db.schema.alterTable('bookings').dropColumn('external_id').execute();
    await db.schema.alterTable('sales_reps').dropColumn('calendar_id').execute();
  },
};
