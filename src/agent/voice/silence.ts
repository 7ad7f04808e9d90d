import { voice } from '@livekit/agents';
import { COPY, pickLine } from '../../conversation/index.js';
import type { SessionContext } from '../context.js';

export const MAX_SILENCE_NUDGES = 2;

/**
 * Watches for a question left unanswered on a call. The clock runs only while Sarah is listening
 * after asking something, the user is not speaking and no tool is working; every reply from the
 * user starts over. After `afterMs` of that silence she nudges, at most twice; after a third, she
 * says goodbye and `onGiveUp` ends the call.
 */
export function nudgeOnSilence(
  session: voice.AgentSession<SessionContext>,
  context: SessionContext,
  options: {
    afterMs: number;
    onGiveUp: () => void;
    /** Whether every write of this call succeeded; without it the goodbye claims nothing was saved. */
    saved?: () => boolean;
  },
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let nudges = 0;
  let awaitingAnswer = false;
  let agentState: voice.AgentState = 'initializing';
  let userState: voice.UserState = 'listening';

  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const rearm = () => {
    stop();
    const quiet = agentState === 'listening' && userState !== 'speaking' && !context.tools.busy;
    if (!awaitingAnswer || !quiet || context.ended) return;
    timer = setTimeout(onSilence, options.afterMs);
  };
  const onSilence = () => {
    timer = undefined;
    if (nudges < MAX_SILENCE_NUDGES) {
      nudges += 1;
      const line = pickLine('silenceNudge', context.said);
      context.said.add(line);
      session.say(line, { addToChatCtx: false });
      return;
    }
    awaitingAnswer = false;
    const line = (options.saved?.() ?? true) ? COPY.silenceGoodbye : COPY.silenceGoodbyeUnsaved;
    const goodbye = session.say(line, { allowInterruptions: false, addToChatCtx: false });
    void goodbye.waitForPlayout().finally(options.onGiveUp);
  };

  const onAgentState = (event: voice.AgentStateChangedEvent) => {
    agentState = event.newState;
    rearm();
  };
  const onUserState = (event: voice.UserStateChangedEvent) => {
    userState = event.newState;
    if (userState === 'speaking') nudges = 0;
    rearm();
  };
  const onItem = (event: voice.ConversationItemAddedEvent) => {
    const { item } = event;
    if (item.type !== 'message') return;
    if (item.role === 'user') awaitingAnswer = false;
    if (item.role === 'assistant') awaitingAnswer = (item.textContent ?? '').includes('?');
    rearm();
  };

  session.on(voice.AgentSessionEventTypes.AgentStateChanged, onAgentState);
  session.on(voice.AgentSessionEventTypes.UserStateChanged, onUserState);
  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, onItem);
  context.tools.on('started', stop);
  context.tools.on('idle', rearm);
  return () => {
    stop();
    session.off(voice.AgentSessionEventTypes.AgentStateChanged, onAgentState);
    session.off(voice.AgentSessionEventTypes.UserStateChanged, onUserState);
    session.off(voice.AgentSessionEventTypes.ConversationItemAdded, onItem);
    context.tools.off('started', stop);
    context.tools.off('idle', rearm);
  };
}
