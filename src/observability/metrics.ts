import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client';
import { sampleForScrape } from './event_loop.js';

/** Prometheus metrics for the whole process; `/metrics` serves `registry`. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const metrics = {
  sessionsStarted: new Counter({
    name: 'sarah_sessions_started_total',
    help: 'Conversations started, by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
  }),
  repliesGuarded: new Counter({
    name: 'sarah_reply_sentences_guarded_total',
    help: 'Sentences of a reply replaced before they were said, by the policy they broke',
    labelNames: ['problem'] as const,
    registers: [registry],
  }),
  sessionsResumed: new Counter({
    name: 'sarah_sessions_resumed_total',
    help: 'Chats picked up again after their socket dropped, by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
  }),
  activeSessions: new Gauge({
    name: 'sarah_active_sessions',
    help: 'Conversations currently open',
    labelNames: ['channel'] as const,
    registers: [registry],
  }),
  toolCalls: new Counter({
    name: 'sarah_tool_calls_total',
    help: 'Tool calls by tool and outcome',
    labelNames: ['tool', 'outcome'] as const,
    registers: [registry],
  }),
  abuseRefusals: new Counter({
    name: 'sarah_abuse_refusals_total',
    help: 'Bookings and emails refused by an abuse cap, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  dependencyFailures: new Counter({
    name: 'sarah_dependency_failures_total',
    help: 'Calls to outside parts that failed and fell back',
    labelNames: ['dependency'] as const,
    registers: [registry],
  }),
  dependencyBreakerState: new Gauge({
    name: 'sarah_dependency_breaker_state',
    help: 'Circuit breaker of each outside part: 0 closed, 1 half-open (one probe call), 2 open',
    labelNames: ['dependency'] as const,
    registers: [registry],
  }),
  dependencyAttempts: new Counter({
    name: 'sarah_dependency_attempts_total',
    help: 'Calls sent to outside parts through their guard, first attempts and retries',
    labelNames: ['dependency'] as const,
    registers: [registry],
  }),
  dependencyRetries: new Counter({
    name: 'sarah_dependency_retries_total',
    help: 'Retries sent to outside parts (kept within 20% of first attempts by the retry budget)',
    labelNames: ['dependency'] as const,
    registers: [registry],
  }),
  replyLatency: new Histogram({
    name: 'sarah_reply_seconds',
    help: 'Time from a user message to the final assistant message',
    labelNames: ['channel'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8],
    registers: [registry],
  }),
  analyticsEvents: new Counter({
    name: 'sarah_analytics_events_total',
    help: 'Product analytics events, by name',
    labelNames: ['event'] as const,
    registers: [registry],
  }),
  analyticsDropped: new Counter({
    name: 'sarah_analytics_dropped_total',
    help: 'Analytics events or properties dropped by the event catalogue (unknown name, property or value)',
    labelNames: ['event', 'what'] as const,
    registers: [registry],
  }),
  outboxPending: new Gauge({
    name: 'sarah_outbox_pending',
    help: 'Outbox rows waiting to be delivered, by kind (refreshed on every dispatcher pass)',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  outboxDelivered: new Counter({
    name: 'sarah_outbox_delivered_total',
    help: 'Outbox rows delivered, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  outboxRetried: new Counter({
    name: 'sarah_outbox_retried_total',
    help: 'Outbox delivery attempts that failed and were rescheduled, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  outboxFailed: new Counter({
    name: 'sarah_outbox_failed_total',
    help: 'Outbox rows parked as failed (too many attempts or refused for good), by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  stateTransitions: new Counter({
    name: 'sarah_state_transitions_total',
    help: 'Conversation state transitions',
    labelNames: ['to'] as const,
    registers: [registry],
  }),
  // Both read (and reset) the event-loop monitor on each scrape: values cover the time since the last one.
  eventLoopDelayMax: new Gauge({
    name: 'sarah_event_loop_delay_max_seconds',
    help: 'Longest event-loop stall since the previous scrape (delay beyond the 10 ms sampling tick)',
    registers: [registry],
    collect() {
      this.set(sampleForScrape().maxSeconds);
    },
  }),
  eventLoopDelayP99: new Gauge({
    name: 'sarah_event_loop_delay_p99_seconds',
    help: '99th percentile event-loop delay since the previous scrape (beyond the 10 ms sampling tick)',
    registers: [registry],
    collect() {
      this.set(sampleForScrape().p99Seconds);
    },
  }),
};
