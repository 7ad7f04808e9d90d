import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/** Named so the bookings repository can tell a slot conflict from other unique violations. */
export const BOOKINGS_SLOT_INDEX = 'bookings_rep_start_unique';

/**
 * Portable types only (text, integer, real) so the same migration runs on SQLite
 * and PostgreSQL: timestamps are ISO-8601 UTC text, booleans 0/1, JSON text, ids
 * caller-generated UUID text.
 */
export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('web', 'console', 'voice')`))
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('user_time_zone', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('end_reason', 'text')
      .addColumn('handoff', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    // Children of a session go with it if sessions are ever purged (retention).
    await db.schema
      .createTable('state_transitions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('from_state', 'text', (c) => c.notNull())
      .addColumn('to_state', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('state_transitions_session_idx')
      .on('state_transitions')
      .columns(['session_id', 'seq'])
      .execute();

    await db.schema
      .createTable('qualification')
      .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
      .addColumn('team_size', 'integer')
      .addColumn('monthly_volume', 'integer')
      .addColumn('use_case', 'text')
      .addColumn('integrations', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('industry', 'text')
      .addColumn('urgency', 'text')
      .addColumn('tier', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('consent')
      .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
      .addColumn('transcription', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('transcript_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('transcript_messages_session_idx')
      .on('transcript_messages')
      .columns(['session_id', 'seq'])
      .execute();

    await db.schema
      .createTable('sales_reps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('work_days', 'text', (c) => c.notNull())
      .addColumn('work_start', 'text', (c) => c.notNull())
      .addColumn('work_end', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

    await db.schema
      .createTable('bookings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.references('sessions.id').onDelete('set null'))
      .addColumn('rep_id', 'text', (c) => c.notNull().references('sales_reps.id'))
      .addColumn('start_at', 'text', (c) => c.notNull())
      .addColumn('end_at', 'text', (c) => c.notNull())
      .addColumn('attendee_email', 'text', (c) => c.notNull())
      .addColumn('attendee_name', 'text')
      .addColumn('user_time_zone', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('confirmed'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // This index is what makes booking atomic: two sessions cannot take one slot.
    await db.schema
      .createIndex(BOOKINGS_SLOT_INDEX)
      .on('bookings')
      .columns(['rep_id', 'start_at'])
      .unique()
      .execute();
    await db.schema.createIndex('bookings_start_idx').on('bookings').column('start_at').execute();
    await db.schema.createIndex('bookings_session_idx').on('bookings').column('session_id').execute();

    // No foreign key: feedback may arrive for a session created in another process.
    await db.schema
      .createTable('feedback')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('score', 'integer', (c) => c.notNull().check(sql`score between 0 and 10`))
      .addColumn('comment', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('feedback_created_idx').on('feedback').column('created_at').execute();

    await db.schema
      .createTable('emails_sent')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('to_address', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('resource_url', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('emails_sent_session_idx').on('emails_sent').column('session_id').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'emails_sent',
      'feedback',
      'bookings',
      'sales_reps',
      'transcript_messages',
      'consent',
      'qualification',
      'state_transitions',
      'sessions',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
