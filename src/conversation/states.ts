/**
 * Conversation states and the only transitions allowed between them.
 * Keeping the table in one place lets tests and reviewers see the whole flow at a glance.
 */
export const CONVERSATION_STATES = [
  'GREETING',
  'DISCOVERY',
  'VALUE_DEMO',
  'QUALIFICATION',
  'NEXT_STEPS',
  'CLOSING',
  'FRICTION_RESCUE',
  'HUMAN_ESCALATION',
] as const;

export type ConversationState = (typeof CONVERSATION_STATES)[number];

export const ALLOWED_TRANSITIONS: Readonly<Record<ConversationState, readonly ConversationState[]>> = {
  GREETING: ['DISCOVERY', 'VALUE_DEMO', 'QUALIFICATION', 'FRICTION_RESCUE', 'HUMAN_ESCALATION', 'CLOSING'],
  DISCOVERY: ['VALUE_DEMO', 'QUALIFICATION', 'NEXT_STEPS', 'FRICTION_RESCUE', 'HUMAN_ESCALATION', 'CLOSING'],
  VALUE_DEMO: ['DISCOVERY', 'QUALIFICATION', 'NEXT_STEPS', 'FRICTION_RESCUE', 'HUMAN_ESCALATION', 'CLOSING'],
  QUALIFICATION: ['DISCOVERY', 'VALUE_DEMO', 'NEXT_STEPS', 'FRICTION_RESCUE', 'HUMAN_ESCALATION', 'CLOSING'],
  NEXT_STEPS: ['VALUE_DEMO', 'QUALIFICATION', 'FRICTION_RESCUE', 'HUMAN_ESCALATION', 'CLOSING'],
  FRICTION_RESCUE: ['DISCOVERY', 'VALUE_DEMO', 'QUALIFICATION', 'NEXT_STEPS', 'HUMAN_ESCALATION', 'CLOSING'],
  HUMAN_ESCALATION: ['CLOSING'],
  CLOSING: [],
};

export interface StateTransition {
  from: ConversationState;
  to: ConversationState;
  reason: string;
  at: Date;
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: ConversationState,
    readonly to: ConversationState,
  ) {
    super(`Transition ${from} -> ${to} is not allowed`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: ConversationState, to: ConversationState): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** Tracks the current state and records every transition, in order. */
export class ConversationStateMachine {
  #state: ConversationState = 'GREETING';
  readonly #history: StateTransition[] = [];
  readonly #listeners: Array<(t: StateTransition) => void> = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  get state(): ConversationState {
    return this.#state;
  }

  get history(): readonly StateTransition[] {
    return this.#history;
  }

  onTransition(listener: (t: StateTransition) => void): void {
    this.#listeners.push(listener);
  }

  /** Moves to `to`; staying in the same state is a no-op. Throws on a transition the table forbids. */
  transition(to: ConversationState, reason: string): StateTransition | undefined {
    if (to === this.#state) return undefined;
    if (!canTransition(this.#state, to)) throw new IllegalTransitionError(this.#state, to);
    const t: StateTransition = { from: this.#state, to, reason, at: this.now() };
    this.#state = to;
    this.#history.push(t);
    for (const listener of this.#listeners) listener(t);
    return t;
  }

  /**
   * Picks a resumed conversation up in the state it was left in. Not a transition: nothing
   * happened in the conversation, so nothing is recorded or announced.
   */
  resume(state: ConversationState): void {
    this.#state = state;
  }

  /** Like `transition`, but quietly refuses forbidden moves (used where the caller only suggests a state). */
  tryTransition(to: ConversationState, reason: string): StateTransition | undefined {
    return canTransition(this.#state, to) ? this.transition(to, reason) : undefined;
  }
}
