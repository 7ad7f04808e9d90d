import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../store/tables.js';

/**
 * A person's data, found by their email address (GDPR/CCPA access and erasure requests): the
 * bookings and emails addressed to them, the conversations those came from (transcript, facts,
 * consent, feedback), and outbox deliveries that carry the address.
 */
export interface PersonData {
  sessions: Array<Record<string, unknown>>;
  bookings: Array<Record<string, unknown>>;
  emailsSent: Array<Record<string, unknown>>;
  transcripts: Array<Record<string, unknown>>;
  qualification: Array<Record<string, unknown>>;
  consent: Array<Record<string, unknown>>;
  feedback: Array<Record<string, unknown>>;
  pendingDeliveries: number;
}

export interface ErasureResult {
  sessions: number;
  bookings: number;
  emailsSent: number;
  transcriptMessages: number;
  outboxRows: number;
}

/** What a log line may say about the request: a short hash, never the address. */
export function requestReference(email: string): string {
  return createHash('sha256').update(normalise(email)).digest('hex').slice(0, 12);
}

function normalise(email: string): string {
  return email.trim().toLowerCase();
}

async function sessionIdsFor(db: Kysely<Tables>, email: string): Promise<string[]> {
  const [fromBookings, fromEmails] = await Promise.all([
    db.selectFrom('bookings').select('session_id').where('attendee_email', '=', email).execute(),
    db.selectFrom('emails_sent').select('session_id').where('to_address', '=', email).execute(),
  ]);
  const ids = new Set<string>();
  for (const row of [...fromBookings, ...fromEmails]) if (row.session_id) ids.add(row.session_id);
  return [...ids];
}

/** Outbox rows whose JSON payload carries the address (an email to send, a hand-off notice). */
async function outboxIdsFor(db: Kysely<Tables>, email: string): Promise<string[]> {
  const rows = await db.selectFrom('outbox').select(['id', 'payload']).execute();
  return rows.filter((row) => row.payload.toLowerCase().includes(`"${email}"`)).map((row) => row.id);
}

export async function exportPersonData(db: Kysely<Tables>, rawEmail: string): Promise<PersonData> {
  const email = normalise(rawEmail);
  const ids = await sessionIdsFor(db, email);
  const none = Promise.resolve([] as Array<Record<string, unknown>>);
  const any = ids.length > 0;
  const [sessions, bookings, emailsSent, transcripts, qualification, consent, feedback, outbox] =
    await Promise.all([
      any ? db.selectFrom('sessions').selectAll().where('id', 'in', ids).execute() : none,
      db.selectFrom('bookings').selectAll().where('attendee_email', '=', email).execute(),
      db.selectFrom('emails_sent').selectAll().where('to_address', '=', email).execute(),
      any ? db.selectFrom('transcript_messages').selectAll().where('session_id', 'in', ids).execute() : none,
      any ? db.selectFrom('qualification').selectAll().where('session_id', 'in', ids).execute() : none,
      any ? db.selectFrom('consent').selectAll().where('session_id', 'in', ids).execute() : none,
      any ? db.selectFrom('feedback').selectAll().where('session_id', 'in', ids).execute() : none,
      outboxIdsFor(db, email),
    ]);
  return {
    sessions,
    bookings,
    emailsSent,
    transcripts,
    qualification,
    consent,
    feedback,
    pendingDeliveries: outbox.length,
  };
}

/**
 * Deletes everything `exportPersonData` finds, in one transaction. The session rows stay, with
 * nothing personal left in them (channel, times, end reason), so counts and dashboards still add up.
 */
export async function erasePersonData(db: Kysely<Tables>, rawEmail: string): Promise<ErasureResult> {
  const email = normalise(rawEmail);
  return db.transaction().execute(async (trx) => {
    const ids = await sessionIdsFor(trx, email);
    const outboxIds = await outboxIdsFor(trx, email);
    const count = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);
    let transcriptMessages = 0;
    if (ids.length > 0) {
      transcriptMessages = count(
        await trx.deleteFrom('transcript_messages').where('session_id', 'in', ids).executeTakeFirst(),
      );
      await trx.deleteFrom('qualification').where('session_id', 'in', ids).execute();
      await trx.deleteFrom('consent').where('session_id', 'in', ids).execute();
      await trx.deleteFrom('feedback').where('session_id', 'in', ids).execute();
    }
    const bookings = count(
      await trx.deleteFrom('bookings').where('attendee_email', '=', email).executeTakeFirst(),
    );
    const emailsSent = count(
      await trx.deleteFrom('emails_sent').where('to_address', '=', email).executeTakeFirst(),
    );
    const outboxRows =
      outboxIds.length === 0
        ? 0
        : count(await trx.deleteFrom('outbox').where('id', 'in', outboxIds).executeTakeFirst());
    return { sessions: ids.length, bookings, emailsSent, transcriptMessages, outboxRows };
  });
}
