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
  dependencyFailures: new Counter({
    name: 'sarah_dependency_failures_total',
    help: 'Calls to outside parts that failed and fell back',
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
