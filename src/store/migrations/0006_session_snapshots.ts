import type { Kysely, Migration } from 'kysely';

/**
 * What a chat needs to carry on after its socket drops: the session's facts, tier, dialogue state
 * and recent messages, saved after every turn (src/agent/session/snapshot.ts). A client that
 * reconnects within the resume window picks the conversation up from here, on this instance or
 * another one. `generation` goes up each time a conversation is resumed, so two instances can
 * never both take the same one over. Rows live only as long as the conversation: they are deleted
 * when it ends, and the retention purge removes any a crash left behind.
 */
export const sessionSnapshots: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('session_snapshots')
      .addColumn('session_id', 'text', (c) => c.primaryKey())
      /** JSON text. */
      .addColumn('snapshot', 'text', (c) => c.notNull())
      .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('saved_at', 'text', (c) => c.notNull())
      /** When the socket dropped; null while a client is connected. */
      .addColumn('parked_at', 'text')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('session_snapshots').ifExists().execute();
  },
};
