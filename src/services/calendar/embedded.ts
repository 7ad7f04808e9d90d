import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { candidateSlots, nearestTo, pickOffer } from './slots.js';
import type {
  BookingRequest,
  BookingResult,
  CalendarRepository,
  CalendarService,
  FindSlotsRequest,
  Slot,
} from './types.js';

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

  async findSlots(request: FindSlotsRequest): Promise<Slot[]> {
    const from = DateTime.fromJSDate(request.now)
      .plus({ minutes: this.options.minLeadMinutes ?? 120 })
      .toUTC();
    const until = from.plus({ days: this.options.horizonDays });
    const [reps, busy] = await Promise.all([
      this.repository.listReps(),
      this.repository.listBusy(from.toISO()!, until.toISO()!),
    ]);
    const gap =
      request.preference?.timeOfDay !== undefined || request.nearTime !== undefined
        ? this.options.meetingMinutes
        : 90;
    const slots = candidateSlots({
      reps,
      busy: new Set(busy.map((b) => `${b.repId}|${normalize(b.startAt)}`)),
      from,
      until,
      meetingMinutes: this.options.meetingMinutes,
      userTimeZone: request.userTimeZone,
      preference: request.preference,
      // Earliest-first offers are settled once later days can no longer change them.
      enough:
        request.nearTime === undefined
          ? (found, nextDayMs) => {
              const offer = pickOffer(found, request.count, gap);
              return (
                offer.length === request.count && Date.parse(offer[offer.length - 1]!.startUtc) < nextDayMs
              );
            }
          : undefined,
    });
    const ordered =
      request.nearTime === undefined ? slots : nearestTo(slots, request.nearTime, request.userTimeZone);
    // Times close together only when the user asked for one time; otherwise spread the offer out.
    return pickOffer(ordered, request.count, gap);
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
  return DateTime.fromISO(iso, { zone: 'utc' }).toUTC().toISO({ suppressMilliseconds: true })!;
}
