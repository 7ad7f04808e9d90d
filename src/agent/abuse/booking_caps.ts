import type { Logger } from 'pino';
import type { RateLimiter } from '../../services/shared/rate_limiter.js';
import { isDisposableEmail, isOrganisationDomain, emailDomain } from './email_domains.js';
import type { AbuseRefusal } from './refusals.js';

/**
 * Caps that keep one person (or one script) from taking the sales team's calendar. The daily
 * counts live in the shared limiter (Redis when REDIS_URL is set), so they hold across instances;
 * "one active booking per address" is read from the store, which every instance shares anyway.
 */
export interface BookingCaps {
  /** Refuses a throwaway inbox before any time is looked up. */
  checkAddress(email: string): Extract<AbuseRefusal, 'disposable_email'> | undefined;
  /**
   * Checks every cap and, when all pass, holds one unit of each daily count for this booking.
   * The caller gives the hold back when the booking does not go through (slot taken, calendar
   * down), so only confirmed bookings count.
   */
  reserve(request: BookingRequestFacts): Promise<BookingReservation>;
}

export interface BookingRequestFacts {
  email: string;
  /**
   * The conversation asking: its own booking of this address does not count against it (an
   * insert whose answer was lost, retried once the store is back).
   */
  sessionId?: string;
  /** The client's address key (IPv4, or an IPv6 /64); absent on doors without one (voice, console). */
  clientKey?: string;
  now: Date;
}

export type BookingReservation =
  { allowed: true; release(): Promise<void> } | { allowed: false; refusal: AbuseRefusal };

export interface BookingCapsParts {
  perDomain: RateLimiter;
  perClient: RateLimiter;
  /** Whether the address already holds a confirmed meeting that has not started yet. */
  hasUpcomingBooking(email: string, now: Date, sessionId?: string): Promise<boolean>;
  logger: Logger;
}

export function createBookingCaps(parts: BookingCapsParts): BookingCaps {
  return {
    checkAddress: (email) => (isDisposableEmail(email) ? 'disposable_email' : undefined),

    async reserve({ email, clientKey, now, sessionId }) {
      const address = email.trim().toLowerCase();
      if (isDisposableEmail(address)) return { allowed: false, refusal: 'disposable_email' };
      // A store that cannot answer does not block the booking: the booking's own write would fail
      // just the same and be said honestly; the daily counts below still hold.
      const upcoming = await parts.hasUpcomingBooking(address, now, sessionId).catch((error: unknown) => {
        parts.logger.warn({ err: error }, 'could not check existing bookings for an address');
        return false;
      });
      if (upcoming) return { allowed: false, refusal: 'email_has_booking' };

      const held: Array<() => Promise<void>> = [];
      const releaseAll = async () => {
        await Promise.all(held.splice(0).map((give) => give()));
      };
      if (isOrganisationDomain(address)) {
        const domain = emailDomain(address);
        if (!(await parts.perDomain.take(domain)).allowed) return { allowed: false, refusal: 'domain_daily' };
        held.push(() => parts.perDomain.give(domain));
      }
      if (clientKey) {
        if (!(await parts.perClient.take(clientKey)).allowed) {
          await releaseAll();
          return { allowed: false, refusal: 'client_daily' };
        }
        held.push(() => parts.perClient.give(clientKey));
      }
      return { allowed: true, release: releaseAll };
    },
  };
}
