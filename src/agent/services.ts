import type { HandoffNotifier } from '../services/handoff/types.js';
import type { Logger } from 'pino';
import type { QualificationSignals, StateTransition, Tier } from '../conversation/index.js';
import type { Guarded } from '../resilience/guarded_services.js';
import type { Analytics } from '../services/analytics/types.js';
import type { CalendarService } from '../services/calendar/types.js';
import type { EmailSender } from '../services/email/types.js';
import type { KnowledgeBase } from '../services/knowledge/types.js';
import type { AbuseGuards } from './abuse/index.js';
import type { ReplyPolicyBase } from './session/reply_policy.js';
import type { Channel } from './context.js';

/** What a conversation writes down. Failures here are logged and never reach the user. */
export interface ConversationRecorder {
  sessionStarted(session: { id: string; channel: Channel; userTimeZone: string; at: Date }): Promise<void>;
  transition(sessionId: string, transition: StateTransition): Promise<void>;
  qualification(sessionId: string, signals: QualificationSignals, tier: Tier, at: Date): Promise<void>;
  consent(sessionId: string, granted: boolean, at: Date): Promise<void>;
  transcript(sessionId: string, role: 'user' | 'assistant', text: string, at: Date): Promise<void>;
  sessionEnded(
    sessionId: string,
    end: { at: Date; reason: string; handoff: boolean; state: string },
  ): Promise<void>;
}

/**
 * What tools and doors use. Outside parts arrive guarded (timeout, retries, breaker, retry budget:
 * see resilience/guard.ts), so a tool cannot reach one unguarded; a failure reaches it as a
 * DependencyUnavailableError.
 */
export interface AgentServices {
  knowledge: Guarded<KnowledgeBase>;
  calendar: Guarded<CalendarService>;
  email: Guarded<EmailSender>;
  analytics: Analytics;
  /** Tells the team's CRM about hand-offs and bookings (HANDOFF_WEBHOOK_URL), through the outbox. */
  handoff: HandoffNotifier;
  recorder: ConversationRecorder;
  /**
   * Whether the store kept every write since a moment (store/store_health.ts). Sarah checks it
   * before saying anything was saved; absent (tests, fakes) counts as kept.
   */
  storeHealth?: { keptEverythingSince(since: Date): boolean };
  logger: Logger;
  fallbacks: ServiceFallbacks;
  /** Caps on bookings and emailed resources per address, domain and client (agent/abuse/). */
  abuse: AbuseGuards;
  /** What every reply is checked against before it is said (session/reply_guard.ts). */
  replyPolicy?: ReplyPolicyBase;
}

/** What Sarah offers instead when a part is unavailable. */
export interface ServiceFallbacks {
  /** Where trialists can book a call themselves while the calendar is down (BOOKING_FALLBACK_URL). */
  bookingUrl?: string;
}
