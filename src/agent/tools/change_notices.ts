import type { SessionContext } from '../context.js';
import { handoffSummary } from '../handoff_summary.js';
import type { AgentServices } from '../services.js';
import type { BookingSummary } from '../session/dialogue.js';

export type MeetingChange =
  | { kind: 'moved'; before: BookingSummary; after: BookingSummary }
  | { kind: 'new_address'; before: BookingSummary; after: BookingSummary }
  | { kind: 'cancelled'; before: BookingSummary };

export interface ChangeNotices {
  /** Whether the trialist's email (new invite, update or cancellation) was queued. */
  inviteQueued: boolean;
  /** The invite the trialist now holds, for the next change to follow on from. */
  inviteUid: string;
  inviteSequence: number;
}

/**
 * After a change to the call booked in this chat, the trialist's calendar follows it: a moved call
 * updates the event they already have (same UID, next SEQUENCE), a cancelled one removes it, and a
 * corrected address receives the invite. The CRM hears of the change too. Both only queue a
 * delivery in the outbox; a failure is logged and reported as `inviteQueued: false`, never turned
 * into a failed change, because the calendar has already changed.
 */
export async function announceChange(
  { email, handoff, logger }: AgentServices,
  context: SessionContext,
  change: MeetingChange,
): Promise<ChangeNotices> {
  const { before } = change;
  const inviteUid = before.inviteUid ?? before.bookingId;
  const inviteSequence = (before.inviteSequence ?? 0) + 1;
  const common = { sessionId: context.sessionId, inviteUid, sequence: inviteSequence };

  const emailSent =
    change.kind === 'cancelled'
      ? email.sendBookingCancellation({
          ...common,
          to: before.email,
          startUtc: before.startUtc,
          endUtc: before.endUtc ?? halfAnHourAfter(before.startUtc),
          userTimeZone: before.userTimeZone,
        })
      : email.sendBookingConfirmation({
          ...common,
          bookingId: change.after.bookingId,
          to: change.after.email,
          startUtc: change.after.startUtc,
          endUtc: change.after.endUtc ?? halfAnHourAfter(change.after.startUtc),
          userTimeZone: change.after.userTimeZone,
          change: change.kind,
        });

  const current = change.kind === 'cancelled' ? before : change.after;
  const summary = {
    ...handoffSummary(context, change.kind),
    booking: { bookingId: current.bookingId, startUtc: current.startUtc, timeZone: current.userTimeZone },
    ...(change.kind === 'moved' ? { previousBookingId: before.bookingId } : {}),
    contactEmail: current.email,
  };

  const [invite, crm] = await Promise.allSettled([emailSent, handoff.bookingChanged(summary)]);
  for (const result of [invite, crm])
    if (result.status === 'rejected')
      logger.warn({ err: result.reason, sessionId: context.sessionId }, 'meeting change notice not queued');
  return { inviteQueued: invite.status === 'fulfilled', inviteUid, inviteSequence };
}

/**
 * A call booked before its end time was kept (a snapshot from an older version). Only the UID
 * matters to a calendar applying the update, so a nominal end is enough.
 */
function halfAnHourAfter(startUtc: string): string {
  return new Date(new Date(startUtc).getTime() + 30 * 60_000).toISOString();
}
