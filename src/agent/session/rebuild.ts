import type { llm } from '@livekit/agents';
import { understand } from '../understanding/understand.js';
import { parseJsonOrText } from './tool_payload.js';
import { initialDialogue, reduce, type DialogueState } from './dialogue.js';

/**
 * The dialogue state derived from a chat history alone: user messages, tool calls with their
 * outputs, and Sarah's replies, folded through the same reducer the live session uses. A session
 * that resumes, or a model that takes over mid-call, starts from this.
 */
export function rebuildDialogue(
  items: readonly llm.ChatItem[],
  options: { zone: string; now: Date },
): DialogueState {
  const calls = new Map<string, llm.FunctionCall>();
  let state = initialDialogue(options.zone);
  for (const item of items) {
    if (item.type === 'function_call') {
      calls.set(item.callId, item);
    } else if (item.type === 'function_call_output') {
      const call = calls.get(item.callId);
      state = reduce(state, {
        type: 'tool',
        name: call?.name ?? item.name,
        args: (call ? parseJsonOrText(call.args) : {}) as Record<string, unknown>,
        output: item.isError ? item.output : parseJsonOrText(item.output),
        isError: item.isError,
      });
    } else if (item.type === 'message' && item.role === 'user') {
      const u = understand(item.textContent ?? '', {
        now: options.now,
        zone: state.zone,
        offeredSlots: state.booking.slots,
      });
      state = reduce(state, { type: 'user', u });
    } else if (item.type === 'message' && item.role === 'assistant') {
      state = reduce(state, { type: 'assistant', text: item.textContent ?? '' });
    }
  }
  return state;
}
