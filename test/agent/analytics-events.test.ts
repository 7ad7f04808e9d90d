import { describe, expect, it } from 'vitest';
import { trackToolOutcome } from '../../src/agent/analytics_events.js';
import { SessionContext } from '../../src/agent/context.js';
import { COPY, DEFAULT_THRESHOLDS } from '../../src/conversation/index.js';
import { cleanEvent } from '../../src/services/analytics/events.js';
import type { Analytics, AnalyticsProperties } from '../../src/services/analytics/types.js';

function recording() {
  const events: Array<[string, AnalyticsProperties | undefined]> = [];
  const analytics: Analytics = {
    track: (_sessionId, event, properties) => void events.push([event, properties]),
    flush: async () => undefined,
  };
  return { analytics, events };
}

function context(): SessionContext {
  return new SessionContext(
    's-1',
    'web',
    'America/New_York',
    DEFAULT_THRESHOLDS,
    () => new Date('2026-11-25T15:00:00Z'),
  );
}

describe('product events from tool outcomes', () => {
  const cases: Array<{
    name: string;
    tool: string;
    args?: Record<string, unknown>;
    output: unknown;
    isError?: boolean;
    expected: Array<[string, AnalyticsProperties?]>;
  }> = [
    {
      name: 'a knowledge hit names the article',
      tool: 'search_knowledge',
      output: { found: true, results: [{ id: 'pricing-tables', title: 'Pricing tables' }] },
      expected: [['question_answered', { hit: true, articleId: 'pricing-tables' }]],
    },
    {
      name: 'a knowledge miss is a miss',
      tool: 'search_knowledge',
      output: { found: false, results: [] },
      expected: [['question_answered', { hit: false }]],
    },
    {
      name: 'offered times',
      tool: 'check_availability',
      output: { slots: [{}, {}, {}] },
      expected: [['meeting_offered', { slots: 3 }]],
    },
    { name: 'no times, no offer', tool: 'check_availability', output: { slots: [] }, expected: [] },
    {
      name: 'a booking',
      tool: 'book_meeting',
      output: { booked: true, bookingId: 'b1' },
      expected: [['meeting_booked']],
    },
    {
      name: 'the same booking asked again is not counted twice',
      tool: 'book_meeting',
      output: { booked: true, alreadyBooked: true },
      expected: [],
    },
    {
      name: 'a slot taken meanwhile',
      tool: 'book_meeting',
      output: { booked: false, reason: 'slot_taken' },
      expected: [['booking_failed', { reason: 'slot_taken' }]],
    },
    {
      name: 'a calendar outage',
      tool: 'book_meeting',
      output: `ToolError: ${COPY.bookingUnavailable}`,
      isError: true,
      expected: [['booking_failed', { reason: 'calendar_unavailable' }]],
    },
    {
      name: 'a mistyped email',
      tool: 'book_meeting',
      output: `ToolError: ${COPY.invalidEmail}`,
      isError: true,
      expected: [['booking_failed', { reason: 'invalid_email' }]],
    },
    {
      name: 'a hand-off',
      tool: 'request_human',
      args: { reason: 'billing' },
      output: { handoff: true, reason: 'billing' },
      expected: [['handoff', { reason: 'billing' }]],
    },
    {
      name: 'a first request for a person is only an offer',
      tool: 'request_human',
      args: { reason: 'user_request' },
      output: { handoff: false },
      expected: [],
    },
    { name: 'tools without product events', tool: 'calculate_roi', output: { hours: 3 }, expected: [] },
  ];

  it.each(cases)('$name', ({ tool, args = {}, output, isError = false, expected }) => {
    const { analytics, events } = recording();
    trackToolOutcome(analytics, context(), tool, args, output, isError);
    expect(events).toEqual(expected.map(([name, properties]) => [name, properties]));
    for (const [name, properties] of events) expect(cleanEvent(name, properties)?.dropped).toEqual([]);
  });

  it('reports which facts were learnt (never their values) and a tier change once', () => {
    const { analytics, events } = recording();
    const ctx = context();
    ctx.updateSignals({ teamSize: 25, integrations: ['salesforce'] });
    trackToolOutcome(
      analytics,
      ctx,
      'record_qualification',
      { teamSize: 25, integrations: ['salesforce'] },
      {},
      false,
    );
    ctx.updateSignals({ industry: 'legal' });
    trackToolOutcome(
      analytics,
      ctx,
      'record_qualification',
      { industry: 'legal', integrations: [] },
      {},
      false,
    );
    expect(events).toEqual([
      ['qualification_signal', { signal: 'teamSize' }],
      ['qualification_signal', { signal: 'integrations' }],
      ['tier_changed', { tier: 'sales_ready' }],
      ['qualification_signal', { signal: 'industry' }],
    ]);
  });

  it('never lets a failing analytics part break a tool', () => {
    const analytics: Analytics = {
      track: () => {
        throw new Error('analytics down');
      },
      flush: async () => undefined,
    };
    expect(() =>
      trackToolOutcome(analytics, context(), 'book_meeting', {}, { booked: true }, false),
    ).not.toThrow();
  });
});
