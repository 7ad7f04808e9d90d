import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Tables } from '../tables.js';
import { toUtcIso } from '../values.js';

export interface TransitionRecord {
  id: string;
  sessionId: string;
  from: string;
  to: string;
  reason: string | null;
  at: string;
}

export interface NewTransition {
  id: string;
  sessionId: string;
  from: string;
  to: string;
  reason?: string | null;
  at: string;
}

export class TransitionsRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async record(transition: NewTransition): Promise<void> {
    await this.db
      .insertInto('state_transitions')
      .values((eb) => ({
        id: transition.id,
        session_id: transition.sessionId,
        // One conversation writes its own transitions sequentially, so next-in-session is safe here.
        seq: eb
          .selectFrom('state_transitions')
          .select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
          .where('session_id', '=', transition.sessionId),
        from_state: transition.from,
        to_state: transition.to,
        reason: transition.reason ?? null,
        at: toUtcIso(transition.at, 'at'),
      }))
      .execute();
  }

  /** In the order they were recorded. */
  async list(sessionId: string): Promise<TransitionRecord[]> {
    const rows = await this.db
      .selectFrom('state_transitions')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      sessionId: row.session_id,
      from: row.from_state,
      to: row.to_state,
      reason: row.reason,
      at: row.at,
    }));
  }
}
