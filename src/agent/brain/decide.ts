import { DateTime } from 'luxon';
import {
  COPY,
  alreadyBooked,
  asksIfHuman,
  byTheWay,
  confirmBooking,
  confirmSlotAskEmail,
  describeSlots,
  knowledgeAnswer,
  nextMissingSignal,
  noComparison,
  roiSummary,
  type QualificationSignals,
} from '../../conversation/index.js';
import type { SessionContext } from '../context.js';
import { parseNumber } from './numbers.js';
import type { ToolName } from '../tools.js';
import type { Understanding } from './understand.js';

export interface PlannedCall {
  name: ToolName;
  args: Record<string, unknown>;
}

/** A tool call made earlier in this turn and what came back. */
export interface ToolResult {
  name: string;
  args: Record<string, unknown>;
  /** The parsed JSON output, or the speakable message when the tool refused. */
  output: unknown;
  isError: boolean;
}

export type Action =
  | { kind: 'tool'; call: PlannedCall }
  | { kind: 'say'; text: string; effects?: (ctx: SessionContext) => void };

const tool = (name: ToolName, args: Record<string, unknown> = {}): Action => ({
  kind: 'tool',
  call: { name, args },
});
const say = (text: string, effects?: (ctx: SessionContext) => void): Action => ({
  kind: 'say',
  text,
  effects,
});

const DISCOVERY_QUESTIONS: Record<keyof QualificationSignals, string> = {
  useCase: COPY.askUseCase,
  teamSize: COPY.askTeamSize,
  monthlyVolume: COPY.askVolume,
  integrations: COPY.askIntegrations,
  industry: COPY.askUseCase,
  urgency: COPY.askUseCase,
};

/**
 * The offline brain's policy: given what the user just said, what the session already knows and
 * the tools already run this turn, pick the next tool call or the final reply. It runs again after
 * every tool result, so each decision sees the latest state.
 */
export function decide(
  u: Understanding,
  ctx: SessionContext,
  results: ToolResult[],
  toolsAllowed: boolean,
): Action {
  const ran = (name: ToolName) => results.some((r) => r.name === name);
  if (results.length > 0 && (!toolsAllowed || results.length >= 3)) return compose(u, ctx, results);
  const canCall = (name: ToolName) => toolsAllowed && !ran(name);

  // 1. Safety first: hand-offs and refusals do not depend on anything else said.
  if (ran('request_human')) return compose(u, ctx, results);
  const wantsHuman = u.humanRequest || (ctx.pendingOffer === 'human' && u.affirmative);
  if (wantsHuman && (ctx.humanRequests >= 2 || u.frustration === 'strong' || ctx.pendingOffer === 'human')) {
    return canCall('request_human')
      ? tool('request_human', { reason: u.frustration === 'strong' ? 'frustration' : 'user_request' })
      : compose(u, ctx, results);
  }
  if (u.humanRequest) return say(COPY.humanFirstAsk, (c) => (c.pendingOffer = 'human'));
  if (u.escalation && canCall('request_human')) return tool('request_human', { reason: u.escalation });
  if (u.frustration === 'strong' && canCall('request_human'))
    return tool('request_human', { reason: 'frustration' });
  if (u.injection) return say(COPY.injectionDeflect);
  if (u.restricted) return say(restrictedLine(u.restricted, ctx));
  if (asksIfHuman(u.text) && results.length === 0) return say(COPY.aboutMe);

  // A bare number right after "how many people…?" answers that question.
  const facts = withAnswerToLastQuestion(u, ctx);

  // 2. Write down any new facts before acting on them, so the tier is current.
  if (Object.keys(facts).length > 0 && canCall('record_qualification') && hasNewFacts(facts, ctx.signals)) {
    return tool('record_qualification', { ...facts });
  }

  // 3. Booking in progress: email, then slot choice.
  const chosen = ctx.chosenSlot;
  if (u.email && chosen && !ctx.booking && canCall('book_meeting')) {
    return tool('book_meeting', { slotId: String(ctx.offeredSlots.indexOf(chosen) + 1), email: u.email });
  }
  if (ctx.awaiting === 'email_for_booking' && !u.email && u.emailAttempt) return say(COPY.invalidEmail);
  if (
    u.email &&
    (ctx.awaiting === 'email_for_resource' || (ctx.pendingOffer === 'resource' && !chosen)) &&
    canCall('send_resource')
  ) {
    return tool('send_resource', { email: u.email });
  }
  if (ctx.awaiting === 'email_for_resource' && !u.email && u.emailAttempt) return say(COPY.invalidEmail);

  // The user may pick a slot, or change their pick before giving an email.
  const choosing = ctx.awaiting === 'slot_choice' || (ctx.awaiting === 'email_for_booking' && !u.email);
  if (choosing && ctx.offeredSlots.length > 0 && !ran('check_availability') && !ctx.booking) {
    const pick = pickOfferedSlot(u, ctx);
    if (pick) return chooseSlot(ctx, pick, u.email);
    if (u.timePreference && canCall('check_availability'))
      return tool('check_availability', preferenceArgs(u));
  }

  // 4. Meetings only for sales-ready trialists; everyone else gets self-serve help.
  const wantsMeeting = u.meetingRequest || (ctx.pendingOffer === 'meeting' && u.affirmative && !u.negative);
  const knowsEnough =
    ctx.signals.teamSize !== undefined ||
    ctx.signals.monthlyVolume !== undefined ||
    ctx.signals.integrations.length > 0;
  const meetingPending = wantsMeeting || (ctx.pendingOffer === 'meeting' && ran('record_qualification'));
  if (meetingPending && !ctx.booking) {
    if (ctx.tier === 'sales_ready') {
      if (canCall('check_availability')) return tool('check_availability', preferenceArgs(u));
    } else if (!knowsEnough) {
      return say(
        COPY.meetingNeedsFacts,
        asking('teamSize', (c) => (c.pendingOffer = 'meeting')),
      );
    } else if (!ran('check_availability')) {
      return say(wantsMeeting ? COPY.meetingSelfServe : COPY.selfServe, (c) => (c.pendingOffer = 'resource'));
    }
  }
  if (wantsMeeting && ctx.booking) return say(alreadyBooked(ctx.booking.label));

  // 5. Answers to what Sarah offered.
  if (ctx.pendingOffer === 'resource' && u.affirmative && !ran('send_resource')) {
    if (ctx.email && canCall('send_resource')) return tool('send_resource', { email: ctx.email });
    return say(COPY.askEmailForResource, (c) => (c.awaiting = 'email_for_resource'));
  }
  if ((ctx.pendingOffer || ctx.awaiting) && u.negative && results.length === 0) {
    return say(COPY.declinedOffer, (c) => {
      c.pendingOffer = undefined;
      c.awaiting = undefined;
    });
  }

  // 6. Questions.
  if (u.competitor && canCall('compare_competitor'))
    return tool('compare_competitor', { competitor: u.competitor });
  if (u.roiRequest && canCall('calculate_roi')) return tool('calculate_roi', {});
  if (u.resourceRequest && !ran('send_resource')) {
    if (ctx.email && canCall('send_resource')) return tool('send_resource', { email: ctx.email });
    return say(COPY.askEmailForResource, (c) => (c.awaiting = 'email_for_resource'));
  }
  const searchable = u.text.replace(/[^\p{L}\p{N}]/gu, '').length >= 2;
  if (
    // A question that also shares facts ("we're 4, does it work with Pipedrive?") gets both.
    u.question &&
    searchable &&
    !u.competitor &&
    !u.meetingRequest &&
    canCall('search_knowledge')
  ) {
    return tool('search_knowledge', { query: u.text.slice(0, 300) });
  }

  if (results.length > 0) return compose(u, ctx, results);

  // 7. Small talk and endings.
  if (u.farewell || (u.thanks && !u.question))
    return say(COPY.goodbye, (c) => c.states.tryTransition('CLOSING', 'user said goodbye'));
  if (u.greetingOnly) return say(COPY.greetingReply);
  if (ctx.userTurns === 1 && (u.affirmative || u.negative)) {
    return say(`${u.negative ? COPY.consentDeclined : COPY.consentThanks} ${COPY.consentNext}`);
  }
  if (u.question && searchable && canCall('search_knowledge'))
    return tool('search_knowledge', { query: u.text.slice(0, 300) });
  return say(COPY.fallbackUnknown);
}

function hasNewFacts(facts: Partial<QualificationSignals>, known: QualificationSignals): boolean {
  return Object.entries(facts).some(([key, value]) =>
    key === 'integrations'
      ? (value as string[]).some((i) => !known.integrations.includes(i))
      : known[key as keyof QualificationSignals] !== value,
  );
}

function preferenceArgs(u: Understanding): Record<string, unknown> {
  const p = u.timePreference;
  if (!p) return {};
  const args: Record<string, unknown> = {};
  if (p.date) args.date = p.date;
  if (p.weekday) args.weekday = p.weekday;
  if (p.partOfDay) args.partOfDay = p.partOfDay;
  if (p.timeOfDay !== undefined) {
    args.time = `${String(Math.floor(p.timeOfDay / 60)).padStart(2, '0')}:${String(p.timeOfDay % 60).padStart(2, '0')}`;
  }
  return args;
}

function pickOfferedSlot(
  u: Understanding,
  ctx: SessionContext,
): (typeof ctx.offeredSlots)[number] | undefined {
  const slots = ctx.offeredSlots;
  if (u.ordinal !== undefined) return u.ordinal < 0 ? slots[slots.length - 1] : slots[u.ordinal];
  const p = u.timePreference;
  if (p) {
    return slots.find((s) => {
      const local = localParts(s.startUtc, ctx.userTimeZone);
      if (p.weekday && local.weekday !== p.weekday) return false;
      if (p.date && local.date !== p.date) return false;
      if (p.timeOfDay !== undefined && local.minutes !== p.timeOfDay) return false;
      if (p.partOfDay === 'morning' && local.minutes >= 12 * 60) return false;
      if (p.partOfDay === 'afternoon' && (local.minutes < 12 * 60 || local.minutes >= 17 * 60)) return false;
      if (p.partOfDay === 'evening' && local.minutes < 17 * 60) return false;
      return true;
    });
  }
  if (u.affirmative && slots.length === 1) return slots[0];
  return undefined;
}

/** The slot's start in the user's zone: ISO weekday, date and minutes after midnight. */
function localParts(iso: string, zone: string): { weekday: number; date: string; minutes: number } {
  const local = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return { weekday: local.weekday, date: local.toISODate()!, minutes: local.hour * 60 + local.minute };
}

function chooseSlot(
  ctx: SessionContext,
  slot: SessionContext['offeredSlots'][number],
  email: string | undefined,
): Action {
  const known = email ?? ctx.email;
  if (known)
    return tool('book_meeting', { slotId: String(ctx.offeredSlots.indexOf(slot) + 1), email: known });
  return say(confirmSlotAskEmail(slot.label), (c) => {
    c.chosenSlot = slot;
    c.awaiting = 'email_for_booking';
  });
}

function restrictedLine(topic: NonNullable<Understanding['restricted']>, ctx: SessionContext): string {
  switch (topic) {
    case 'discount':
      return ctx.tier === 'sales_ready' ? COPY.noDiscounts : COPY.noDiscountsSelfServe;
    case 'payment':
      return COPY.noPayments;
    case 'legal':
      return COPY.legalHandoff;
    case 'unreleased':
      return COPY.noUnreleased;
    case 'other_customers':
      return COPY.noOtherCustomers;
  }
}

/** The final reply of a turn, written from the results of the tools that ran. */
function compose(u: Understanding, ctx: SessionContext, results: ToolResult[]): Action {
  const parts: string[] = [];
  const deferred: string[] = [];
  let effects: ((c: SessionContext) => void) | undefined;
  if (u.frustration === 'mild') parts.push(COPY.frustrationAcknowledge);

  for (const result of results) {
    const out = (result.output ?? {}) as Record<string, unknown>;
    if (result.isError) {
      // Argument validation messages come from the framework and are not meant for people.
      const message = String(result.output);
      parts.push(message.startsWith('Invalid arguments') ? COPY.fallbackUnknown : message);
      continue;
    }
    switch (result.name) {
      case 'search_knowledge': {
        const best = (out.results as Array<{ title: string; answer: string }> | undefined)?.[0];
        parts.push(best ? knowledgeAnswer(best.answer, best.title) : COPY.knowledgeNoMatch);
        break;
      }
      case 'compare_competitor':
        parts.push(out.found ? `${String(out.answer)}` : noComparison(String(out.competitor)));
        break;
      case 'check_availability': {
        const slots = (out.slots as Array<{ label: string }> | undefined) ?? [];
        const firstSlot = ctx.offeredSlots[0];
        if (isSpecific(u.timePreference) && firstSlot && slots.length > 0 && !u.meetingRequest) {
          parts.push(confirmSlotAskEmail(firstSlot.label));
          effects = (c) => {
            c.chosenSlot = firstSlot;
            c.awaiting = 'email_for_booking';
          };
        } else {
          parts.push(describeSlots(slots.map((s) => s.label)));
        }
        break;
      }
      case 'book_meeting':
        parts.push(confirmBooking(String(out.when), String(out.email ?? ctx.email ?? 'your inbox')));
        break;
      case 'calculate_roi':
        parts.push(roiSummary(Number(out.hoursSavedPerWeek), Number(out.annualSavings)));
        break;
      case 'send_resource':
        parts.push(COPY.resourceSent(String(out.title)));
        break;
      case 'request_human':
        parts.push(out.handoff ? handoffLine(String(out.reason)) : COPY.humanFirstAsk);
        break;
      case 'record_qualification':
        if (results.length === 1) parts.push(...afterQualification(ctx, out, (fx) => (effects = fx)));
        else if (out.becameSalesReady && !ctx.booking) {
          // Answer first, then the offer the new facts earned.
          deferred.push(COPY.offerMeeting);
          effects = (c) => (c.pendingOffer = 'meeting');
        }
        break;
    }
  }
  parts.push(...deferred);
  if (parts.length === 0) parts.push(COPY.fallbackUnknown);
  if (
    results.length === 1 &&
    results[0]!.name === 'search_knowledge' &&
    !results[0]!.isError &&
    ctx.userTurns <= 3
  ) {
    const missing = nextMissingSignal(ctx.signals);
    if (missing && !ctx.pendingOffer && !ctx.askedQuestions.has(missing)) {
      parts.push(byTheWay(DISCOVERY_QUESTIONS[missing]));
      effects = asking(missing, effects);
    }
  }
  return say(parts.join(' '), effects);
}

function afterQualification(
  ctx: SessionContext,
  out: Record<string, unknown>,
  setEffects: (fx: (c: SessionContext) => void) => void,
): string[] {
  if (out.becameSalesReady) {
    setEffects((c) => (c.pendingOffer = 'meeting'));
    return [COPY.acknowledgeFacts, COPY.offerMeeting];
  }
  const missing = nextMissingSignal(ctx.signals);
  if (
    missing === undefined ||
    (ctx.signals.teamSize !== undefined &&
      ctx.signals.monthlyVolume !== undefined &&
      ctx.tier === 'self_serve')
  ) {
    if (ctx.tier === 'sales_ready') return [COPY.acknowledgeBrief, COPY.anythingElse];
    setEffects((c) => (c.pendingOffer = 'resource'));
    return [COPY.acknowledgeFacts, COPY.selfServe];
  }
  setEffects(asking(missing));
  return [COPY.acknowledgeFacts, DISCOVERY_QUESTIONS[missing]];
}

/** Remembers which discovery question was asked (and keeps any other effect of the reply). */
function asking(
  signal: keyof QualificationSignals,
  then?: (c: SessionContext) => void,
): (c: SessionContext) => void {
  return (c) => {
    then?.(c);
    c.askedQuestions.add(signal);
    c.askedFor = signal === 'teamSize' || signal === 'monthlyVolume' ? signal : undefined;
  };
}

const BARE_NUMBER =
  /^\s*(?:about|around|roughly|maybe|approximately|~)?\s*([\w\s,+-]+?)\s*(?:people|persons|of us|docs|documents|a month|per month)?[.!]?\s*$/i;

/** Facts in the utterance, plus a bare number read as the answer to the question just asked. */
function withAnswerToLastQuestion(u: Understanding, ctx: SessionContext): Partial<QualificationSignals> {
  if (Object.keys(u.facts).length > 0 || !ctx.askedFor) return u.facts;
  const raw = BARE_NUMBER.exec(u.text)?.[1]?.replace(/\+$/, '');
  const value = raw === undefined ? undefined : parseNumber(raw);
  if (value === undefined || value < 1 || value > 1_000_000) return u.facts;
  return { [ctx.askedFor]: Math.round(value) };
}

/** A day with a part of day, or a clock time: precise enough to pick the first match for the user. */
function isSpecific(preference: Understanding['timePreference']): boolean {
  if (!preference) return false;
  if (preference.timeOfDay !== undefined) return true;
  return Boolean((preference.weekday || preference.date) && preference.partOfDay);
}

function handoffLine(reason: string): string {
  switch (reason) {
    case 'billing':
      return COPY.billingHandoff;
    case 'legal':
      return COPY.legalHandoff;
    case 'bug':
      return COPY.bugHandoff;
    case 'frustration':
      return COPY.frustrationHandoff;
    default:
      return COPY.humanHandoff;
  }
}
