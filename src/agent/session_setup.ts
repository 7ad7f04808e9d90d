import type { AppConfig } from '../config.js';
import type { StateTransition } from '../conversation/index.js';
import { metrics } from '../observability/metrics.js';
import { SessionContext, type Channel } from './context.js';
import type { AgentServices } from './services.js';

/**
 * The per-conversation state every door (web, console, voice) starts from: a SessionContext whose
 * state changes are counted and recorded.
 */
export function createSessionContext(options: {
  config: AppConfig;
  services: AgentServices;
  sessionId: string;
  channel: Channel;
  userTimeZone: string;
  now: () => Date;
  onTransition?: (transition: StateTransition) => void;
}): SessionContext {
  const { config, services, sessionId, channel, userTimeZone, now } = options;
  const context = new SessionContext(sessionId, channel, userTimeZone, config.thresholds, now);
  context.states.onTransition((transition) => {
    metrics.stateTransitions.inc({ to: transition.to });
    options.onTransition?.(transition);
    void services.recorder.transition(sessionId, transition);
  });
  return context;
}

/** Stores the session row and counts it; awaited before the greeting so later rows can refer to it. */
export async function recordSessionStart(services: AgentServices, context: SessionContext): Promise<void> {
  const { sessionId, channel, userTimeZone } = context;
  await services.recorder.sessionStarted({ id: sessionId, channel, userTimeZone, at: context.now() });
  metrics.sessionsStarted.inc({ channel });
  metrics.activeSessions.inc({ channel });
  services.analytics.track(sessionId, 'session_started', { channel });
}

/** The matching end: records the outcome once, whichever door closed the conversation. */
export async function closeSession(
  services: AgentServices,
  context: SessionContext,
  reason: string,
): Promise<void> {
  if (context.ended) return;
  context.ended = true;
  context.states.tryTransition('CLOSING', reason);
  metrics.activeSessions.dec({ channel: context.channel });
  services.analytics.track(context.sessionId, 'session_ended', {
    reason,
    tier: context.tier,
    booked: Boolean(context.booking),
    handoff: context.handoff,
  });
  await services.recorder.sessionEnded(context.sessionId, {
    at: context.now(),
    reason,
    handoff: context.handoff,
    state: context.states.state,
  });
}

/** Tool arguments and outputs travel as JSON text; anything else is kept as the text it was. */
export function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
