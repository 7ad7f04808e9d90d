import type { QualificationSignals, QualificationThresholds, Tier } from '../../../conversation/index.js';
import type { DialogueState } from '../../session/dialogue.js';
import type { RecordQualificationArgs } from '../../tools/record_qualification.js';
import { normalizeNumberText, scanAmounts, tokenize, type Amount } from '../../understanding/amounts.js';
import type { Understanding } from '../../understanding/understand.js';

/** What to do with the facts of this turn: record them, confirm one first, or clarify a range. */
export type FactDecision =
  | { kind: 'record'; args: RecordQualificationArgs }
  | {
      kind: 'confirm';
      field: 'teamSize' | 'monthlyVolume';
      value: number;
      approximate: boolean;
      /** The other facts of the same turn, recorded meanwhile. */
      record: RecordQualificationArgs;
    }
  | { kind: 'clarify_range'; low: number; high: number; record: RecordQualificationArgs };

const SURPRISING = { teamSize: 5_000, monthlyVolume: 100_000 };
const SMALL_BUSINESS = 50;
/** An approximate figure below this multiple of its threshold may really be under it. */
const NEAR_THRESHOLD = 2;

// Figures said as a wish, a forecast or an instruction ("just say we're 10", "we might grow to 20
// next year") are not the team as it is today.
const HYPOTHETICAL =
  /\b(just say|pretend|put (me|us) down (as|for)|say (we'?re|we are|that)|tell them|might|grow(ing)? to|next year|in the future|eventually|someday|could be|plan(ning)? to hire|hiring|once we)\b/;

// What an amount may count instead of people or documents: then it does not answer the question.
const OTHER_UNIT =
  /^(%|percent|per ?cent|\$|dollars?|bucks|usd|eur|euros?|pounds?|k\b|hours?|hrs?|minutes?|mins?|days?|weeks?|years?|months? (ago|old)|offices?|locations?|branches?|countries|am|pm|o'?clock)/;

/**
 * The answer to a number question Sarah just asked ("how many people…?"): the one amount in a
 * reply that asks nothing else, whatever words come around it ("um like three hundred", "five",
 * "give or take 40"). Two amounts, an address, a time or another unit make it something else.
 */
function bareAnswer(u: Understanding): Amount | undefined {
  if (u.email || u.time || u.intent !== 'statement') return undefined;
  const tokens = tokenize(normalizeNumberText(u.lower));
  const spans = scanAmounts(tokens);
  if (spans.length !== 1) return undefined;
  const after = tokens.slice(spans[0]!.end, spans[0]!.end + 2).join(' ');
  return OTHER_UNIT.test(after) ? undefined : spans[0]!.amount;
}

/**
 * The qualification facts in the user's words, about their own team only: signers and company
 * headcount are not team size, integrations asked about are not integrations used, and a
 * correction replaces the figure it corrects.
 */
export function factsOf(
  u: Understanding,
  d: DialogueState,
  known: QualificationSignals,
): {
  teamSize?: Amount;
  monthlyVolume?: Amount;
  rest: RecordQualificationArgs;
} {
  const f = u.facts;
  let teamSize = f.teamSize;
  let monthlyVolume = f.monthlyVolume;
  if (f.correction) {
    const replaces = f.correction.replaces;
    if (replaces !== undefined && replaces === known.monthlyVolume && replaces !== known.teamSize)
      monthlyVolume = f.correction.value;
    else if (replaces !== undefined && replaces === known.teamSize) teamSize = f.correction.value;
    else if (d.askedFor === 'monthlyVolume') monthlyVolume ??= f.correction.value;
    else if (d.askedFor === 'teamSize' || d.pendingFact?.field === 'teamSize')
      teamSize ??= f.correction.value;
    // "wait, actually it's 30": the one figure we hold is the one being corrected.
    else if (known.teamSize !== undefined && known.monthlyVolume === undefined)
      teamSize ??= f.correction.value;
    else if (known.monthlyVolume !== undefined && known.teamSize === undefined)
      monthlyVolume ??= f.correction.value;
  }
  // A company smaller than the threshold bounds the team: "we're a 3-person shop" is a team of 3.
  // A small business's headcount is its team ("a 9-person agency": everyone sends documents); a
  // large company's is not, and Sarah asks how many would use it.
  if (!teamSize && f.companySize && f.companySize.max <= SMALL_BUSINESS) teamSize = f.companySize;
  // "a team of 3… wait no, 8": the correction in the same breath wins.
  if (
    f.correction &&
    f.teamSize &&
    (f.correction.replaces === undefined || f.correction.replaces === f.teamSize.value)
  )
    teamSize = f.correction.value;
  if (!teamSize && !monthlyVolume && (d.askedFor === 'teamSize' || d.askedFor === 'monthlyVolume')) {
    const answer = bareAnswer(u);
    if (answer) {
      if (d.askedFor === 'teamSize') teamSize = answer;
      else monthlyVolume = answer;
    }
  }
  const rest: RecordQualificationArgs = {};
  // "What if I just tell you we use HubSpot?" is a bargaining move, not a fact.
  const bargaining = /\b(what if|if i (just )?(say|tell you|said)|pretend|just say)\b/.test(u.lower);
  const used = bargaining
    ? []
    : f.integrationsUsed.filter((i) => !known.integrations.includes(i) && !usedInThePast(u.lower, i));
  if (used.length > 0) rest.integrations = used;
  const dropped = f.integrationsNotUsed.filter((i) => known.integrations.includes(i));
  if (dropped.length > 0) rest.integrationsNotUsed = dropped;
  if (f.useCase && f.useCase !== known.useCase) rest.useCase = f.useCase;
  if (f.industry && f.industry !== known.industry) rest.industry = f.industry;
  if (f.urgency && f.urgency !== known.urgency) rest.urgency = f.urgency;
  return { teamSize, monthlyVolume, rest };
}

/**
 * Records plain facts at once; an approximate or surprising figure that would decide a meeting is
 * confirmed first, and a range that straddles the threshold is clarified.
 */
export function decideFacts(
  u: Understanding,
  d: DialogueState,
  known: QualificationSignals,
  tier: Tier,
  thresholds: QualificationThresholds,
): FactDecision | undefined {
  const { rest, ...figures0 } = factsOf(u, d, known);
  const teamSize = saidAsHypothetical(u.lower, figures0.teamSize) ? undefined : figures0.teamSize;
  const monthlyVolume = saidAsHypothetical(u.lower, figures0.monthlyVolume)
    ? undefined
    : figures0.monthlyVolume;
  const args: RecordQualificationArgs = { ...rest };
  const figures: Array<['teamSize' | 'monthlyVolume', Amount | undefined, number]> = [
    ['teamSize', teamSize, thresholds.minTeamSize],
    ['monthlyVolume', monthlyVolume, thresholds.minMonthlyVolume],
  ];
  // A figure needs confirming only if it alone would decide the meeting: not when the user is
  // already sales-ready, nor when another exact figure in the same breath qualifies them.
  const deciding = figures.filter(([, amount, threshold]) => amount && amount.value >= threshold);
  // Two figures that each qualify back each other up; so does one exact figure.
  const integrationQualifies = (rest.integrations ?? []).some((i) =>
    thresholds.salesIntegrations.includes(i),
  );
  const exactlyQualified =
    integrationQualifies ||
    deciding.length > 1 ||
    deciding.some(([, amount, threshold]) => !amount!.approximate && amount!.min >= threshold);
  // The first figure that needs a word with the user is held; the others are recorded meanwhile.
  let held:
    | { kind: 'confirm'; field: 'teamSize' | 'monthlyVolume'; value: number; approximate: boolean }
    | { kind: 'clarify_range'; low: number; high: number }
    | undefined;
  for (const [field, amount, threshold] of figures) {
    if (!amount || amount.value === known[field]) continue;
    const decides = tier !== 'sales_ready' && !exactlyQualified && amount.value >= threshold;
    if (
      field === 'teamSize' &&
      amount.min < threshold &&
      amount.max >= threshold &&
      amount.min !== amount.max
    ) {
      held ??= { kind: 'clarify_range', low: amount.min, high: amount.max };
      continue;
    }
    // A range wholly past the threshold ("10 to 15 people") qualifies whichever end is true.
    const explicitRange = /\d+\s*(?:-|to|and|or)\s*\d+|\bbetween\b/.test(u.lower);
    const surelyQualifies = explicitRange && amount.min !== amount.max && amount.min >= threshold;
    // "About 6 people" could be 4 and is checked; "like three hundred" a month is surely past 100.
    const nearThreshold = amount.value < NEAR_THRESHOLD * threshold;
    if (
      (amount.approximate && decides && nearThreshold && !surelyQualifies) ||
      amount.value >= SURPRISING[field]
    ) {
      held ??= { kind: 'confirm', field, value: amount.value, approximate: amount.approximate };
      continue;
    }
    // A figure that jumps past the threshold right after a call was refused is checked, and only
    // an explicit yes records it.
    const jumped = known[field] !== undefined && known[field]! < threshold && decides && d.meetingRequested;
    if (jumped) {
      held ??= { kind: 'confirm', field, value: amount.value, approximate: false };
      continue;
    }
    args[field] = Math.round(amount.value);
  }
  if (held) return { ...held, record: args };
  return Object.keys(args).length > 0 ? { kind: 'record', args } : undefined;
}

/** Whether the clause that holds this figure is a wish or a forecast (other clauses don't count). */
function saidAsHypothetical(lower: string, amount: Amount | undefined): boolean {
  if (!amount || !HYPOTHETICAL.test(lower)) return false;
  const clauses = lower.split(/[,.;!?]+|\s+-\s+|\b(?:but|and then|so)\b/);
  const holding = clauses.filter((c) => new RegExp(`\\b${amount.min}\\b|\\b${amount.value}\\b`).test(c));
  if (holding.length > 0) return holding.some((c) => HYPOTHETICAL.test(c));
  // Spelled out or implied ("me and my cofounder"): the clause that talks about people.
  const people = clauses.filter((c) =>
    /\b(me and|and i\b|of us|people|team|we'?re|we are|cofounder|partner|colleague)/.test(c),
  );
  return people.length > 0 ? people.some((c) => HYPOTHETICAL.test(c)) : HYPOTHETICAL.test(lower);
}

// "I used HubSpot at my last job": a tool from the past is not one the team uses.
const PAST_USE =
  /\b(used to|at my (last|previous|old|former) (job|company|role|employer|work|place)|previously|in the past|back when|my old (job|company)|no longer|stopped using|moved (away )?from|switched from)\b/;

function usedInThePast(lower: string, integration: string): boolean {
  if (!PAST_USE.test(lower)) return false;
  const name = integration.replace(/_/g, ' ');
  const clause = lower
    .split(/[,.;!?]+|\bbut\b/)
    .find((c) => c.includes(name) || c.replace(/\s+/g, '').includes(name.replace(/\s+/g, '')));
  return clause ? PAST_USE.test(clause) : false;
}
