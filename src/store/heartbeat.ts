import type { Kysely } from 'kysely';

// A type alias, not an interface: withTables needs an index-signature-compatible record.
type HeartbeatTables = {
  store_heartbeat: { id: string; checked_at: string };
};

const ROW = 'readyz';

/**
 * The readiness write probe: an upsert of one fixed row, committed. Chosen over a write inside a
 * rolled-back transaction because a rollback never reaches the commit, where a full disk or an
 * I/O error shows up, and because on SQLite an open transaction would hold the single connection
 * every conversation shares. The write goes through the same watched driver as every other, so a
 * deleted or replaced SQLite file fails it too.
 */
export async function probeWrite(db: Kysely<unknown>, now: Date = new Date()): Promise<void> {
  const checkedAt = now.toISOString();
  await (db as Kysely<HeartbeatTables>)
    .insertInto('store_heartbeat')
    .values({ id: ROW, checked_at: checkedAt })
    .onConflict((oc) => oc.column('id').doUpdateSet({ checked_at: checkedAt }))
    .execute();
}
