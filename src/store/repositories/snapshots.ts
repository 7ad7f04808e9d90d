import type { Kysely } from 'kysely';
import type { Tables } from '../tables.js';
import { toUtcIso } from '../values.js';

export interface StoredSnapshot {
  sessionId: string;
  /** JSON text, read by src/agent/session/snapshot.ts. */
  snapshot: string;
  /** Bumped by each resume; only the holder of the current generation may write. */
  generation: number;
  savedAt: string;
  parkedAt: string | null;
}

/**
 * Snapshots of live chats (migration 0006). Every write names the generation its writer holds,
 * so an instance whose conversation was resumed elsewhere can no longer overwrite or delete it.
 */
export class SnapshotsRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /**
   * Saves the latest state and marks the session connected. Returns false when another holder
   * took the conversation over (the generation moved on), so the caller stops writing.
   */
  async save(sessionId: string, snapshot: string, generation: number, savedAt: string): Promise<boolean> {
    const at = toUtcIso(savedAt, 'savedAt');
    const result = await this.db
      .insertInto('session_snapshots')
      .values({ session_id: sessionId, snapshot, generation, saved_at: at, parked_at: null })
      .onConflict((conflict) =>
        conflict
          .column('session_id')
          .doUpdateSet({ snapshot, saved_at: at, parked_at: null })
          .where('session_snapshots.generation', '=', generation),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Records when the socket dropped: the resume window counts from here. */
  async park(sessionId: string, generation: number, parkedAt: string): Promise<boolean> {
    const result = await this.db
      .updateTable('session_snapshots')
      .set({ parked_at: toUtcIso(parkedAt, 'parkedAt') })
      .where('session_id', '=', sessionId)
      .where('generation', '=', generation)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async get(sessionId: string): Promise<StoredSnapshot | undefined> {
    const row = await this.db
      .selectFrom('session_snapshots')
      .selectAll()
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return (
      row && {
        sessionId: row.session_id,
        snapshot: row.snapshot,
        generation: Number(row.generation),
        savedAt: row.saved_at,
        parkedAt: row.parked_at,
      }
    );
  }

  /**
   * Takes the conversation over: succeeds for exactly one caller holding `generation` (a compare
   * and set), and returns the new generation it now holds.
   */
  async claim(sessionId: string, generation: number): Promise<number | undefined> {
    const result = await this.db
      .updateTable('session_snapshots')
      .set({ generation: generation + 1, parked_at: null })
      .where('session_id', '=', sessionId)
      .where('generation', '=', generation)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? generation + 1 : undefined;
  }

  /** The conversation has ended: its snapshot goes, unless someone else holds it now. */
  async remove(sessionId: string, generation: number): Promise<void> {
    await this.db
      .deleteFrom('session_snapshots')
      .where('session_id', '=', sessionId)
      .where('generation', '=', generation)
      .execute();
  }
}
