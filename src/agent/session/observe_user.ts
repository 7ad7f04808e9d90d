import type { Analytics } from '../../services/analytics/types.js';
import type { Understanding } from '../understanding/understand.js';
import type { SessionContext } from '../context.js';
import type { ConversationRecorder } from '../services.js';

/**
 * What every door does with a user utterance before any model sees it: understand it once, apply
 * it to the dialogue state, and record what it settles (consent, transcript, frustration). OpenAI
 * and the offline brain then work from the same facts. Consent, once given or declined, is also a
 * product event (only the answer, never the words).
 */
export function observeUserTurn(
  context: SessionContext,
  text: string,
  recorder: ConversationRecorder,
  analytics?: Analytics,
): Understanding {
  const consentBefore = context.dialogue.consent;
  context.usage.startTurn();
  const u = context.observeUser(text);
  const consent = context.dialogue.consent;
  if (consentBefore === 'unknown' && consent !== 'unknown') {
    void recorder.consent(context.sessionId, consent === 'yes', context.now());
    analytics?.track(context.sessionId, consent === 'yes' ? 'consent_given' : 'consent_declined');
  }
  if (u.frustration !== 'none' || u.stressed)
    context.states.tryTransition('FRICTION_RESCUE', 'user sounded upset');
  else if (context.states.state === 'GREETING')
    context.states.tryTransition('DISCOVERY', 'first user message');
  if (consent === 'yes') void recorder.transcript(context.sessionId, 'user', text, context.now());
  return u;
}
