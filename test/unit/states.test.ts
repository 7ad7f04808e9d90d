import { describe, expect, it, vi } from 'vitest';
import {
  ALLOWED_TRANSITIONS,
  CONVERSATION_STATES,
  ConversationStateMachine,
  IllegalTransitionError,
  canTransition,
} from '../../src/conversation/states.js';
import type { ConversationState, StateTransition } from '../../src/conversation/states.js';

/** A clock that ticks one minute per call, so each recorded transition gets a distinct, known time. */
function tickingClock(startIso = '2026-11-25T15:00:00.000Z'): () => Date {
  let calls = 0;
  const start = Date.parse(startIso);
  return () => new Date(start + 60_000 * calls++);
}

describe('transition table', () => {
  const allowed: Array<[ConversationState, ConversationState]> = [
    ['GREETING', 'DISCOVERY'],
    ['GREETING', 'VALUE_DEMO'],
    ['GREETING', 'QUALIFICATION'],
    ['GREETING', 'FRICTION_RESCUE'],
    ['GREETING', 'HUMAN_ESCALATION'],
    ['GREETING', 'CLOSING'],
    ['DISCOVERY', 'VALUE_DEMO'],
    ['DISCOVERY', 'QUALIFICATION'],
    ['DISCOVERY', 'NEXT_STEPS'],
    ['VALUE_DEMO', 'DISCOVERY'],
    ['VALUE_DEMO', 'NEXT_STEPS'],
    ['QUALIFICATION', 'NEXT_STEPS'],
    ['QUALIFICATION', 'DISCOVERY'],
    ['NEXT_STEPS', 'VALUE_DEMO'],
    ['NEXT_STEPS', 'QUALIFICATION'],
    ['NEXT_STEPS', 'CLOSING'],
    ['FRICTION_RESCUE', 'DISCOVERY'],
    ['FRICTION_RESCUE', 'NEXT_STEPS'],
    ['FRICTION_RESCUE', 'HUMAN_ESCALATION'],
    ['HUMAN_ESCALATION', 'CLOSING'],
  ];

  const forbidden: Array<[ConversationState, ConversationState]> = [
    ['GREETING', 'NEXT_STEPS'],
    ['DISCOVERY', 'GREETING'],
    ['NEXT_STEPS', 'DISCOVERY'],
    ['NEXT_STEPS', 'GREETING'],
    ['HUMAN_ESCALATION', 'DISCOVERY'],
    ['HUMAN_ESCALATION', 'FRICTION_RESCUE'],
    ['HUMAN_ESCALATION', 'GREETING'],
    ['CLOSING', 'GREETING'],
    ['CLOSING', 'DISCOVERY'],
    ['CLOSING', 'HUMAN_ESCALATION'],
    ['FRICTION_RESCUE', 'GREETING'],
  ];

  it.each(allowed)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each(forbidden)('forbids %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('has an entry for every state and no self-transitions', () => {
    expect(Object.keys(ALLOWED_TRANSITIONS).sort()).toEqual([...CONVERSATION_STATES].sort());
    for (const state of CONVERSATION_STATES) {
      expect(ALLOWED_TRANSITIONS[state]).not.toContain(state);
    }
  });

  it('never returns to GREETING', () => {
    for (const state of CONVERSATION_STATES) {
      expect(canTransition(state, 'GREETING')).toBe(false);
    }
  });

  it('lets every non-terminal state close the conversation', () => {
    for (const state of CONVERSATION_STATES.filter((s) => s !== 'CLOSING')) {
      expect(canTransition(state, 'CLOSING')).toBe(true);
    }
  });

  it('makes CLOSING terminal and HUMAN_ESCALATION lead only to CLOSING', () => {
    expect(ALLOWED_TRANSITIONS.CLOSING).toEqual([]);
    expect(ALLOWED_TRANSITIONS.HUMAN_ESCALATION).toEqual(['CLOSING']);
  });
});

describe('ConversationStateMachine', () => {
  it('starts in GREETING with an empty history', () => {
    const machine = new ConversationStateMachine(tickingClock());
    expect(machine.state).toBe('GREETING');
    expect(machine.history).toEqual([]);
  });

  it('records every transition in order with its reason and the injected clock', () => {
    const machine = new ConversationStateMachine(tickingClock());
    machine.transition('DISCOVERY', 'user described use case');
    machine.transition('QUALIFICATION', 'team size known');
    machine.transition('NEXT_STEPS', 'sales ready');
    machine.transition('CLOSING', 'booked');

    expect(machine.state).toBe('CLOSING');
    expect(machine.history.map((t) => [t.from, t.to, t.reason])).toEqual([
      ['GREETING', 'DISCOVERY', 'user described use case'],
      ['DISCOVERY', 'QUALIFICATION', 'team size known'],
      ['QUALIFICATION', 'NEXT_STEPS', 'sales ready'],
      ['NEXT_STEPS', 'CLOSING', 'booked'],
    ]);
    expect(machine.history.map((t) => t.at.toISOString())).toEqual([
      '2026-11-25T15:00:00.000Z',
      '2026-11-25T15:01:00.000Z',
      '2026-11-25T15:02:00.000Z',
      '2026-11-25T15:03:00.000Z',
    ]);
  });

  it('returns the recorded transition', () => {
    const machine = new ConversationStateMachine(() => new Date('2026-01-01T00:00:00Z'));
    const t = machine.transition('VALUE_DEMO', 'asked how it works');
    expect(t).toEqual({
      from: 'GREETING',
      to: 'VALUE_DEMO',
      reason: 'asked how it works',
      at: new Date('2026-01-01T00:00:00Z'),
    });
    expect(machine.history[0]).toBe(t);
  });

  it('calls every listener once per transition, in order, with the transition', () => {
    const machine = new ConversationStateMachine(tickingClock());
    const seen: string[] = [];
    const first = vi.fn((t: StateTransition) => seen.push(`a:${t.from}->${t.to}`));
    const second = vi.fn((t: StateTransition) => seen.push(`b:${t.from}->${t.to}`));
    machine.onTransition(first);
    machine.onTransition(second);

    const t1 = machine.transition('DISCOVERY', 'r1');
    const t2 = machine.transition('FRICTION_RESCUE', 'r2');

    expect(first).toHaveBeenCalledTimes(2);
    expect(second).toHaveBeenCalledTimes(2);
    expect(first).toHaveBeenNthCalledWith(1, t1);
    expect(first).toHaveBeenNthCalledWith(2, t2);
    expect(seen).toEqual([
      'a:GREETING->DISCOVERY',
      'b:GREETING->DISCOVERY',
      'a:DISCOVERY->FRICTION_RESCUE',
      'b:DISCOVERY->FRICTION_RESCUE',
    ]);
  });

  it('treats a move to the current state as a no-op', () => {
    const clock = vi.fn(() => new Date('2026-01-01T00:00:00Z'));
    const machine = new ConversationStateMachine(clock);
    const listener = vi.fn();
    machine.onTransition(listener);

    expect(machine.transition('GREETING', 'again')).toBeUndefined();
    machine.transition('DISCOVERY', 'go');
    expect(machine.transition('DISCOVERY', 'still discovering')).toBeUndefined();

    expect(machine.state).toBe('DISCOVERY');
    expect(machine.history).toHaveLength(1);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(clock).toHaveBeenCalledTimes(1);
  });

  it('throws IllegalTransitionError on a forbidden move and changes nothing', () => {
    const machine = new ConversationStateMachine(tickingClock());
    const listener = vi.fn();
    machine.onTransition(listener);
    machine.transition('DISCOVERY', 'go');
    listener.mockClear();

    let caught: unknown;
    try {
      machine.transition('GREETING', 'back to start');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(caught).toBeInstanceOf(Error);
    const illegal = caught as IllegalTransitionError;
    expect(illegal.from).toBe('DISCOVERY');
    expect(illegal.to).toBe('GREETING');
    expect(illegal.name).toBe('IllegalTransitionError');
    expect(illegal.message).toContain('DISCOVERY -> GREETING');

    expect(machine.state).toBe('DISCOVERY');
    expect(machine.history).toHaveLength(1);
    expect(listener).not.toHaveBeenCalled();
  });

  it('tryTransition refuses a forbidden move quietly', () => {
    const machine = new ConversationStateMachine(tickingClock());
    const listener = vi.fn();
    machine.onTransition(listener);

    let result: StateTransition | undefined;
    expect(() => {
      result = machine.tryTransition('NEXT_STEPS', 'suggested by model');
    }).not.toThrow();
    expect(result).toBeUndefined();
    expect(machine.state).toBe('GREETING');
    expect(machine.history).toHaveLength(0);
    expect(listener).not.toHaveBeenCalled();
  });

  it('tryTransition performs an allowed move like transition', () => {
    const machine = new ConversationStateMachine(() => new Date('2026-02-02T10:00:00Z'));
    const t = machine.tryTransition('DISCOVERY', 'suggested');
    expect(t).toMatchObject({ from: 'GREETING', to: 'DISCOVERY', reason: 'suggested' });
    expect(machine.state).toBe('DISCOVERY');
    expect(machine.history).toHaveLength(1);
  });

  it('tryTransition to the current state is a quiet no-op', () => {
    const machine = new ConversationStateMachine(tickingClock());
    expect(machine.tryTransition('GREETING', 'same')).toBeUndefined();
    expect(machine.history).toHaveLength(0);
  });

  it('keeps CLOSING terminal', () => {
    const machine = new ConversationStateMachine(tickingClock());
    machine.transition('HUMAN_ESCALATION', 'asked for a person');
    machine.transition('CLOSING', 'handed off');

    for (const state of CONVERSATION_STATES.filter((s) => s !== 'CLOSING')) {
      expect(() => machine.transition(state, 'reopen')).toThrow(IllegalTransitionError);
      expect(machine.tryTransition(state, 'reopen')).toBeUndefined();
    }
    expect(machine.state).toBe('CLOSING');
    expect(machine.history).toHaveLength(2);
  });

  it('only lets HUMAN_ESCALATION proceed to CLOSING', () => {
    const machine = new ConversationStateMachine(tickingClock());
    machine.transition('HUMAN_ESCALATION', 'asked for a person');
    expect(() => machine.transition('DISCOVERY', 'changed mind')).toThrow(IllegalTransitionError);
    expect(machine.tryTransition('VALUE_DEMO', 'changed mind')).toBeUndefined();
    expect(machine.state).toBe('HUMAN_ESCALATION');
  });
});
