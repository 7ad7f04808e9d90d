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
  openedAt.set(context, now());
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

/** A conversation resumed after its socket dropped: its session row exists; only the live count goes up. */
export function countResumedSession(context: SessionContext): void {
  metrics.activeSessions.inc({ channel: context.channel });
  metrics.sessionsResumed.inc({ channel: context.channel });
}

/** The matching end: records the outcome once, whichever door closed the conversation. */
export async function closeSession(
  services: AgentServices,
  context: SessionContext,
  reason: string,
): Promise<void> {
  if (context.ended) return;
  context.ended = true;
  const lastState = context.states.state;
  context.states.tryTransition('CLOSING', reason);
  metrics.activeSessions.dec({ channel: context.channel });
  services.analytics.track(context.sessionId, 'session_ended', sessionEndFacts(context, lastState, reason));
  await services.recorder.sessionEnded(context.sessionId, {
    at: context.now(),
    reason,
    handoff: context.handoff,
    state: context.states.state,
  });
}

/** When each conversation opened, for its duration at the end (the context itself has no clock of its own). */
const openedAt = new WeakMap<SessionContext, Date>();

/**
 * How a conversation ended, for analytics: its length, the user's turns, the state it was in
 * before closing, and whether the trialist dropped off (left without a booking, a hand-off or
 * a wrap-up by Sarah).
 */
function sessionEndFacts(context: SessionContext, lastState: string, reason: string) {
  const opened = openedAt.get(context);
  const durationS = opened ? Math.max(0, (context.now().getTime() - opened.getTime()) / 1000) : 0;
  return {
    duration_s: Math.round(durationS),
    turns: context.userTurns,
    last_state: lastState,
    drop_off: !context.booking && !context.handoff && lastState !== 'CLOSING',
    reason,
  };
}
