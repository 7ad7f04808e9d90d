import { randomUUID } from 'node:crypto';
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
    const id = randomUUID();
    const status = await this.repository.insertBooking({
      id,
      sessionId: request.sessionId,
      repId: request.slot.repId,
      startAt: normalize(request.slot.startUtc),
      endAt: normalize(request.slot.endUtc),
      attendeeEmail: request.attendeeEmail,
      attendeeName: request.attendeeName,
      userTimeZone: request.userTimeZone,
      createdAt: request.now.toISOString(),
    });
    return status === 'booked' ? { status, bookingId: id, slot: request.slot } : { status };
  }
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
