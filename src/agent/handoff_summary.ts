import type { HandoffSummary } from '../services/handoff/types.js';
import type { SessionContext } from './context.js';

/**
 * The summary the CRM webhook carries for this conversation: facts, tier, booking and reason,
 * plus the email the trialist gave (for the invite or a follow-up) so a person can write back.
 */
export function handoffSummary(context: SessionContext, reason: string): HandoffSummary {
  const booking = context.booking;
  const email = booking?.email ?? context.email;
  return {
    sessionId: context.sessionId,
    channel: context.channel,
    at: context.now().toISOString(),
    reason,
    tier: context.tier,
    signals: { ...context.signals, integrations: [...context.signals.integrations] },
    booking: booking
      ? { bookingId: booking.bookingId, startUtc: booking.startUtc, timeZone: booking.userTimeZone }
      : null,
    ...(email ? { contactEmail: email } : {}),
  };
}
