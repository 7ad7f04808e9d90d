import type { AppConfig } from '../../config.js';
import type { Store } from '../../store/index.js';
import { GoogleCalendar, type GoogleCalendarRepository } from './google.js';

export interface GoogleCalendarFactoryOptions {
  /** Backstop per HTTP request; the resilience guard's own timeout is normally shorter. */
  requestTimeoutMs?: number;
  minLeadMinutes?: number;
}

/**
 * The production calendar for app.ts, built when `config.googleCalendar` is set (the key in
 * GOOGLE_SERVICE_ACCOUNT_JSON was read and checked by loadConfig). Wrap it with
 * `guardCalendar(calendar, guard, { idempotentBooking: true })`: its bookings are safe to retry.
 * Async because the Google client is loaded only here: it costs about 100 ms of start-up, which an
 * embedded install should not pay.
 */
export async function createGoogleCalendar(
  config: Pick<AppConfig, 'env' | 'googleCalendar'>,
  store: Store,
  logger: { warn(details: object, message: string): void },
  options: GoogleCalendarFactoryOptions = {},
): Promise<GoogleCalendar> {
  if (!config.googleCalendar) throw new Error('GOOGLE_SERVICE_ACCOUNT_JSON is not set');
  const { createGoogleCalendarClient } = await import('./google_client.js');
  // Without calendar ids no rep can be offered: say so at start-up, not as an empty offer later.
  const reps = await store.reps.listActive();
  if (!reps.some((rep) => rep.calendarId)) {
    logger.warn(
      { reps: reps.length },
      'Google Calendar is on but no active sales rep has a calendar id: set CALENDAR_REPS',
    );
  }
  const client = createGoogleCalendarClient(config.googleCalendar, {
    requestTimeoutMs: options.requestTimeoutMs,
  });
  return new GoogleCalendar(client, googleCalendarRepository(store), {
    meetingMinutes: config.env.MEETING_MINUTES,
    horizonDays: config.env.BOOKING_HORIZON_DAYS,
    minLeadMinutes: options.minLeadMinutes,
    logger,
  });
}

/** The store seen through what the Google calendar needs. */
export function googleCalendarRepository(store: Store): GoogleCalendarRepository {
  return {
    listReps: () => store.reps.listActive(),
    listBusy: async (from, to) =>
      (await store.bookings.listBetween(from, to)).map((b) => ({
        repId: b.repId,
        startAt: b.startAt,
        endAt: b.endAt,
      })),
    getBooking: (id) => store.bookings.get(id),
    insertBooking: (booking) => store.bookings.tryBook(booking),
    cancelBooking: (id) => store.bookings.cancel(id),
    updateAttendee: (id, email) => store.bookings.updateAttendee(id, email),
  };
}
