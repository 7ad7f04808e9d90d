import type { Kysely } from 'kysely';
import type { Tables } from '../tables.js';
import { toCount, toUtcIso } from '../values.js';

export interface SentEmail {
  id: string;
  sessionId: string;
  toAddress: string;
  subject: string;
  resourceUrl?: string | null;
  createdAt: string;
}

/** Record of resource emails sent (or queued) per session, e.g. for per-session limits. */
export class EmailsRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async record(email: SentEmail): Promise<void> {
    await this.db
      .insertInto('emails_sent')
      .values({
        id: email.id,
        session_id: email.sessionId,
        to_address: email.toAddress,
        subject: email.subject,
        resource_url: email.resourceUrl ?? null,
        created_at: toUtcIso(email.createdAt, 'createdAt'),
      })
      .execute();
  }

  async countForSession(sessionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('emails_sent')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return toCount(row?.n);
  }
}
