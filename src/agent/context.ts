import {
  ConversationStateMachine,
  UsageCounter,
  decideTier,
  emptySignals,
  mergeSignals,
  type CallLimits,
  type QualificationSignals,
  type QualificationThresholds,
  type Tier,
} from '../conversation/index.js';
import type { Slot } from '../services/calendar/types.js';

export type Channel = 'web' | 'console' | 'voice';

export interface BookingSummary {
  bookingId: string;
  startUtc: string;
  label: string;
  userTimeZone: string;
}

/**
 * Everything one conversation knows about the trialist. It lives outside the language model,
 * so a failing model or tool never loses what the user already said.
 */
export class SessionContext {
  readonly states: ConversationStateMachine;
  readonly usage: UsageCounter;
  signals: QualificationSignals = emptySignals();
  tier: Tier = 'self_serve';
  consent: boolean | undefined;
  humanRequests = 0;
  handoff = false;
  handoffReason: string | undefined;
  offeredSlots: Array<Slot & { label: string }> = [];
  chosenSlot: (Slot & { label: string }) | undefined;
  bookingAttempts = 0;
  booking: BookingSummary | undefined;
  email: string | undefined;
  /** What Sarah last offered, so a bare "yes" can be understood. */
  pendingOffer: 'meeting' | 'resource' | 'human' | undefined;
  /** What Sarah is waiting for the user to provide. */
  awaiting: 'email_for_booking' | 'email_for_resource' | 'slot_choice' | undefined;
  lastArticle: { title: string; url: string } | undefined;
  /** The qualification question Sarah asked last, so a bare "10" can be understood as its answer. */
  askedFor: 'teamSize' | 'monthlyVolume' | undefined;
  /** Discovery questions already asked, so Sarah does not ask the same one twice. */
  readonly askedQuestions = new Set<string>();
  userTurns = 0;
  ended = false;

  constructor(
    readonly sessionId: string,
    readonly channel: Channel,
    readonly userTimeZone: string,
    readonly thresholds: QualificationThresholds,
    readonly now: () => Date,
    limits?: CallLimits,
  ) {
    this.states = new ConversationStateMachine(now);
    this.usage = new UsageCounter(limits);
  }

  /** Merges new facts and recomputes the tier; returns whether the trialist just became sales-ready. */
  updateSignals(update: Partial<QualificationSignals>): { becameSalesReady: boolean; reasons: string[] } {
    const before = this.tier;
    this.signals = mergeSignals(this.signals, update);
    const decision = decideTier(this.signals, this.thresholds);
    this.tier = decision.tier;
    return {
      becameSalesReady: before !== 'sales_ready' && this.tier === 'sales_ready',
      reasons: decision.reasons,
    };
  }
}
