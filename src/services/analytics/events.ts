import { CONVERSATION_STATES } from '../../conversation/states.js';
import type { AnalyticsProperties } from './types.js';

/**
 * The product events Sarah may send to an analytics provider, and for each the only properties
 * it may carry. Anything else is dropped before it leaves the process: an unknown event entirely,
 * an unknown property or a value outside its rule on its own. Rules admit numbers, booleans,
 * values from a closed list, or short code-like tokens, so free text (a name, an email, a phone
 * number, a sentence the user typed) cannot pass.
 */
type PropertyRule =
  | { kind: 'boolean' }
  | { kind: 'number'; min: number; max: number; integer: boolean }
  | { kind: 'oneOf'; values: readonly string[] }
  /** Lower-case snake_case words chosen by code (a reason, an end cause), never user input. */
  | { kind: 'token' }
  /** An article id from the knowledge base: letters, digits and - _ . / only. */
  | { kind: 'articleId' };

const boolean: PropertyRule = { kind: 'boolean' };
const integer = (min: number, max: number): PropertyRule => ({ kind: 'number', min, max, integer: true });
const number = (min: number, max: number): PropertyRule => ({ kind: 'number', min, max, integer: false });
const oneOf = (values: readonly string[]): PropertyRule => ({ kind: 'oneOf', values });
const token: PropertyRule = { kind: 'token' };

/** Names of the qualification facts (the facts' values are never sent, only which one was learnt). */
export const QUALIFICATION_SIGNALS = [
  'teamSize',
  'monthlyVolume',
  'useCase',
  'integrations',
  'industry',
  'urgency',
] as const;

/** Why a booking did not happen, as far as analytics needs to know. */
export const BOOKING_FAILURE_REASONS = [
  'slot_taken',
  'calendar_unavailable',
  'invalid_email',
  'no_slot_chosen',
  'attempt_limit',
  'not_qualified',
  'other',
] as const;

export const EVENT_CATALOGUE = {
  session_started: { channel: oneOf(['web', 'console', 'voice']) },
  consent_given: {},
  consent_declined: {},
  question_answered: { articleId: { kind: 'articleId' }, hit: boolean },
  qualification_signal: { signal: oneOf(QUALIFICATION_SIGNALS) },
  tier_changed: { tier: oneOf(['sales_ready', 'self_serve']) },
  meeting_offered: { slots: integer(0, 100) },
  meeting_booked: {},
  booking_failed: { reason: oneOf(BOOKING_FAILURE_REASONS) },
  handoff: { reason: token },
  feedback_submitted: { score: integer(0, 10), with_comment: boolean },
  session_ended: {
    duration_s: number(0, 7 * 24 * 3600),
    turns: integer(0, 1_000_000),
    last_state: oneOf(CONVERSATION_STATES),
    drop_off: boolean,
    reason: token,
  },
} as const satisfies Record<string, Record<string, PropertyRule>>;

export type AnalyticsEventName = keyof typeof EVENT_CATALOGUE;
export const ANALYTICS_EVENT_NAMES = Object.keys(EVENT_CATALOGUE) as AnalyticsEventName[];

export interface CleanEvent {
  name: AnalyticsEventName;
  properties: AnalyticsProperties;
  /** Properties removed because the catalogue does not allow them or their value. */
  dropped: string[];
}

const TOKEN = /^[a-z][a-z0-9_]{0,39}$/;
const ARTICLE_ID = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;

export function isCatalogued(name: string): name is AnalyticsEventName {
  return Object.hasOwn(EVENT_CATALOGUE, name);
}

/** The event as it may be sent, or undefined when the catalogue does not know it. */
export function cleanEvent(name: string, properties: AnalyticsProperties = {}): CleanEvent | undefined {
  if (!isCatalogued(name)) return undefined;
  const rules: Record<string, PropertyRule> = EVENT_CATALOGUE[name];
  const kept: AnalyticsProperties = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (rule && value !== null && value !== undefined && allows(rule, value)) kept[key] = value;
    else if (value !== undefined) dropped.push(key);
  }
  return { name, properties: kept, dropped };
}

function allows(rule: PropertyRule, value: string | number | boolean): boolean {
  switch (rule.kind) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= rule.min &&
        value <= rule.max &&
        (!rule.integer || Number.isInteger(value))
      );
    case 'oneOf':
      return typeof value === 'string' && rule.values.includes(value);
    case 'token':
      return typeof value === 'string' && TOKEN.test(value);
    case 'articleId':
      return typeof value === 'string' && ARTICLE_ID.test(value);
  }
}
