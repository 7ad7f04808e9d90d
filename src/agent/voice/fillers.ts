import { voice } from '@livekit/agents';
import { pickLine } from '../../conversation/index.js';
import type { SessionContext } from '../context.js';

/**
 * On a call, a tool that takes longer than `afterMs` leaves the line silent; Sarah says one short
 * filler instead. Never two in a row: after a filler, the next one waits until she has said
 * something else (a reply, or the result the tool was fetching).
 */
export function sayFillersForSlowTools(
  session: voice.AgentSession<SessionContext>,
  context: SessionContext,
  afterMs: number,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let lastWasFiller = false;
  const fillerLines = new Set<string>();

  const onStarted = () => {
    if (timer || lastWasFiller) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (!context.tools.busy || lastWasFiller || context.ended) return;
      const line = pickLine('filler', context.said);
      lastWasFiller = true;
      fillerLines.add(line);
      context.said.add(line);
      // Not added to the chat: the models should see the tool result, not our stalling.
      session.say(line, { addToChatCtx: false });
    }, afterMs);
  };
  const onIdle = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const onItem = (event: voice.ConversationItemAddedEvent) => {
    const { item } = event;
    if (item.type === 'message' && item.role === 'assistant' && !fillerLines.has(item.textContent ?? ''))
      lastWasFiller = false;
  };

  context.tools.on('started', onStarted);
  context.tools.on('idle', onIdle);
  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, onItem);
  return () => {
    clearTimeout(timer);
    context.tools.off('started', onStarted);
    context.tools.off('idle', onIdle);
    session.off(voice.AgentSessionEventTypes.ConversationItemAdded, onItem);
  };
}
