import type { Logger } from 'pino';
import type { IPolicy } from 'cockatiel';
import type { QualificationSignals, StateTransition, Tier } from '../conversation/index.js';
import { createPolicy } from '../resilience/policy.js';
import type { Analytics } from '../services/analytics/types.js';
import type { CalendarService } from '../services/calendar/types.js';
import type { EmailSender } from '../services/email/types.js';
import type { KnowledgeBase } from '../services/knowledge/types.js';
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

export interface AgentServices {
  knowledge: KnowledgeBase;
  calendar: CalendarService;
  email: EmailSender;
  analytics: Analytics;
  recorder: ConversationRecorder;
  logger: Logger;
  policies: DependencyPolicies;
}

export interface DependencyPolicies {
  knowledge: IPolicy;
  calendar: IPolicy;
  email: IPolicy;
}

/** Shared across sessions on purpose: a circuit opened by one conversation protects all the others. */
export function defaultPolicies(): DependencyPolicies {
  return {
    knowledge: createPolicy({ dependency: 'knowledge', timeoutMs: 2500, retries: 2 }),
    calendar: createPolicy({ dependency: 'calendar', timeoutMs: 4000, retries: 2 }),
    email: createPolicy({ dependency: 'email', timeoutMs: 5000, retries: 2 }),
  };
}
