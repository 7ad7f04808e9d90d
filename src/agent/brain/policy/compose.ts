import {
  ASK_HANDOFF_EMAIL,
  COPY,
  FOLLOW_UP_NOTED,
  TEAM_NOT_REACHED,
  askEmailForInvite,
  bookedConfirmed,
  bookedWithoutInvite,
  describeSlots,
  inviteRedirected,
  meetingCancelled,
  meetingMoved,
  nextMissingSignal,
  noComparison,
  pickLine,
  readBackBooking,
  roiSummary,
  slotUnavailable,
} from '../../../conversation/index.js';
import type { DiscoveryField } from '../../session/dialogue.js';
import type { Turn } from './types.js';

const DISCOVERY_QUESTIONS: Record<DiscoveryField, string> = {
  useCase: COPY.askUseCase,
  teamSize: COPY.askTeamSize,
  monthlyVolume: COPY.askVolume,
  integrations: COPY.askIntegrations,
};

const MAX_ANSWER_WORDS = 32;
/** About how long a spoken reply may be (lists of times may run longer). */
const WORD_BUDGET = 40;
const words = (parts: string[]) => parts.join(' ').split(/\s+/).filter(Boolean).length;

/** An article summary cut to what fits a spoken reply: whole sentences, about 30 words. */
export function shortAnswer(answer: string): string {
  const sentences = answer.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [answer];
  let out = '';
  for (const sentence of sentences) {
    const next = `${out}${sentence}`.trim();
    if (out && next.split(/\s+/).length > MAX_ANSWER_WORDS) break;
    out = `${next} `;
  }
  return out.trim();
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

/** What the results of this turn's tools say, in order. */
function resultLines(turn: Turn): string[] {
  const parts: string[] = [];
  const { d } = turn;
  for (const result of turn.results) {
    const out = (result.output ?? {}) as Record<string, unknown>;
    if (result.isError) {
      const message = String(result.output);
      parts.push(message.startsWith('Invalid arguments') ? pickLine('fallback', turn.ctx.said) : message);
      continue;
    }
    switch (result.name) {
      case 'search_knowledge':
      case 'compare_competitor': {
        const best = (out.results as Array<{ title: string; answer: string }> | undefined)?.[0];
        if (best) parts.push(`${shortAnswer(best.answer)} That's from our article "${best.title}".`);
        else
          parts.push(
            result.name === 'compare_competitor'
              ? noComparison(String(out.competitor))
              : pickLine('noMatch', turn.ctx.said),
          );
        break;
      }
      case 'check_availability': {
        const slots = (out.slots as Array<{ label: string }> | undefined) ?? [];
        const chosen = d.booking.chosen;
        const email = d.booking.email ?? d.email;
        if (chosen && out.exactSlotId && out.unavailable)
          parts.push(slotUnavailable(String(out.unavailable), [chosen.label]));
        else if (chosen && out.exactSlotId)
          parts.push(email ? readBackBooking(chosen.label, email) : askEmailForInvite(chosen.label));
        else if (out.unavailable)
          parts.push(
            slotUnavailable(
              String(out.unavailable),
              slots.map((s) => s.label),
            ),
          );
        else parts.push(describeSlots(slots.map((s) => s.label)));
        break;
      }
      case 'book_meeting':
        if (out.booked) {
          // Booked after the read-back was accepted: no second check.
          if (out.inviteQueued === false) parts.push(bookedWithoutInvite(String(out.when)));
          else parts.push(bookedConfirmed(String(out.when), String(out.email)));
        } else {
          parts.push(
            `${COPY.slotTaken} ${describeSlots(((out.slots as Array<{ label: string }>) ?? []).map((s) => s.label))}`,
          );
        }
        break;
      case 'change_meeting':
        if (out.cancelled) parts.push(meetingCancelled(out.inviteQueued !== false));
        else if (out.moved)
          parts.push(meetingMoved(String(out.when), String(out.email), out.inviteQueued !== false));
        else if (out.emailChanged)
          parts.push(inviteRedirected(String(out.when), String(out.email), out.inviteQueued !== false));
        else parts.push(`${COPY.slotTaken.split('.')[0]}. ${pickLine('askNewTime', turn.ctx.said)}`);
        break;
      case 'calculate_roi':
        parts.push(roiSummary(Number(out.hoursSavedPerWeek), Number(out.annualSavings)));
        break;
      case 'send_resource':
        parts.push(COPY.resourceSent(String(out.title)));
        break;
      case 'request_human':
        // The team is told only when the request was stored (the tool says queued: false otherwise).
        if (out.queued === false) parts.push(TEAM_NOT_REACHED);
        else if (out.followUp) parts.push(FOLLOW_UP_NOTED);
        else if (!out.handoff) parts.push(COPY.humanFirstAsk);
        else {
          parts.push(handoffLine(String(out.reason)));
          // A person who cannot reach the user helps no one: ask for the address when none is known.
          if (!(d.booked?.email ?? d.booking.email ?? d.email)) parts.push(ASK_HANDOFF_EMAIL);
        }
        break;
    }
  }
  return parts;
}

/** After new facts: the offer they earned, or the next discovery question, or self-serve help. */
function afterFacts(turn: Turn): string[] {
  const record = turn.results.find((r) => r.name === 'record_qualification' && !r.isError);
  if (!record) return [];
  const out = record.output as { becameSalesReady?: boolean };
  const { ctx, d } = turn;
  if (d.booked || d.booking.step || turn.results.some((r) => r.name === 'check_availability')) return [];
  if (out.becameSalesReady) return [COPY.offerMeeting];
  if (ctx.tier === 'sales_ready') return [];
  if (d.meetingRequested && (ctx.signals.teamSize !== undefined || ctx.signals.monthlyVolume !== undefined))
    return [pickLine('meetingSelfServe', ctx.said)];
  const s = ctx.signals;
  if (s.teamSize !== undefined && s.monthlyVolume !== undefined) return [COPY.selfServe];
  const missing = nextMissingSignal(s) as DiscoveryField | undefined;
  if (missing && missing in DISCOVERY_QUESTIONS && !d.askedFields.includes(missing))
    return [DISCOVERY_QUESTIONS[missing]];
  return s.teamSize !== undefined ? [COPY.selfServe] : [];
}

/** This turn answered the transcript question. */
export function answeredConsentNow(turn: Turn): boolean {
  return turn.d.consentAnsweredAt === turn.d.userTurns && turn.d.consent !== 'unknown';
}

/**
 * The transcript question went unanswered (the user went straight to a question): Sarah asks it
 * once more, early in the chat. After that, no answer means no transcript, and she lets it be.
 */
function askConsentAgain(turn: Turn): string[] {
  const { d, u } = turn;
  if (d.consent !== 'unknown' || d.consentAsks !== 1 || d.userTurns > 3 || d.booking.step) return [];
  // Not on the way out, to someone upset, or once a person is taking over.
  if (NOT_NOW_FOR_CONSENT.has(u.intent) || u.frustration !== 'none' || d.handedOff || d.closing) return [];
  return [COPY.consentAskAgain];
}

const NOT_NOW_FOR_CONSENT = new Set(['farewell', 'thanks', 'human', 'other_language', 'cancel_meeting']);

/** Early in the chat, an answered question is a natural moment to learn one thing about the team. */
function discoveryAfterAnswer(turn: Turn): string[] {
  const { d, ctx } = turn;
  const answered = turn.results.some(
    (r) => r.name === 'search_knowledge' && !r.isError && (r.output as { found?: boolean }).found,
  );
  if (
    !answered ||
    d.userTurns > 3 ||
    d.offer ||
    d.booking.step ||
    turn.results.some((r) => r.name === 'record_qualification')
  )
    return [];
  const missing = nextMissingSignal(ctx.signals) as DiscoveryField | undefined;
  if (!missing || !(missing in DISCOVERY_QUESTIONS) || d.askedFields.includes(missing)) return [];
  return [
    `By the way, ${DISCOVERY_QUESTIONS[missing].charAt(0).toLowerCase()}${DISCOVERY_QUESTIONS[missing].slice(1)}`,
  ];
}

/**
 * The final reply of a turn: an acknowledgement when the user is stressed, what the tools found,
 * then at most one question. Extra parts from the deciding rule come after the results.
 */
export function compose(turn: Turn, extra: string[] = []): string {
  const { u, ctx } = turn;
  const said = ctx.said;
  const parts: string[] = [];
  // The answer to the transcript question, when it came with more than a yes or no.
  if (answeredConsentNow(turn) && turn.results.length > 0)
    parts.push(turn.d.consent === 'yes' ? COPY.consentThanks : COPY.consentDeclined);
  if (u.injection && turn.results.length > 0) parts.push(pickLine('injectionBrief', said));
  if (u.stressed && u.frustration !== 'strong') parts.push(pickLine('empathy', said));
  else if (u.frustration === 'mild') parts.push(pickLine('annoyance', said));

  const body = [...resultLines(turn), ...extra];
  const offers = afterFacts(turn);
  const discovery = discoveryAfterAnswer(turn);
  const followUps = [...offers, ...discovery];
  if (body.length === 0 && followUps.length > 0 && !followUps[0]!.includes('?'))
    body.push(pickLine('acknowledge', said));
  if (body.length === 0 && followUps.length > 0) body.push(pickLine('acknowledge', said));
  const all = [...body, ...followUps];
  // A fact recorded with nothing more to ask is acknowledged, not met with "didn't follow".
  if (all.length === 0 && turn.results.some((r) => r.name === 'record_qualification' && !r.isError))
    all.push(pickLine('acknowledge', said), COPY.anythingElse);
  if (all.length === 0)
    all.push(pickLine(ctx.said.size > 0 && turn.d.userTurns > 1 ? 'fallback' : 'askMore', said));

  // One question per reply: the first one asked wins; later questions are dropped.
  let asked = false;
  for (const part of all) {
    const isQuestion = part.trim().endsWith('?');
    if (isQuestion && asked) continue;
    asked ||= isQuestion;
    parts.push(part);
  }
  // Asked again only in a reply with room for it: it never pushes out what the user needs.
  const consentAgain = askConsentAgain(turn);
  if (consentAgain.length > 0) {
    // Only the article's name may make way for it (the page shows the article anyway).
    let ready = parts.filter((p) => !discovery.includes(p));
    if (words([...ready, ...consentAgain]) > WORD_BUDGET)
      ready = ready.map((p) => p.replace(ATTRIBUTION, ''));
    if (!ready.some((p) => p.trim().endsWith('?')) && words([...ready, ...consentAgain]) <= WORD_BUDGET)
      return notAgain([...ready, ...consentAgain].join(' '), said);
  }
  return notAgain(fitBudget(parts, discovery), said);
}

const ATTRIBUTION = / That's from our article "[^"]*"\./;

/**
 * A spoken reply stays short: past the budget, the article's name goes first (the page shows it),
 * then a discovery question that can wait, then all but the answer's first sentence.
 */
function fitBudget(parts: string[], optional: string[]): string {
  let out = [...parts];
  if (words(out) > WORD_BUDGET) out = out.map((p) => p.replace(ATTRIBUTION, ''));
  if (words(out) > WORD_BUDGET) out = out.filter((p) => !optional.includes(p));
  if (words(out) > WORD_BUDGET)
    out = out.map((p) => (p.endsWith('?') ? p : (p.match(/^[^.!?]+[.!?]/)?.[0] ?? p)));
  return out.join(' ');
}

/** A reply that would repeat one word for word is said another way (the same times, the same answer). */
function notAgain(text: string, said: ReadonlySet<string>): string {
  if (!said.has(text)) return text;
  if (text.startsWith('I have ')) return text.replace(/^I have /, 'Those are still the nearest open times: ');
  return `As I mentioned, ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}
