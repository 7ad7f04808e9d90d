import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { findOffer } from './slots.js';
import type {
  BookingRequest,
  BookingResult,
  CalendarRepository,
  CalendarService,
  FindSlotsRequest,
  SalesRep,
  Slot,
} from './types.js';

const REPS_TTL_MS = 60_000;

export interface EmbeddedCalendarOptions {
  meetingMinutes: number;
  horizonDays: number;
  /** Earliest a meeting can start after "now", so reps get notice. */
  minLeadMinutes?: number;
}

/** Sales reps' working hours and bookings from our own store; atomicity comes from a unique index. */
export class EmbeddedCalendar implements CalendarService {
  constructor(
    private readonly repository: CalendarRepository,
    private readonly options: EmbeddedCalendarOptions,
  ) {}

  // Reps change rarely; reading them for every search was a fifth of a slot search's time.
  #repsCache: { at: number; reps: Promise<SalesRep[]> } | undefined;

  #reps(): Promise<SalesRep[]> {
    const now = Date.now();
    if (!this.#repsCache || now - this.#repsCache.at > REPS_TTL_MS) {
      const reps = this.repository.listReps();
      this.#repsCache = { at: now, reps };
      reps.catch(() => (this.#repsCache = undefined));
    }
    return this.#repsCache.reps;
  }

  async findSlots(request: FindSlotsRequest): Promise<Slot[]> {
    const from = DateTime.fromJSDate(request.now)
      .plus({ minutes: this.options.minLeadMinutes ?? 120 })
      .toUTC();
    const until = from.plus({ days: this.options.horizonDays });
    const [reps, busy] = await Promise.all([
      this.#reps(),
      this.repository.listBusy(from.toISO()!, until.toISO()!),
    ]);
    return findOffer({
      request,
      reps,
      busy: new Set(busy.map((b) => `${b.repId}|${normalize(b.startAt)}`)),
      from,
      until,
      meetingMinutes: this.options.meetingMinutes,
    });
  }

  cancel(bookingId: string): Promise<boolean> {
    return this.repository.cancelBooking(bookingId);
  }

  updateAttendee(bookingId: string, email: string): Promise<boolean> {
    return this.repository.updateAttendee(bookingId, email);
  }

  async book(request: BookingRequest): Promise<BookingResult> {
    const id = bookingIdFor(request);
    const row = {
      id,
      sessionId: request.sessionId,
      repId: request.slot.repId,
      startAt: normalize(request.slot.startUtc),
      endAt: normalize(request.slot.endUtc),
      attendeeEmail: request.attendeeEmail,
      attendeeName: request.attendeeName,
      userTimeZone: request.userTimeZone,
      createdAt: request.now.toISOString(),
    };
    const booked = { status: 'booked' as const, bookingId: id, slot: request.slot };
    if ((await this.repository.insertBooking(row)) === 'booked') return booked;
    // An insert whose answer was lost (a timeout, a dropped connection) may still have landed; its
    // retry collides with it. The row under this conversation's id for this slot settles it, so a
    // booking is never left orphaned, nor taken for someone else's.
    const found = await this.repository.getBooking(id);
    if (found?.sessionId === request.sessionId && found.status === 'confirmed') return booked;
    if (found?.sessionId === request.sessionId && found.status === 'cancelled') {
      // Cancelled earlier in this conversation and picked again: a row of its own.
      const fresh = randomUUID();
      const status = await this.repository.insertBooking({ ...row, id: fresh });
      return status === 'booked' ? { ...booked, bookingId: fresh } : { status };
    }
    return { status: 'conflict' };
  }
}

/**
 * The same conversation booking the same slot gets the same id (a name-based UUID), so a retried
 * insert is recognised as the first one rather than as somebody else taking the slot.
 */
function bookingIdFor(request: BookingRequest): string {
  const hash = createHash('sha256')
    .update(`${request.sessionId}\n${request.slot.repId}\n${normalize(request.slot.startUtc)}`)
    .digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-5${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
}

/** One spelling of an instant, so the unique index on (rep, start) sees equal times as equal. */
function normalize(iso: string): string {
  const ms = Date.parse(iso);
  // Date.parse reads every offset form the store writes; anything else goes through luxon.
  if (Number.isNaN(ms))
    return DateTime.fromISO(iso, { zone: 'utc' }).toUTC().toISO({ suppressMilliseconds: true })!;
  const text = new Date(ms).toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}
