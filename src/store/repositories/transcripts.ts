import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Tables } from '../tables.js';
import { toUtcIso } from '../values.js';

export interface TranscriptMessage {
  id: string;
  sessionId: string;
  role: string;
  text: string;
  at: string;
}

/** Stores transcript lines. Callers must only append after the user consented to transcription. */
export class TranscriptsRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async append(message: TranscriptMessage): Promise<void> {
    await this.db
      .insertInto('transcript_messages')
      .values((eb) => ({
        id: message.id,
        session_id: message.sessionId,
        // A session's messages are appended one at a time, so next-in-session is safe here.
        seq: eb
          .selectFrom('transcript_messages')
          .select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
          .where('session_id', '=', message.sessionId),
        role: message.role,
        text: message.text,
        at: toUtcIso(message.at, 'at'),
      }))
      .execute();
  }

  /** In the order they were appended. */
  async list(sessionId: string): Promise<TranscriptMessage[]> {
    const rows = await this.db
      .selectFrom('transcript_messages')
      .select(['id', 'session_id', 'role', 'text', 'at'])
      .where('session_id', '=', sessionId)
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      sessionId: row.session_id,
      role: row.role,
      text: row.text,
      at: row.at,
    }));
  }
}
