import type { voice } from '@livekit/agents';
import type { SessionContext } from '../context.js';

/** Items the model sees: enough for a language model to follow the thread. */
const KEEP_ITEMS = 40;
/** Trim only once this many have piled up, so the copy is made rarely. */
const TRIM_AT = 80;

/**
 * Keeps the agent's chat history short. Everything the conversation depends on lives in the
 * dialogue state, and the framework re-serialises the whole history on every model call, so an
 * untrimmed history makes each turn slower than the last.
 */
export async function trimHistory(
  agent: voice.Agent<SessionContext>,
  session?: voice.AgentSession<SessionContext>,
): Promise<void> {
  // The session's own record of the chat grows the same way; transcripts are stored as they
  // happen, so only the recent part is kept in memory.
  if (session && session.history.items.length >= TRIM_AT) session.history.truncate(KEEP_ITEMS);
  if (agent.chatCtx.items.length < TRIM_AT) return;
  await agent.updateChatCtx(agent.chatCtx.copy().truncate(KEEP_ITEMS));
}
