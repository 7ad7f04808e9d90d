import type { Kysely } from 'kysely';
import type { Tables } from '../tables.js';
import { fromFlag, toFlag, toUtcIso } from '../values.js';

export interface ConsentRecord {
  sessionId: string;
  transcription: boolean;
  at: string;
}

export class ConsentRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Latest answer wins: a user may withdraw or give consent mid-session. */
  async record(sessionId: string, transcription: boolean, at: string): Promise<void> {
    const values = { transcription: toFlag(transcription), at: toUtcIso(at, 'at') };
    await this.db
      .insertInto('consent')
      .values({ session_id: sessionId, ...values })
      .onConflict((oc) => oc.column('session_id').doUpdateSet(values))
      .execute();
  }

  async get(sessionId: string): Promise<ConsentRecord | undefined> {
    const row = await this.db
      .selectFrom('consent')
      .selectAll()
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return row && { sessionId: row.session_id, transcription: fromFlag(row.transcription), at: row.at };
  }
}
