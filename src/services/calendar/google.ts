import type { calendar_v3 } from '@googleapis/calendar';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { BusyIndex, queryFreeBusy } from './google_busy.js';
import type { GoogleCalendarClient } from './google_client.js';
import {
  CalendarApiError,
  isDuplicate,
  isGone,
  malformedResponse,
  toCalendarError,
} from './google_errors.js';
import { bookingIdFor, eventIdFor } from './google_ids.js';
import { findOffer } from './slots.js';
import type {
  BookingRequest,
  BookingRow,
  BookingResult,
  CalendarService,
  FindSlotsRequest,
  SalesRep,
  Slot,
} from './types.js';

const REPS_TTL_MS = 60_000;
/** A cancelled booking spends its id; a new booking of the same slot in the same session takes the next. */
const MAX_GENERATIONS = 5;
/** Store bookings that started this long before the window can still overlap it. */
const STORE_LOOKBACK_MS = 4 * 3_600_000;

/** A sales rep as the Google calendar sees them: reps without a calendar id are not offered. */
export interface GoogleRep extends SalesRep {
  calendarId: string | null;
}

export interface StoredBooking {
  id: string;
  repId: string;
  status: string;
  externalId: string | null;
}

/** What the Google calendar needs from the store. */
export interface GoogleCalendarRepository {
  listReps(): Promise<GoogleRep[]>;
  /** Confirmed bookings starting in [fromIso, toIso). */
  listBusy(fromIso: string, toIso: string): Promise<Array<{ repId: string; startAt: string; endAt: string }>>;
  getBooking(id: string): Promise<StoredBooking | undefined>;
  /** With the Google event's id, and the id that keeps a retried insert to one event. */
  insertBooking(
    booking: BookingRow & { externalId: string; requestId: string },
  ): Promise<'booked' | 'conflict'>;
  cancelBooking(id: string): Promise<boolean>;
  updateAttendee(id: string, email: string): Promise<boolean>;
}

export interface GoogleCalendarOptions {
  meetingMinutes: number;
  horizonDays: number;
  /** Earliest a meeting can start after "now", so reps get notice. */
  minLeadMinutes?: number;
  eventTitle?: string;
  logger?: { warn(details: object, message: string): void };
}

const eventSchema = z.object({
  id: z.string(),
  status: z.string().optional(),
  start: z.object({ dateTime: z.string().optional() }).optional(),
});

type OwnEvent = 'ours' | 'absent' | 'cancelled' | 'moved';

/**
 * Google Calendar as the sales team's calendar: one calendar per rep, working hours and zones from
 * the store as with the embedded calendar, busy times from Google's freeBusy plus our own bookings.
 * A booking is an event inserted on the rep's calendar with the trialist as attendee and a Meet
 * link, and a row in the store whose unique index still decides between two sessions racing for
 * one slot. Nothing is reported booked unless Google confirmed the event.
 */
export class GoogleCalendar implements CalendarService {
  constructor(
    private readonly client: GoogleCalendarClient,
    private readonly repository: GoogleCalendarRepository,
    private readonly options: GoogleCalendarOptions,
  ) {}

  #repsCache: { at: number; reps: Promise<GoogleRep[]> } | undefined;

  #reps(fresh = false): Promise<GoogleRep[]> {
    const now = Date.now();
    if (fresh || !this.#repsCache || now - this.#repsCache.at > REPS_TTL_MS) {
      const reps = this.repository.listReps();
      this.#repsCache = { at: now, reps };
      reps.catch(() => (this.#repsCache = undefined));
    }
    return this.#repsCache.reps;
  }

  /** The rep with a Google calendar, re-reading the store once if the cache does not know them yet. */
  async #rep(repId: string): Promise<(GoogleRep & { calendarId: string }) | undefined> {
    const find = (reps: GoogleRep[]) => reps.find((r) => r.id === repId && r.calendarId);
    const rep = find(await this.#reps()) ?? find(await this.#reps(true));
    return rep as (GoogleRep & { calendarId: string }) | undefined;
  }

  get #api(): calendar_v3.Calendar {
    return this.client.api;
  }

  async findSlots(request: FindSlotsRequest): Promise<Slot[]> {
    const { from, until } = this.#window(request);
    if (until <= from) return [];
    const reps = (await this.#reps()).filter((r) => r.calendarId);
    if (reps.length === 0) return [];
    const meetingMs = this.options.meetingMinutes * 60_000;
    const [freeBusy, booked] = await Promise.all([
      this.#google('freeBusy', () =>
        queryFreeBusy(
          this.#api,
          reps.map((r) => r.calendarId!),
          from.toMillis(),
          until.toMillis() + meetingMs,
        ),
      ),
      this.repository.listBusy(
        new Date(from.toMillis() - STORE_LOOKBACK_MS).toISOString(),
        new Date(until.toMillis() + meetingMs).toISOString(),
      ),
    ]);
    // A calendar Google could not read has unknown availability: its rep is left out of this offer.
    const readable = reps.filter((r) => freeBusy.busy.has(r.calendarId!));
    if (readable.length < reps.length) {
      const failed = reps.filter((r) => !freeBusy.busy.has(r.calendarId!));
      this.options.logger?.warn(
        { reps: failed.map((r) => ({ repId: r.id, reason: freeBusy.failed.get(r.calendarId!) })) },
        "Google Calendar could not read some reps' calendars",
      );
      if (readable.length === 0) throw unreadableCalendars([...freeBusy.failed.values()]);
    }
    const index = new BusyIndex();
    for (const rep of readable) index.add(rep.id, freeBusy.busy.get(rep.calendarId!)!);
    for (const b of booked)
      index.add(b.repId, [{ startMs: Date.parse(b.startAt), endMs: Date.parse(b.endAt) }]);
    index.seal();
    return findOffer({
      request,
      reps: readable,
      busy: new Set(),
      overlapsBusy: (repId, startMs, endMs) => index.overlaps(repId, startMs, endMs),
      from,
      until,
      meetingMinutes: this.options.meetingMinutes,
    });
  }

  /**
   * The span to ask Google about: from the lead time to the horizon, narrowed to the days the user
   * asked for ("next Tuesday" reads one day of busy times, not two weeks).
   */
  #window(request: FindSlotsRequest): { from: DateTime; until: DateTime } {
    let from = DateTime.fromJSDate(request.now)
      .plus({ minutes: this.options.minLeadMinutes ?? 120 })
      .toUTC();
    let until = from.plus({ days: this.options.horizonDays });
    const first = request.preference?.date ?? request.preference?.dateFrom;
    const last = request.preference?.date ?? request.preference?.dateTo;
    if (first) {
      const dayStart = DateTime.fromISO(first, { zone: request.userTimeZone }).startOf('day').toUTC();
      if (dayStart > from) from = dayStart;
    }
    if (last) {
      const dayEnd = DateTime.fromISO(last, { zone: request.userTimeZone }).endOf('day').toUTC();
      if (dayEnd < until) until = dayEnd;
    }
    return { from, until };
  }

  async book(request: BookingRequest): Promise<BookingResult> {
    const rep = await this.#rep(request.slot.repId);
    if (!rep) return { status: 'conflict' };
    const attempt = { sessionId: request.sessionId, repId: rep.id, startUtc: request.slot.startUtc };
    for (let generation = 0; generation < MAX_GENERATIONS; generation += 1) {
      const bookingId = bookingIdFor(attempt, generation);
      const existing = await this.repository.getBooking(bookingId);
      // A retry of a booking that completed (its answer was lost): the same answer again.
      if (existing?.status === 'confirmed') return { status: 'booked', bookingId, slot: request.slot };
      if (existing) continue;
      const outcome = await this.#bookOnce(rep, request, bookingId);
      if (outcome === 'booked') return { status: 'booked', bookingId, slot: request.slot };
      if (outcome === 'conflict') return { status: 'conflict' };
    }
    return { status: 'conflict' };
  }

  /**
   * One attempt under one booking id; 'spent' means Google already holds this id for something that
   * is not our live event at this slot (a cancelled or moved earlier booking), so the next id is used.
   */
  async #bookOnce(
    rep: GoogleRep & { calendarId: string },
    request: BookingRequest,
    bookingId: string,
  ): Promise<'booked' | 'conflict' | 'spent'> {
    const startMs = Date.parse(request.slot.startUtc);
    const endMs = Date.parse(request.slot.endUtc);
    const eventId = eventIdFor(bookingId);
    // Our own bookings first: a slot another session took needs no call to Google.
    const stored = await this.repository.listBusy(
      new Date(startMs - STORE_LOOKBACK_MS).toISOString(),
      new Date(endMs).toISOString(),
    );
    if (
      stored.some((b) => b.repId === rep.id && Date.parse(b.startAt) < endMs && Date.parse(b.endAt) > startMs)
    ) {
      return 'conflict';
    }
    // Re-check this exact slot right before inserting: the offer may be minutes old.
    const freeBusy = await this.#google('freeBusy', () =>
      queryFreeBusy(this.#api, [rep.calendarId], startMs, endMs),
    );
    const busy = freeBusy.busy.get(rep.calendarId);
    if (!busy) throw unreadableCalendars([...freeBusy.failed.values()]);
    let event: OwnEvent;
    if (busy.some((b) => b.startMs < endMs && b.endMs > startMs)) {
      // Busy may be our own event from an earlier attempt whose answer never arrived.
      event = await this.#ownEvent(rep.calendarId, eventId, startMs);
      if (event !== 'ours') return 'conflict';
    } else {
      event = await this.#insert(rep, request, bookingId, eventId);
      // Google holds this id already for something that is not our live event: use the next id.
      if (event !== 'ours') return 'spent';
    }
    return this.#record(rep, request, bookingId, eventId);
  }

  /**
   * Writes the confirmed booking to the store, whose unique index decides between two sessions that
   * both got an event in. An attempt the guard gave up on may still be running and write the same
   * row first: finding our own id there is success, not a conflict.
   */
  async #record(
    rep: GoogleRep & { calendarId: string },
    request: BookingRequest,
    bookingId: string,
    eventId: string,
  ): Promise<'booked' | 'conflict'> {
    const recordedByUs = async () => (await this.repository.getBooking(bookingId))?.status === 'confirmed';
    let outcome: 'booked' | 'conflict';
    try {
      outcome = await this.repository.insertBooking({
        id: bookingId,
        sessionId: request.sessionId,
        repId: rep.id,
        startAt: request.slot.startUtc,
        endAt: request.slot.endUtc,
        attendeeEmail: request.attendeeEmail,
        attendeeName: request.attendeeName,
        userTimeZone: request.userTimeZone,
        createdAt: request.now.toISOString(),
        externalId: eventId,
        requestId: bookingId,
      });
    } catch (error) {
      if (await recordedByUs().catch(() => false)) return 'booked';
      // The store failed: the user will hear the booking did not go through, so no invite may stay.
      await this.#takeBack(rep, eventId, 'the store write failed');
      throw error;
    }
    if (outcome === 'booked' || (await recordedByUs())) return 'booked';
    await this.#takeBack(rep, eventId, 'another session took the slot first');
    return 'conflict';
  }

  /** Deletes the event of a booking that will not be reported booked; failures are only logged. */
  async #takeBack(rep: GoogleRep & { calendarId: string }, eventId: string, why: string): Promise<void> {
    await this.#deleteEvent(rep.calendarId, eventId).catch((error: unknown) =>
      this.options.logger?.warn(
        { repId: rep.id, eventId, why, reason: (error as Error).message },
        'could not remove the Google event of a booking that did not complete',
      ),
    );
  }

  /** events.insert with a fixed id; Google's 409 "duplicate" means an earlier attempt got there. */
  async #insert(
    rep: GoogleRep & { calendarId: string },
    request: BookingRequest,
    bookingId: string,
    eventId: string,
  ): Promise<OwnEvent> {
    try {
      const response = await this.#google('events.insert', () =>
        this.#api.events.insert({
          calendarId: rep.calendarId,
          conferenceDataVersion: 1,
          sendUpdates: 'all',
          requestBody: {
            id: eventId,
            summary: this.options.eventTitle ?? 'PandaDoc intro call',
            description:
              "Booked by Sarah, PandaDoc's AI assistant (beta). Reply to this invite to change the time.",
            start: { dateTime: request.slot.startUtc, timeZone: rep.timeZone },
            end: { dateTime: request.slot.endUtc, timeZone: rep.timeZone },
            attendees: [{ email: request.attendeeEmail, displayName: request.attendeeName }],
            conferenceData: {
              createRequest: { requestId: bookingId, conferenceSolutionKey: { type: 'hangoutsMeet' } },
            },
            extendedProperties: { private: { sarahBookingId: bookingId } },
          },
        }),
      );
      const parsed = eventSchema.safeParse(response.data);
      // An unreadable answer leaves it unknown whether the event exists; the retry will find out.
      if (!parsed.success || parsed.data.id !== eventId) throw malformedResponse('events.insert');
      return 'ours';
    } catch (error) {
      if (isDuplicate(error))
        return this.#ownEvent(rep.calendarId, eventId, Date.parse(request.slot.startUtc));
      // A 5xx, a cut-off answer or a dropped connection may come after Google made the event. Look
      // before giving up, whether or not the guard may retry: an event the user was told did not
      // happen must not stay on the calendar, and one that did happen is a booking.
      if (mayHaveApplied(error)) {
        const found = await this.#ownEvent(rep.calendarId, eventId, Date.parse(request.slot.startUtc)).catch(
          () => undefined,
        );
        if (found === 'ours') return 'ours';
      }
      throw error;
    }
  }

  /** Whether the event with our id exists, live and at the slot we meant. */
  async #ownEvent(calendarId: string, eventId: string, startMs: number): Promise<OwnEvent> {
    let data: unknown;
    try {
      data = (await this.#google('events.get', () => this.#api.events.get({ calendarId, eventId }))).data;
    } catch (error) {
      if (isGone(error)) return 'absent';
      throw error;
    }
    const parsed = eventSchema.safeParse(data);
    if (!parsed.success) throw malformedResponse('events.get');
    if (parsed.data.status === 'cancelled') return 'cancelled';
    const start = parsed.data.start?.dateTime;
    return start && Date.parse(start) === startMs ? 'ours' : 'moved';
  }

  async cancel(bookingId: string): Promise<boolean> {
    const booking = await this.repository.getBooking(bookingId);
    if (booking?.status !== 'confirmed') return false;
    if (booking.externalId) {
      const rep = await this.#rep(booking.repId);
      if (rep) await this.#deleteEvent(rep.calendarId, booking.externalId);
      else
        this.options.logger?.warn({ bookingId }, 'cancelled a booking whose rep has no Google calendar now');
    }
    return this.repository.cancelBooking(bookingId);
  }

  async updateAttendee(bookingId: string, email: string): Promise<boolean> {
    const booking = await this.repository.getBooking(bookingId);
    if (booking?.status !== 'confirmed') return false;
    const rep = booking.externalId ? await this.#rep(booking.repId) : undefined;
    if (booking.externalId && rep) {
      const externalId = booking.externalId;
      try {
        // The attendee list is replaced: the trialist is the event's only guest.
        await this.#google('events.patch', () =>
          this.#api.events.patch({
            calendarId: rep.calendarId,
            eventId: externalId,
            sendUpdates: 'all',
            requestBody: { attendees: [{ email }] },
          }),
        );
      } catch (error) {
        // The event is gone from Google (the rep deleted it): there is no invite left to fix.
        if (isGone(error)) return false;
        throw error;
      }
    }
    return this.repository.updateAttendee(bookingId, email);
  }

  /** events.delete; an event already deleted (410) or unknown (404) counts as done. */
  async #deleteEvent(calendarId: string, eventId: string): Promise<void> {
    try {
      await this.#google('events.delete', () =>
        this.#api.events.delete({ calendarId, eventId, sendUpdates: 'all' }),
      );
    } catch (error) {
      if (isGone(error)) return;
      throw error;
    }
  }

  /**
   * Every Google call goes through here: failures become CalendarApiErrors the guard can classify,
   * and after a 401 the token is dropped so the next call fetches a new one.
   */
  async #google<T>(operation: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const failure = toCalendarError(error, operation);
      if (failure.status === 401) this.client.resetToken();
      throw failure;
    }
  }
}

/** No calendar could be read: retryable when Google said it was its own trouble. */
function unreadableCalendars(reasons: string[]): CalendarApiError {
  const transient = reasons.some((r) => /internal|backend|rateLimit|missing/i.test(r));
  return new CalendarApiError(
    `Google Calendar could not read the reps' calendars (${[...new Set(reasons)].join(', ') || 'no answer'})`,
    { reason: reasons[0] ?? 'unreadable', retryable: transient },
  );
}

/** Failures after which an insert may still have been applied on Google's side. */
function mayHaveApplied(error: unknown): boolean {
  const { retryable, status } = error as { retryable?: boolean; status?: number };
  return retryable === true && status !== 429;
}
