import type { Kysely, Selectable } from 'kysely';
import { BOOKINGS_SLOT_INDEX } from '../migrations/0001_initial.js';
import type { BookingsTable, Tables } from '../tables.js';
import { toCount, toUtcIso } from '../values.js';

export interface NewBooking {
  id: string;
  sessionId: string | null;
  repId: string;
  startAt: string;
  endAt: string;
  attendeeEmail: string;
  attendeeName?: string | null;
  userTimeZone: string;
  createdAt: string;
  /** The outside calendar's event id (Google), when the booking lives there too. */
  externalId?: string | null;
  /** Idempotency key sent with the outside insert. */
  requestId?: string | null;
}

export interface BookingRecord {
  id: string;
  sessionId: string | null;
  repId: string;
  startAt: string;
  endAt: string;
  attendeeEmail: string;
  attendeeName: string | null;
  userTimeZone: string;
  status: string;
  createdAt: string;
  externalId: string | null;
  requestId: string | null;
}

export type BookingOutcome = 'booked' | 'conflict';

export class BookingsRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /**
   * Atomic: the unique index on (rep_id, start_at) lets exactly one of any
   * concurrent attempts at a slot succeed; the others get 'conflict'.
   * Times are normalised so equal instants always collide.
   */
  async tryBook(booking: NewBooking): Promise<BookingOutcome> {
    const startAt = toUtcIso(booking.startAt, 'startAt');
    const endAt = toUtcIso(booking.endAt, 'endAt');
    if (endAt <= startAt) {
      throw new RangeError(`endAt (${endAt}) must be after startAt (${startAt})`);
    }
    try {
      await this.db
        .insertInto('bookings')
        .values({
          id: booking.id,
          session_id: booking.sessionId,
          rep_id: booking.repId,
          start_at: startAt,
          end_at: endAt,
          attendee_email: booking.attendeeEmail,
          attendee_name: booking.attendeeName ?? null,
          user_time_zone: booking.userTimeZone,
          created_at: toUtcIso(booking.createdAt, 'createdAt'),
          external_id: booking.externalId ?? null,
          request_id: booking.requestId ?? null,
        })
        .execute();
      return 'booked';
    } catch (error) {
      // A row with this id already there is a conflict too: the caller reads it back to see whose.
      if (isSlotConflict(error) || isDuplicateId(error)) return 'conflict';
      throw error;
    }
  }

  /** Confirmed bookings starting in [fromIso, toIso), earliest first. */
  async listBetween(fromIso: string, toIso: string): Promise<BookingRecord[]> {
    const rows = await this.db
      .selectFrom('bookings')
      .selectAll()
      .where('status', '=', 'confirmed')
      .where('start_at', '>=', toUtcIso(fromIso, 'fromIso'))
      .where('start_at', '<', toUtcIso(toIso, 'toIso'))
      .orderBy('start_at')
      .orderBy('rep_id')
      .execute();
    return rows.map(toRecord);
  }

  /**
   * Whether the address has a confirmed booking starting at or after `fromIso`, other than those
   * of `exceptSessionId` (addresses are stored lowercase, as book_meeting writes them).
   */
  async hasUpcomingFor(email: string, fromIso: string, exceptSessionId?: string): Promise<boolean> {
    let query = this.db
      .selectFrom('bookings')
      .select('id')
      .where('status', '=', 'confirmed')
      .where('attendee_email', '=', email.trim().toLowerCase())
      .where('start_at', '>=', toUtcIso(fromIso, 'fromIso'));
    if (exceptSessionId)
      query = query.where((eb) =>
        eb.or([eb('session_id', 'is', null), eb('session_id', '!=', exceptSessionId)]),
      );
    return (await query.limit(1).executeTakeFirst()) !== undefined;
  }

  /** Marks a booking cancelled, which frees its slot (the slot index covers confirmed rows only). */
  async cancel(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('bookings')
      .set({ status: 'cancelled' })
      .where('id', '=', id)
      .where('status', '=', 'confirmed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows ?? 0n) > 0;
  }

  async updateAttendee(id: string, email: string): Promise<boolean> {
    const result = await this.db
      .updateTable('bookings')
      .set({ attendee_email: email })
      .where('id', '=', id)
      .where('status', '=', 'confirmed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows ?? 0n) > 0;
  }

  async get(id: string): Promise<BookingRecord | undefined> {
    const row = await this.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** All bookings the session made, whatever their status. */
  async countForSession(sessionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('bookings')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return toCount(row?.n);
  }
}

/**
 * Only the slot index counts as a conflict; other violations (a reused booking
 * id, an unknown rep) are bugs and are rethrown.
 */
export function isSlotConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  // PostgreSQL unique_violation names the index that was hit.
  if (code === '23505') return constraint === BOOKINGS_SLOT_INDEX;
  // SQLite/libsql: SQLITE_CONSTRAINT[_UNIQUE] and a message listing the index's columns.
  return (
    typeof code === 'string' &&
    code.startsWith('SQLITE_CONSTRAINT') &&
    typeof message === 'string' &&
    message.includes('UNIQUE constraint failed') &&
    message.includes('bookings.rep_id, bookings.start_at')
  );
}

/** The insert hit the primary key: a booking with this id exists already. */
function isDuplicateId(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (code === '23505') return constraint === 'bookings_pkey';
  return (
    typeof code === 'string' &&
    code.startsWith('SQLITE_CONSTRAINT') &&
    typeof message === 'string' &&
    /(UNIQUE|PRIMARY KEY) constraint failed: bookings\.id\b/.test(message)
  );
}

function toRecord(row: Selectable<BookingsTable>): BookingRecord {
  return {
    id: row.id,
    sessionId: row.session_id,
    repId: row.rep_id,
    startAt: row.start_at,
    endAt: row.end_at,
    attendeeEmail: row.attendee_email,
    attendeeName: row.attendee_name,
    userTimeZone: row.user_time_zone,
    status: row.status,
    createdAt: row.created_at,
    externalId: row.external_id,
    requestId: row.request_id,
  };
}
