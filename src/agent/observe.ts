import { detectFrustration, isHumanRequest } from '../conversation/index.js';
import type { SessionContext } from './context.js';
import type { ConversationRecorder } from './services.js';

const CONSENT_YES = /^\s*(yes|yeah|yep|sure|ok(ay)?|of course|go ahead|that'?s fine|fine|absolutely)\b/i;
const CONSENT_NO = /^\s*(no|nope|nah|please don'?t|i'?d rather not|rather not)\b/i;

/**
 * What every door notes about a user utterance before any model sees it: turn counts, consent to
 * keep a transcript (asked in the greeting), requests for a person, frustration. Keeping this out
 * of the LLM means OpenAI and the offline brain work from the same facts.
 */
export function observeUserUtterance(
  context: SessionContext,
  text: string,
  recorder: ConversationRecorder,
): void {
  context.userTurns += 1;
  context.usage.startTurn();
  if (context.userTurns === 1) {
    if (CONSENT_YES.test(text)) context.consent = true;
    else if (CONSENT_NO.test(text)) context.consent = false;
    if (context.consent !== undefined)
      void recorder.consent(context.sessionId, context.consent, context.now());
  }
  if (isHumanRequest(text)) context.humanRequests += 1;
  if (detectFrustration(text) !== 'none')
    context.states.tryTransition('FRICTION_RESCUE', 'user sounded frustrated');
  else if (context.states.state === 'GREETING')
    context.states.tryTransition('DISCOVERY', 'first user message');
  if (context.consent) void recorder.transcript(context.sessionId, 'user', text, context.now());
}
