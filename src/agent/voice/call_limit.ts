import type { voice } from '@livekit/agents';
import { COPY } from '../../conversation/index.js';
import type { SessionContext } from '../context.js';

/**
 * Calls have a length limit (MAX_CALL_MINUTES). At the limit Sarah says so and offers a person;
 * the conversation goes on for `graceMs` (long enough to ask for one), then she says goodbye and
 * `onEnd` closes the call.
 */
export function limitCallLength(
  session: voice.AgentSession<SessionContext>,
  context: SessionContext,
  options: { maxMs: number; graceMs: number; onEnd: () => void },
): () => void {
  let grace: NodeJS.Timeout | undefined;
  const limit = setTimeout(() => {
    if (context.ended) return;
    // In the chat on purpose: its offer of a person is what a following "yes please" answers.
    session.say(COPY.callLimitWarning);
    grace = setTimeout(() => {
      if (context.ended) return;
      const goodbye = session.say(COPY.callLimitGoodbye, { allowInterruptions: false, addToChatCtx: false });
      void goodbye.waitForPlayout().finally(options.onEnd);
    }, options.graceMs);
  }, options.maxMs);
  return () => {
    clearTimeout(limit);
    clearTimeout(grace);
  };
}
