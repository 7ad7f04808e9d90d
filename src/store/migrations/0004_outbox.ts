import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * Deliveries to outside systems (analytics events, emails, CRM webhooks) are written here first
 * and sent by the outbox dispatcher, so a restart or an outage of the receiver loses nothing.
 * Portable types as in 0001: timestamps are ISO-8601 UTC text, the payload is JSON text.
 */
export const outbox: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c
          .notNull()
          .defaultTo('pending')
          .check(sql`status in ('pending', 'delivered', 'failed')`),
      )
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      // A claimed row carries its claimer's token until the outcome is written; an expired lease
      // (the claimer crashed) makes the row claimable again.
      .addColumn('lease_token', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // The dispatcher's question: which rows of this kind are due?
    await db.schema
      .createIndex('outbox_due_idx')
      .on('outbox')
      .columns(['status', 'kind', 'next_attempt_at'])
      .execute();
    // Retention: delivered rows are purged after a while.
    await db.schema
      .createIndex('outbox_delivered_idx')
      .on('outbox')
      .columns(['status', 'delivered_at'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('outbox').ifExists().execute();
  },
};
