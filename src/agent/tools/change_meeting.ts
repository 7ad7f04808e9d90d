import { z } from 'zod';
import { countRefusal } from '../abuse/index.js';
import { isUsersOwnAddress } from '../abuse/others_addresses.js';
import { COPY, DISPOSABLE_EMAIL } from '../../conversation/index.js';
import { rethrowUnlessUnavailable } from '../../resilience/errors.js';
import type { AgentServices } from '../services.js';
import type { BookingSummary } from '../session/dialogue.js';
import { bookedOutput, isValidEmail, resolveSlot } from './book_meeting.js';
import { announceChange } from './change_notices.js';
import { admit, defineTool, done, refuse } from './kit.js';

export const changeMeetingArgs = z.object({
  action: z.enum(['cancel', 'move', 'change_email']),
  slotId: z.string().min(1).max(40).optional().describe('for move: slotId from check_availability'),
  when: z.string().max(600).optional().describe("for move: the user's own words for the new time"),
  email: z.string().min(3).max(254).optional().describe('for change_email: the corrected address'),
});
export type ChangeMeetingArgs = z.infer<typeof changeMeetingArgs>;

/** Cancels or moves the meeting booked in this conversation, or fixes its email. */
export function changeMeetingTool(services: AgentServices) {
  return defineTool('change_meeting', services, {
    description:
      'Cancel the meeting booked in this conversation, move it to a new time (user words in `when` or a slotId), or correct its email. Confirm with the user first.',
    parameters: changeMeetingArgs,
    execute: async (args, context, { calendar, logger, abuse }) => {
      const booked = context.booking;
      if (!booked) refuse('change_meeting', COPY.pickTimeFirst);
      // Cancelling is always allowed; a new time counts as another booking attempt, and a new
      // address as another email (the invite goes to it).
      if (args.action === 'move') admit(context, 'change_meeting', 'bookingAttempts', COPY.bookingLimit);
      else if (args.action === 'change_email') admit(context, 'change_meeting', 'emails', COPY.emailLimit);
      else admit(context, 'change_meeting');
      const unavailable = (error: unknown): never => {
        rethrowUnlessUnavailable(error);
        logger.warn({ err: error, sessionId: context.sessionId }, 'meeting change failed');
        return refuse('change_meeting', COPY.bookingUnavailable);
      };
      /** The calendar has changed: the trialist and the CRM are told, and the new state returned. */
      const changed = async (
        kind: 'moved' | 'new_address',
        after: BookingSummary,
        flag: { moved: true } | { emailChanged: true },
      ) => {
        const notices = await announceChange(services, context, { kind, before: booked, after });
        return done('change_meeting', {
          booked: true,
          ...flag,
          ...bookedOutput({ ...after, ...notices }),
          inviteQueued: notices.inviteQueued,
        });
      };

      if (args.action === 'move') {
        const target = await resolveSlot(args, context, services).catch(unavailable);
        if (!target) refuse('change_meeting', COPY.pickTimeFirst);
        // The invite stays with the address already checked for the booking; only change_email
        // may give a new one.
        const result = await calendar
          .book({
            slot: { repId: target.repId, startUtc: target.startUtc, endUtc: target.endUtc },
            sessionId: context.sessionId,
            attendeeEmail: booked.email,
            userTimeZone: context.dialogue.zone,
            now: context.now(),
          })
          .catch(unavailable);
        if (result.status === 'conflict')
          return done('change_meeting', { booked: false, reason: 'slot_taken', slots: [] });
        await calendar.cancel(booked.bookingId).catch(unavailable);
        const moved = {
          bookingId: result.bookingId,
          startUtc: target.startUtc,
          endUtc: target.endUtc,
          label: target.label,
          userTimeZone: context.dialogue.zone,
          email: booked.email,
        };
        return changed('moved', moved, { moved: true });
      }

      if (args.action === 'change_email') {
        const email = args.email?.trim().toLowerCase() ?? '';
        if (!isValidEmail(email)) refuse('change_meeting', COPY.invalidEmail);
        // The same rules as a new booking: no throwaway inbox, and only the address the user gave
        // as their own, whatever a model passes (the invite is mail we send).
        if (abuse.bookings.checkAddress(email)) {
          countRefusal('disposable_email');
          refuse('change_meeting', DISPOSABLE_EMAIL);
        }
        if (!isUsersOwnAddress(context, email)) {
          countRefusal('booking_not_own_address');
          refuse('change_meeting', COPY.inviteOwnAddress);
        }
        await calendar.updateAttendee(booked.bookingId, email).catch(unavailable);
        return changed('new_address', { ...booked, email }, { emailChanged: true });
      }

      await calendar.cancel(booked.bookingId).catch(unavailable);
      const notices = await announceChange(services, context, { kind: 'cancelled', before: booked });
      return done('change_meeting', { cancelled: true, inviteQueued: notices.inviteQueued });
    },
  });
}
