import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config.js';
import { createRateLimiter } from '../../services/shared/rate_limiter.js';
import { createBookingCaps, type BookingCaps } from './booking_caps.js';
import { createResourceCaps, type ResourceCaps } from './resource_caps.js';

export type { BookingCaps } from './booking_caps.js';
export type { ResourceCaps } from './resource_caps.js';
export { countRefusal, type AbuseRefusal } from './refusals.js';
export { isDisposableEmail, isOrganisationDomain } from './email_domains.js';

/** The abuse rules tools consult before booking a meeting or emailing a resource. */
export interface AbuseGuards {
  bookings: BookingCaps;
  resources: ResourceCaps;
}

/** The caps, from config (README "Limits and surfaces"). */
export interface AbuseLimits {
  bookingsPerDomainPerDay: number;
  bookingsPerClientPerDay: number;
  resourceEmailsPerClientPerDay: number;
  resourceEmailsPerAddressPerDay: number;
  /** Length of the counting window; a day, shorter only in tests and the attack replay. */
  windowSeconds?: number;
}

const DAY_SECONDS = 24 * 60 * 60;

/** Where the bookings live; only the confirmed ones starting in a range are needed here. */
export interface BookingLookup {
  listBetween(
    fromIso: string,
    toIso: string,
  ): Promise<Array<{ attendeeEmail: string; sessionId: string | null }>>;
}

/** Far enough ahead to cover any booking horizon Sarah offers (at most 60 days). */
const LOOK_AHEAD_MS = 400 * DAY_SECONDS * 1000;

export function createAbuseGuards(options: {
  limits: AbuseLimits;
  bookingsStore: BookingLookup;
  redis?: Redis;
  logger: Logger;
}): AbuseGuards {
  const { limits, redis } = options;
  const windowSeconds = limits.windowSeconds ?? DAY_SECONDS;
  const limiter = (name: string, points: number) => createRateLimiter({ name, points, windowSeconds }, redis);
  return {
    bookings: createBookingCaps({
      perDomain: limiter('booking-domain', limits.bookingsPerDomainPerDay),
      perClient: limiter('booking-client', limits.bookingsPerClientPerDay),
      hasUpcomingBooking: async (email, now, sessionId) => {
        const upcoming = await options.bookingsStore.listBetween(
          now.toISOString(),
          new Date(now.getTime() + LOOK_AHEAD_MS).toISOString(),
        );
        return upcoming.some(
          (b) => b.attendeeEmail.trim().toLowerCase() === email && (!sessionId || b.sessionId !== sessionId),
        );
      },
      logger: options.logger,
    }),
    resources: createResourceCaps({
      perClient: limiter('resource-client', limits.resourceEmailsPerClientPerDay),
      perAddress: limiter('resource-address', limits.resourceEmailsPerAddressPerDay),
    }),
  };
}

/** The caps as configured (BOOKINGS_PER_*, RESOURCE_EMAILS_PER_*). */
export function abuseLimits(config: AppConfig): AbuseLimits {
  const env = config.env;
  return {
    bookingsPerDomainPerDay: env.BOOKINGS_PER_DOMAIN_PER_DAY,
    bookingsPerClientPerDay: env.BOOKINGS_PER_IP_PER_DAY,
    resourceEmailsPerClientPerDay: env.RESOURCE_EMAILS_PER_IP_PER_DAY,
    resourceEmailsPerAddressPerDay: env.RESOURCE_EMAILS_PER_ADDRESS_PER_DAY,
  };
}
