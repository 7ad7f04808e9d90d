import type { QualificationSignals, Tier } from '../../conversation/qualification.js';

/**
 * What a person picking up the conversation needs so the trialist does not repeat themselves:
 * who (the session), how far along (tier, facts learnt), what was booked and why a person was
 * asked for. Never the transcript. The email is included only when the trialist gave one for
 * the invite or a follow-up: it is how the person writes back.
 */
export interface HandoffSummary {
  sessionId: string;
  channel: 'web' | 'console' | 'voice';
  /** When it happened, ISO-8601 UTC. */
  at: string;
  /**
   * Why a person is needed (user_request, billing, legal, bug, frustration, follow_up), 'booked',
   * or for a change to that call: 'moved', 'cancelled' or 'new_address'.
   */
  reason: string;
  tier: Tier;
  signals: QualificationSignals;
  booking: { bookingId: string; startUtc: string; timeZone: string } | null;
  /** For a moved call: the booking it replaces (`booking` is the new one). */
  previousBookingId?: string;
  contactEmail?: string;
}

export interface HandoffNotifier {
  /** Sarah handed the conversation to a person. */
  handedOff(summary: HandoffSummary): Promise<void>;
  /** Sarah booked a call with sales. */
  booked(summary: HandoffSummary): Promise<void>;
  /** The trialist moved or cancelled that call, or corrected its address (the summary's reason). */
  bookingChanged(summary: HandoffSummary): Promise<void>;
}

/** Without HANDOFF_WEBHOOK_URL: nothing is sent (the store still has the session and booking). */
export class NoopHandoffNotifier implements HandoffNotifier {
  async handedOff(): Promise<void> {}
  async booked(): Promise<void> {}
  async bookingChanged(): Promise<void> {}
}
