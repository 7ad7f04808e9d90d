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
  options: {
    maxMs: number;
    graceMs: number;
    onEnd: () => void;
    /** Whether every write of this call succeeded; without it the goodbye claims nothing was saved. */
    saved?: () => boolean;
  },
): () => void {
  let grace: NodeJS.Timeout | undefined;
  const limit = setTimeout(() => {
    if (context.ended) return;
    // In the chat on purpose: its offer of a person is what a following "yes please" answers.
    session.say(COPY.callLimitWarning);
    grace = setTimeout(() => {
      if (context.ended) return;
      const line = (options.saved?.() ?? true) ? COPY.callLimitGoodbye : COPY.callLimitGoodbyeUnsaved;
      const goodbye = session.say(line, { allowInterruptions: false, addToChatCtx: false });
      void goodbye.waitForPlayout().finally(options.onEnd);
    }, options.graceMs);
  }, options.maxMs);
  return () => {
    clearTimeout(limit);
    clearTimeout(grace);
  };
}
