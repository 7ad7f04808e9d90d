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

/** Where the bookings live: is there an upcoming one for this address (not this conversation's)? */
export interface BookingLookup {
  hasUpcomingFor(email: string, fromIso: string, exceptSessionId?: string): Promise<boolean>;
}

/**
 * The lookup runs before the calendar's own guarded calls in a booking turn, so it gets a short
 * deadline of its own: a slow store must not push the turn past its 2 s (the caps treat a lookup
 * that could not answer as no booking, and the booking's own write then tells the truth).
 */
const LOOKUP_DEADLINE_MS = 400;

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
      hasUpcomingBooking: (email, now, sessionId) =>
        withDeadline(
          options.bookingsStore.hasUpcomingFor(email, now.toISOString(), sessionId),
          LOOKUP_DEADLINE_MS,
        ),
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

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
