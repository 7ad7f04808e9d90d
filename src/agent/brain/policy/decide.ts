import { compose } from './compose.js';
import { firstRule } from './rules.js';
import type { Turn } from './types.js';

export type BrainStep =
  | { kind: 'tool'; call: import('../../tools/index.js').PlannedCall; rule: string }
  | { kind: 'say'; text: string; rule: string };

const MAX_TOOLS_PER_TURN = 3;

/**
 * One step of the brain: the deciding rule's tool call, or the final reply. It runs again after
 * every tool result (the dialogue state has been updated by then), so each step sees the latest.
 */
export function decide(turn: Turn): BrainStep {
  // Once a person is taking over, the reply says only that: no second offer after it.
  const handedOff = turn.results.some(
    (r) => r.name === 'request_human' && (r.output as { handoff?: boolean }).handoff,
  );
  if (handedOff) return { kind: 'say', text: compose(turn), rule: 'handed_off' };
  const decided = firstRule(turn);
  const canCall = (name: string) =>
    turn.toolsAllowed &&
    turn.results.length < MAX_TOOLS_PER_TURN &&
    !turn.results.some((r) => r.name === name);
  if (!decided) return { kind: 'say', text: compose(turn), rule: 'compose' };
  const { rule, action } = decided;
  if (action.kind === 'tool') {
    if (canCall(action.call.name)) return { kind: 'tool', call: action.call, rule };
    return { kind: 'say', text: compose(turn), rule };
  }
  return { kind: 'say', text: compose(turn, action.parts), rule };
}
