import { voice } from '@livekit/agents';
import { LINES } from '../../conversation/index.js';
import type { SessionContext } from '../context.js';
import type { ConversationRecorder } from '../services.js';

const VARIANTS: string[] = Object.values(LINES).flat();

/**
 * Applies one of Sarah's replies to the dialogue state (whichever model wrote it), remembers
 * which copy lines it used so they are not repeated, and stores it when the user consented.
 */
export function noteAssistantReply(
  context: SessionContext,
  text: string,
  recorder: ConversationRecorder,
): void {
  context.apply({ type: 'assistant', text });
  context.said.add(text);
  for (const variant of VARIANTS) if (text.includes(variant)) context.said.add(variant);
  if (context.consent) void recorder.transcript(context.sessionId, 'assistant', text, context.now());
}

/** Every door: Sarah's messages, as the session adds them to the chat, go through the reducer. */
export function followAssistantReplies(
  session: voice.AgentSession<SessionContext>,
  context: SessionContext,
  recorder: ConversationRecorder,
): void {
  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, ({ item }) => {
    if (item.type === 'message' && item.role === 'assistant') {
      const text = item.textContent ?? '';
      if (text) noteAssistantReply(context, text, recorder);
    }
  });
}
