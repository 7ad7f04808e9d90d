import type { Kysely } from 'kysely';
import type { Tables } from './tables.js';

export interface RetentionPolicy {
  /** Transcripts and the record of emails sent (they hold addresses). */
  transcriptDays: number;
  /** Bookings, counted from the meeting's end. */
  bookingDays: number;
}

export interface PurgeResult {
  transcriptMessages: number;
  emailsSent: number;
  bookings: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes what is older than the retention policy allows. Timestamps are ISO-8601 UTC text in
 * every table, so a string comparison is a time comparison on SQLite and PostgreSQL alike.
 */
export async function purgeExpired(
  db: Kysely<Tables>,
  policy: RetentionPolicy,
  now: Date,
): Promise<PurgeResult> {
  const transcriptCutoff = new Date(now.getTime() - policy.transcriptDays * DAY_MS).toISOString();
  const bookingCutoff = new Date(now.getTime() - policy.bookingDays * DAY_MS).toISOString();
  const transcripts = await db
    .deleteFrom('transcript_messages')
    .where('at', '<', transcriptCutoff)
    .executeTakeFirst();
  const emails = await db
    .deleteFrom('emails_sent')
    .where('created_at', '<', transcriptCutoff)
    .executeTakeFirst();
  const bookings = await db.deleteFrom('bookings').where('end_at', '<', bookingCutoff).executeTakeFirst();
  return {
    transcriptMessages: Number(transcripts.numDeletedRows),
    emailsSent: Number(emails.numDeletedRows),
    bookings: Number(bookings.numDeletedRows),
  };
}
