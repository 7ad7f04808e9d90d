import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { BOOKINGS_SLOT_INDEX } from './0001_initial.js';

/**
 * Bookings can now be cancelled or moved. A cancelled row is kept for the record, so the
 * one-booking-per-slot index must only cover confirmed rows; a partial index does that on both
 * SQLite and PostgreSQL.
 */
export const cancellableBookings: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex(BOOKINGS_SLOT_INDEX).execute();
    await db.schema
      .createIndex(BOOKINGS_SLOT_INDEX)
      .on('bookings')
      .columns(['rep_id', 'start_at'])
      .unique()
      .where(sql.ref('status'), '=', 'confirmed')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex(BOOKINGS_SLOT_INDEX).execute();
    await db.schema
      .createIndex(BOOKINGS_SLOT_INDEX)
      .on('bookings')
      .columns(['rep_id', 'start_at'])
      .unique()
      .execute();
  },
};
