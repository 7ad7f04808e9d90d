import type { SessionContext } from '../../context.js';
import type { DialogueState } from '../../session/dialogue.js';
import type { PlannedCall, ToolName } from '../../tools/index.js';
import type { Understanding } from '../../understanding/understand.js';

/** A tool call made earlier in this turn and what came back. */
export interface ToolResult {
  name: string;
  args: Record<string, unknown>;
  /** The parsed JSON output, or the speakable message when the tool refused. */
  output: unknown;
  isError: boolean;
}

/** Everything a rule may read: the understood utterance, the dialogue state, this turn's results. */
export interface Turn {
  u: Understanding;
  d: Readonly<DialogueState>;
  ctx: SessionContext;
  results: ToolResult[];
  toolsAllowed: boolean;
}

export type Action = { kind: 'tool'; call: PlannedCall } | { kind: 'say'; parts: string[] };

export interface Rule {
  name: string;
  /** The action when the rule applies, else undefined. */
  act(turn: Turn): Action | undefined;
}

export const tool = (call: PlannedCall): Action => ({ kind: 'tool', call });
export const say = (...parts: string[]): Action => ({ kind: 'say', parts });
export const ran = (turn: Turn, name: ToolName): boolean => turn.results.some((r) => r.name === name);
