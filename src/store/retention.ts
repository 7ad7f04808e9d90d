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
  /** Chat snapshots a crash left behind (a live one is rewritten every turn). */
  snapshots: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** No chat lasts a day; a snapshot older than that belongs to a conversation that is over. */
const SNAPSHOT_MAX_AGE_MS = DAY_MS;

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
  const snapshots = await db
    .deleteFrom('session_snapshots')
    .where('saved_at', '<', new Date(now.getTime() - SNAPSHOT_MAX_AGE_MS).toISOString())
    .executeTakeFirst();
  return {
    transcriptMessages: Number(transcripts.numDeletedRows),
    emailsSent: Number(emails.numDeletedRows),
    bookings: Number(bookings.numDeletedRows),
    snapshots: Number(snapshots.numDeletedRows),
  };
}
