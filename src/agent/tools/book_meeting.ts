import { z } from 'zod';
import { COPY, DISPOSABLE_EMAIL, bookingCapReached, calendarUnavailable } from '../../conversation/index.js';
import { rethrowUnlessUnavailable } from '../../resilience/errors.js';
import { countRefusal, type AbuseRefusal } from '../abuse/index.js';
import { isUsersOwnAddress } from '../abuse/others_addresses.js';
import type { SessionContext } from '../context.js';
import { handoffSummary } from '../handoff_summary.js';
import type { AgentServices } from '../services.js';
import type { BookingSummary, OfferedSlot } from '../session/dialogue.js';
import { readTimeWords } from './check_availability.js';
import { admit, defineTool, done, refuse } from './kit.js';
import { searchSlots, type SlotSearch } from './slot_search.js';

const emailSchema = z.email();

export function isValidEmail(value: string): boolean {
  return emailSchema.safeParse(value.trim()).success;
}

export const bookMeetingArgs = z.object({
  slotId: z.string().min(1).max(40).optional().describe('slotId from check_availability'),
  when: z
    .string()
    .max(600)
    .optional()
    .describe("or the user's own words for the time; the server resolves them"),
  email: z.string().min(3).max(254).describe("the user's own email address"),
});
export type BookMeetingArgs = z.infer<typeof bookMeetingArgs>;

/** The slot the arguments point at: an offered slot by id or words, else the one being confirmed. */
export async function resolveSlot(
  args: { slotId?: string; when?: string },
  context: SessionContext,
  services: AgentServices,
): Promise<OfferedSlot | undefined> {
  const { booking, zone } = context.dialogue;
  if (args.slotId) {
    const byId =
      booking.slots[Number(args.slotId) - 1] ?? booking.slots.find((s) => s.startUtc === args.slotId);
    if (byId) return byId;
  }
  if (args.when) {
    const request = readTimeWords(args.when, context);
    if (request?.time !== undefined) {
      const found = await searchSlots(services.calendar, request, { now: context.now(), zone, count: 1 });
      if (found.exact) return found.exact;
    }
  }
  return booking.chosen;
}

export function bookMeetingTool(services: AgentServices) {
  return defineTool('book_meeting', services, {
    description:
      'Book a call with sales, only after reading back the day, date, time, zone and email and hearing a yes. Give slotId or the user words in `when`. Only for sales_ready trialists.',
    parameters: bookMeetingArgs,
    execute: async (args, context, { calendar, logger, fallbacks, abuse }) => {
      if (context.tier !== 'sales_ready') refuse('book_meeting', COPY.selfServe);
      const existing = context.booking;
      if (existing)
        return done('book_meeting', { booked: true, alreadyBooked: true, ...bookedOutput(existing) });
      if (!isValidEmail(args.email)) refuse('book_meeting', COPY.invalidEmail);
      const email = args.email.trim().toLowerCase();
      // The invite goes only to the address the user gave as their own, whatever a model passes.
      if (!isUsersOwnAddress(context, email)) {
        countRefusal('booking_not_own_address');
        refuse('book_meeting', COPY.inviteOwnAddress);
      }
      // A throwaway inbox is asked to change before any time is looked up or held.
      if (abuse.bookings.checkAddress(email)) refuseForAbuse('disposable_email', DISPOSABLE_EMAIL);
      // Nothing is claimed unless the calendar confirms the insert: an unavailable calendar is said
      // as such, with the booking page and a follow-up by email as the ways forward.
      const calendarDown = (error: unknown): never => {
        rethrowUnlessUnavailable(error);
        logger.warn({ err: error, sessionId: context.sessionId }, 'booking failed');
        return refuse('book_meeting', calendarUnavailable(fallbacks.bookingUrl));
      };
      const slot = await resolveSlot(args, context, services).catch(calendarDown);
      if (!slot) refuse('book_meeting', COPY.pickTimeFirst);
      // The caps are checked before the session's own attempts are counted, so a refusal here
      // never uses up a legitimate retry; only a booking that goes through keeps its count.
      const hold = await abuse.bookings.reserve({
        email,
        clientKey: context.clientKey,
        now: context.now(),
        sessionId: context.sessionId,
      });
      if (!hold.allowed)
        refuseForAbuse(
          hold.refusal,
          bookingCapReached(
            hold.refusal === 'email_has_booking' ? 'address_has_booking' : 'daily_limit',
            fallbacks.bookingUrl,
          ),
        );
      try {
        admit(context, 'book_meeting', 'bookingAttempts', COPY.bookingLimit);
      } catch (limited) {
        await hold.release();
        throw limited;
      }
      context.bookingAttempts += 1;
      const result = await calendar
        .book({
          slot,
          sessionId: context.sessionId,
          attendeeEmail: email,
          userTimeZone: context.dialogue.zone,
          now: context.now(),
        })
        .catch(async (error: unknown) => {
          await hold.release();
          return calendarDown(error);
        });
      if (result.status === 'conflict') {
        await hold.release();
        // The next times, if the calendar answers; an empty offer is said honestly.
        const next = await searchSlots(calendar, undefined, {
          now: context.now(),
          zone: context.dialogue.zone,
        }).catch((error: unknown): SlotSearch => {
          rethrowUnlessUnavailable(error);
          return { zone: context.dialogue.zone, slots: [] };
        });
        return done('book_meeting', {
          booked: false,
          reason: 'slot_taken',
          slots: next.slots.map((s, i) => ({ slotId: String(i + 1), ...s })),
        });
      }
      context.states.tryTransition('NEXT_STEPS', 'booked a meeting');
      const inviteQueued = await announceBooking(services, context, {
        bookingId: result.bookingId,
        to: email,
        slot,
      });
      return done('book_meeting', {
        booked: true,
        bookingId: result.bookingId,
        startUtc: slot.startUtc,
        endUtc: slot.endUtc,
        when: slot.label,
        timeZone: context.dialogue.zone,
        email,
        // False when the invite could not be queued: say the booking stands, but no invite is coming.
        inviteQueued,
      });
    },
  });
}

/**
 * After a confirmed booking: the invite to the trialist and the summary to the team's CRM. Both
 * only queue a delivery in the store's outbox; a failure there is logged, never turned into a
 * failed booking (the booking itself is confirmed and stored, and on the rep's calendar). Returns
 * whether the invite was queued, so Sarah never says it is on its way when it is not.
 */
async function announceBooking(
  { email, handoff, logger }: AgentServices,
  context: SessionContext,
  booking: { bookingId: string; to: string; slot: { startUtc: string; endUtc: string } },
): Promise<boolean> {
  const summary = handoffSummary(context, 'booked');
  const results = await Promise.allSettled([
    email.sendBookingConfirmation({
      sessionId: context.sessionId,
      bookingId: booking.bookingId,
      to: booking.to,
      startUtc: booking.slot.startUtc,
      endUtc: booking.slot.endUtc,
      userTimeZone: context.dialogue.zone,
    }),
    handoff.booked({
      ...summary,
      booking: {
        bookingId: booking.bookingId,
        startUtc: booking.slot.startUtc,
        timeZone: context.dialogue.zone,
      },
      contactEmail: booking.to,
    }),
  ]);
  for (const result of results)
    if (result.status === 'rejected')
      logger.warn({ err: result.reason, sessionId: context.sessionId }, 'booking follow-up not queued');
  return results[0].status === 'fulfilled';
}

/** The tool output for the call already booked; the dialogue state reads it back unchanged. */
export function bookedOutput(booking: BookingSummary) {
  return {
    bookingId: booking.bookingId,
    startUtc: booking.startUtc,
    ...(booking.endUtc ? { endUtc: booking.endUtc } : {}),
    when: booking.label,
    timeZone: booking.userTimeZone,
    email: booking.email,
    ...(booking.inviteUid ? { inviteUid: booking.inviteUid } : {}),
    ...(booking.inviteSequence !== undefined ? { inviteSequence: booking.inviteSequence } : {}),
  };
}

/** A booking refused by an abuse rule: counted by kind, then said as a line with a way forward. */
function refuseForAbuse(kind: AbuseRefusal, line: string): never {
  countRefusal(kind);
  return refuse('book_meeting', line);
}
