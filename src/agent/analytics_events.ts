import { COPY } from '../conversation/index.js';
import { BOOKING_FAILURE_REASONS, QUALIFICATION_SIGNALS } from '../services/analytics/events.js';
import type { Analytics, AnalyticsProperties } from '../services/analytics/types.js';
import type { SessionContext } from './context.js';

type ProductEvent = [name: string, properties?: AnalyticsProperties];

/** The tier analytics last reported per conversation, to send tier_changed only on a change. */
const reportedTier = new WeakMap<SessionContext, string>();

/**
 * Product analytics for a tool's outcome, called once per tool call (success or refusal) from
 * the tool kit. Only facts go out (a hit or a miss, which signal was learnt, the new tier),
 * never what the user said; the analytics part checks each event against its catalogue again.
 * Analytics never breaks a tool: any failure here is swallowed.
 */
export function trackToolOutcome(
  analytics: Analytics,
  context: SessionContext,
  tool: string,
  args: Record<string, unknown>,
  output: unknown,
  isError: boolean,
): void {
  try {
    for (const [name, properties] of productEvents(context, tool, args, output, isError)) {
      analytics.track(context.sessionId, name, properties);
    }
  } catch {
    // analytics is best effort by design
  }
}

function productEvents(
  context: SessionContext,
  tool: string,
  args: Record<string, unknown>,
  output: unknown,
  isError: boolean,
): ProductEvent[] {
  const result = (isError ? {} : (output ?? {})) as Record<string, unknown>;
  switch (tool) {
    case 'search_knowledge':
      return isError ? [] : [['question_answered', questionAnswered(result)]];
    case 'record_qualification':
      return isError ? [] : qualificationEvents(context, args);
    case 'check_availability': {
      const slots = Array.isArray(result.slots) ? result.slots.length : 0;
      return slots > 0 ? [['meeting_offered', { slots }]] : [];
    }
    case 'book_meeting':
      if (isError) return [['booking_failed', { reason: bookingRefusal(String(output)) }]];
      if (result.booked === true) return result.alreadyBooked === true ? [] : [['meeting_booked']];
      return [['booking_failed', { reason: knownReason(result.reason) }]];
    case 'request_human':
      return !isError && result.handoff === true
        ? [['handoff', { reason: String(result.reason ?? args.reason ?? 'user_request') }]]
        : [];
    default:
      return [];
  }
}

function questionAnswered(result: Record<string, unknown>): AnalyticsProperties {
  const first = Array.isArray(result.results)
    ? (result.results[0] as { id?: unknown } | undefined)
    : undefined;
  const hit = result.found === true;
  return hit && typeof first?.id === 'string' ? { hit, articleId: first.id } : { hit };
}

/** One qualification_signal per fact named in the call, then tier_changed if the tier moved. */
function qualificationEvents(context: SessionContext, args: Record<string, unknown>): ProductEvent[] {
  const events: ProductEvent[] = QUALIFICATION_SIGNALS.filter((signal) => {
    const value = args[signal];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
  }).map((signal) => ['qualification_signal', { signal }]);
  const before = reportedTier.get(context) ?? 'self_serve';
  if (context.tier !== before) events.push(['tier_changed', { tier: context.tier }]);
  reportedTier.set(context, context.tier);
  return events;
}

/** A reason book_meeting gave in its output, when analytics knows it. */
function knownReason(reason: unknown): string {
  return (BOOKING_FAILURE_REASONS as readonly unknown[]).includes(reason) ? String(reason) : 'other';
}

/** The refusal line book_meeting answered with, as a reason code. */
function bookingRefusal(message: string): string {
  const reasons: Array<[line: string, reason: string]> = [
    [COPY.selfServe, 'not_qualified'],
    [COPY.invalidEmail, 'invalid_email'],
    [COPY.pickTimeFirst, 'no_slot_chosen'],
    [COPY.bookingLimit, 'attempt_limit'],
    [COPY.bookingUnavailable, 'calendar_unavailable'],
  ];
  return reasons.find(([line]) => typeof line === 'string' && message.includes(line))?.[1] ?? 'other';
}
