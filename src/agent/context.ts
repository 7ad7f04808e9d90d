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
import { understand, type Understanding } from './understanding/understand.js';
import { addressesOfOthers } from './abuse/others_addresses.js';
import {
  initialDialogue,
  reduce,
  type BookingSummary,
  type DialogueEvent,
  type DialogueState,
  type OfferedSlot,
} from './session/dialogue.js';
import { ToolActivity } from './session/tool_activity.js';

export type Channel = 'web' | 'console' | 'voice';
export type { BookingSummary } from './session/dialogue.js';

/**
 * Everything one conversation knows about the trialist. It lives outside the language model,
 * so a failing model or tool never loses what the user already said. The dialogue state inside
 * it is changed only through `apply` (the reducer in session/dialogue.ts).
 */
export class SessionContext {
  readonly states: ConversationStateMachine;
  readonly usage: UsageCounter;
  signals: QualificationSignals = emptySignals();
  tier: Tier = 'self_serve';
  #dialogue: DialogueState;
  /** The latest user turn as understood, shared by the brain, the tools and the doors. */
  lastUnderstanding: Understanding | undefined;
  /** Lines already said, so a variant is picked instead of repeating one word for word. */
  readonly said = new Set<string>();
  readonly tools = new ToolActivity();
  bookingAttempts = 0;
  ended = false;
  /**
   * The client's address key (IPv4, or an IPv6 /64) on the web door, for the daily booking and
   * email caps; absent where there is none (voice, console).
   */
  clientKey: string | undefined;
  /** Addresses the user introduced as someone else's ("my colleague bob@…"): never emailed. */
  readonly othersEmails = new Set<string>();

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
    this.#dialogue = initialDialogue(userTimeZone);
  }

  get dialogue(): Readonly<DialogueState> {
    return this.#dialogue;
  }

  /** The one way the dialogue state changes. */
  apply(event: DialogueEvent): void {
    this.#dialogue = reduce(this.#dialogue, event);
  }

  /** Understands a user utterance against the current state and applies it. */
  observeUser(text: string): Understanding {
    const d = this.#dialogue;
    const u = understand(text, {
      now: this.now(),
      zone: d.zone,
      offeredSlots: d.booking.slots,
    });
    this.lastUnderstanding = u;
    for (const address of addressesOfOthers(text)) this.othersEmails.add(address);
    this.apply({ type: 'user', u });
    return u;
  }

  /** A resumed conversation starts from the dialogue state it was saved with (session/snapshot.ts). */
  restoreDialogue(state: DialogueState): void {
    this.#dialogue = state;
  }

  rememberEmail(email: string): void {
    this.apply({ type: 'profile', email });
  }

  get booking(): BookingSummary | undefined {
    return this.#dialogue.booked;
  }

  get handoff(): boolean {
    return this.#dialogue.handedOff;
  }

  get humanRequests(): number {
    return this.#dialogue.humanRequests;
  }

  get offeredSlots(): readonly OfferedSlot[] {
    return this.#dialogue.booking.slots;
  }

  get email(): string | undefined {
    return this.#dialogue.email;
  }

  get consent(): boolean | undefined {
    const c = this.#dialogue.consent;
    return c === 'unknown' ? undefined : c === 'yes';
  }

  get userTurns(): number {
    return this.#dialogue.userTurns;
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

  /** A corrected fact replaces the old one (integrations the user dropped are removed too). */
  replaceSignals(next: QualificationSignals): void {
    this.signals = next;
    this.tier = decideTier(this.signals, this.thresholds).tier;
  }
}
