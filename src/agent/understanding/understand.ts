import {
  detectEscalationTopic,
  detectFrustration,
  detectRestrictedTopic,
  isHumanRequest,
  looksLikePromptInjection,
  type Frustration,
  type RestrictedTopic,
} from '../../conversation/index.js';
import { DateTime } from 'luxon';
import { type TimeRequest } from './datetime.js';
import { parseTimeWithCorrection } from './time_words.js';
import { findEmail, isSomeoneElsesEmail, refersToEarlierEmail, type EmailMention } from './email.js';
import { extractFactMentions, type FactMentions } from './facts.js';
import {
  INTENTS,
  classifyIntent,
  isAffirmation,
  isCallingOff,
  isDenial,
  isOtherLanguage,
  isQuestion,
  soundsStressed,
  type Intent,
} from './intents.js';
import { resolveSlotReference, type SlotReference } from './slot_reference.js';
import { cleanInput } from './clean_input.js';
import { classifyIntent as classifyLearned, type IntentResult } from './intent_classifier.js';
import { statedFactsText } from './stated_facts.js';
import { correctTypos } from './typos.js';

/** What one user utterance means: one intent, the entities in it, and the signals around it. */
export interface Understanding {
  text: string;
  /** The text with typos and chat shorthand fixed, case kept: what search reads. */
  normalized: string;
  /** Lower-cased, typo-corrected text the rules read. */
  lower: string;
  intent: Intent;
  /** Opens with a yes / a no: the answer to whatever Sarah just asked. */
  affirm: boolean;
  deny: boolean;
  /** Holds off or takes the yes back ("ok… never mind", "don't book it yet"). */
  callingOff: boolean;
  question: boolean;
  facts: FactMentions;
  email?: EmailMention;
  /** Points at an address given earlier ("same email as before") instead of giving one. */
  earlierEmail: boolean;
  /** The address in the text belongs to someone else ("my colleague bob@…"). */
  emailIsSomeoneElses: boolean;
  time?: TimeRequest;
  /** Which offered slot the reply points at, when slots are on the table. */
  slotRef?: SlotReference;
  consent?: 'yes' | 'no';
  frustration: Frustration;
  stressed: boolean;
  escalation?: 'billing' | 'legal' | 'bug';
  /** The escalation was recognised by the learned model, not the topic table: less certain. */
  escalationLearned: boolean;
  restricted?: RestrictedTopic;
  injection: boolean;
  competitor?: string;
}

export interface UnderstandOptions {
  now: Date;
  zone: string;
  /** Slots Sarah has offered and not yet settled, so "the later one" can be resolved. */
  offeredSlots?: Array<{ startUtc: string }>;
}

const COMPETITORS: Array<[string, RegExp]> = [
  ['DocuSign', /\bdocu ?sign\b/i],
  ['Dropbox Sign', /\b(dropbox sign|hello ?sign)\b/i],
  ['Proposify', /\bproposify\b/i],
  ['Adobe Acrobat Sign', /\b(adobe( acrobat)? sign|acrobat sign|adobe acrobat|echosign)\b/i],
  ['Qwilr', /\bqwilr\b/i],
  ['SignNow', /\bsign ?now\b/i],
  ['PandaDoc alternatives', /\b(better|cheaper) than (the )?competitors?\b/i],
];

export function understand(text: string, options: UnderstandOptions): Understanding {
  const trimmed = cleanInput(text).trim();
  const corrected = correctTypos(trimmed);
  const lower = corrected.toLowerCase();
  const email = findEmail(trimmed);
  const competitor = COMPETITORS.find(([, pattern]) => pattern.test(corrected))?.[0];
  const humanRequest = isHumanRequest(corrected);
  const otherLanguage = isOtherLanguage(trimmed);
  const learned = classifyLearned(corrected);
  const ruled: Intent = otherLanguage
    ? 'other_language'
    : classifyIntent(lower, { competitor: Boolean(competitor), humanRequest });
  const affirm = isAffirmation(lower);
  const deny = isDenial(lower);
  const question = isQuestion(lower);
  // A bare yes or no means whatever Sarah just asked; the question under discussion reads it.
  const bareAnswer = (affirm || deny) && lower.split(/\s+/).length <= 3;
  const facts = extractFactMentions(statedFactsText(corrected));
  const decided = bareAnswer ? ruled : decideIntent(ruled, learned);
  const intent = decided === 'human' && asksSalesAboutTheirTeam(lower, facts) ? 'meeting' : decided;
  const injection = looksLikePromptInjection(corrected);
  const slots = options.offeredSlots ?? [];
  const time = parseTimeWithCorrection(corrected, options.now, options.zone);
  // A product question asked mid-booking ("can I choose who signs first?") picks no slot.
  const productQuestion = learned.intent === 'product_question' && learned.confidence >= LEARNED_CONFIDENCE;
  const slotRef = consistentWithTime(
    slots.length > 0 && !(productQuestion && !time)
      ? resolveSlotReference(corrected, slots, options.zone, options.now)
      : undefined,
    slots,
    time,
  );
  const listedEscalation = detectEscalationTopic(corrected);
  // An answer to a booking question ("the second one works") is never a problem report.
  // Only a problem stated is handed over on the model's word; a question about it ("do I need a
  // card for the trial?") is answered, and the topic table still catches billing questions.
  const learnedOne =
    bareAnswer || slotRef || time || email || question ? undefined : learnedEscalation(learned);
  return {
    text: trimmed,
    normalized: corrected,
    lower,
    intent,
    affirm,
    deny,
    callingOff: isCallingOff(lower),
    question,
    // Only clauses that state something true of the user can qualify them (stated_facts.ts).
    facts,
    email,
    earlierEmail: !email && refersToEarlierEmail(trimmed),
    // An address inside an injection attempt (a fake tool call, "the admin says send it to…") was
    // not given as the user's own, so it is never remembered or used for them.
    emailIsSomeoneElses:
      email?.kind === 'address' ? injection || isSomeoneElsesEmail(trimmed, email.address) : false,
    time,
    slotRef,
    consent: consentAnswer(lower, affirm, deny),
    frustration: detectFrustration(trimmed),
    stressed: soundsStressed(lower),
    escalation: listedEscalation ?? learnedOne,
    escalationLearned: !listedEscalation && learnedOne !== undefined,
    restricted: restrictedTopic(corrected),
    injection,
    competitor,
  };
}

/**
 * The address the user gave as their own in this utterance, or the one they gave before when they
 * point back to it ("same email as before"); never an address they said is someone else's.
 */
export function usersOwnAddress(u: Understanding, given: string | undefined): string | undefined {
  if (u.email?.kind === 'address' && !u.emailIsSomeoneElses) return u.email.address;
  return u.earlierEmail ? given : undefined;
}

/** How sure the learned model must be before its intent is taken over the table's default. */
const LEARNED_CONFIDENCE = 0.5;
/** Confidence for reading a product-shaped question as small talk (which leaves it unanswered). */
const SMALL_TALK_OVER_QUESTION = 0.7;
/** A hand-off to a person costs more when wrong: the learned model must be surer for one. */
const LEARNED_ESCALATION_CONFIDENCE = 0.55;
const LEARNED_ESCALATIONS: Record<string, 'billing' | 'legal' | 'bug'> = {
  billing_issue: 'billing',
  legal_question: 'legal',
  bug_report: 'bug',
};

/**
 * The table's rows are precise where they match; where none does ("statement", "question"), the
 * model learned from examples (understanding/examples/intents) decides when it is confident.
 */
function decideIntent(ruled: Intent, learned: IntentResult): Intent {
  if (ruled !== 'statement' && ruled !== 'question') return ruled;
  if (learned.confidence < LEARNED_CONFIDENCE) return ruled;
  if (learned.intent === 'product_question') return 'question';
  if (!(INTENTS as readonly string[]).includes(learned.intent)) return ruled;
  // A question in product form stays a product question unless the model hears a move in the
  // conversation itself ("what were those times?", "can I talk to someone?"); "how much is the
  // Business plan?" is not an ROI request.
  if (ruled === 'question' && !CONVERSATION_MOVES.has(learned.intent as Intent)) return ruled;
  // Reading a question as small talk means not answering it ("do you sign a BAA?" has a rare
  // acronym the model has never seen): that takes a surer model than the other moves.
  if (
    ruled === 'question' &&
    learned.intent === 'small_talk' &&
    learned.confidence < SMALL_TALK_OVER_QUESTION
  )
    return ruled;
  return learned.intent as Intent;
}

const CONVERSATION_MOVES = new Set<Intent>([
  'human',
  'meeting',
  'cancel_meeting',
  'reschedule',
  'booking_status',
  'recall',
  'zone_question',
  'identity',
  'greeting',
  'how_are_you',
  'thanks',
  'farewell',
  'small_talk',
]);

/**
 * "We're 8 people at a construction firm and want to talk to someone": a trialist who describes
 * their business while asking for someone wants the sales conversation, not support. Asking for a
 * real person, or for help with a problem, stays a request for a person.
 */
function asksSalesAboutTheirTeam(lower: string, facts: FactMentions): boolean {
  const aboutTheBusiness =
    facts.teamSize !== undefined ||
    facts.companySize !== undefined ||
    facts.monthlyVolume !== undefined ||
    facts.industry !== undefined ||
    facts.integrationsUsed.length > 0;
  return aboutTheBusiness && !/\b(real|actual|live|human|support|not a (bot|robot|machine))\b/.test(lower);
}

/** A billing problem, a bug or a legal matter described in words the topic table does not list. */
function learnedEscalation(learned: IntentResult): 'billing' | 'legal' | 'bug' | undefined {
  return learned.confidence >= LEARNED_ESCALATION_CONFIDENCE
    ? LEARNED_ESCALATIONS[learned.intent]
    : undefined;
}

/**
 * The answer to "is it okay if I keep a transcript?": only an explicit yes or no counts. "Ok, how
 * do I…" opens a question, it does not consent.
 */
function consentAnswer(lower: string, affirm: boolean, deny: boolean): 'yes' | 'no' | undefined {
  if (/\b(don'?t|do not|please don'?t|no)\b.{0,12}\b(keep|record|save|store|transcri\w*)\b/.test(lower))
    return 'no';
  // "Yes, fine. How do I…": a first sentence of its own that says yes or no answers the question,
  // whatever follows it. "Ok, how do I…" is one sentence, a question, and answers nothing.
  const [first, ...rest] = lower.split(/(?<=[.!?])\s+|\n+/);
  if (first && rest.length > 0) {
    const answer = consentAnswer(first, isAffirmation(first), isDenial(first));
    if (answer) return answer;
  }
  if (deny) return 'no';
  if (!affirm) return undefined;
  const aboutTranscript =
    /\b(transcri\w*|record\w*|keep (it|a copy)|(that|it)('?s| is) (fine|ok|okay|alright|all right)|go ahead|fine by me|no problem)\b/.test(
      lower,
    );
  const words = lower.split(/\s+/).filter(Boolean).length;
  if (aboutTranscript || (words <= 4 && !isQuestion(lower))) return 'yes';
  return undefined;
}

/**
 * A pick among offered slots only stands if it agrees with any date or time the user spelled out:
 * "Wednesday at 1pm Mountain" said on a Wednesday means next week, not today's 1 PM slot.
 */
function consistentWithTime(
  ref: SlotReference | undefined,
  slots: Array<{ startUtc: string }>,
  time: TimeRequest | undefined,
): SlotReference | undefined {
  if (ref?.kind !== 'pick' || !time) return ref;
  const slot = slots[ref.index];
  if (!slot) return undefined;
  const local = DateTime.fromISO(slot.startUtc, { zone: 'utc' }).setZone(time.zone);
  if (time.date && local.toISODate() !== time.date) return undefined;
  if (time.time !== undefined && !time.approximate && local.hour * 60 + local.minute !== time.time)
    return undefined;
  return ref;
}

/**
 * Restricted topics, except a discount the user wants to give their own client ("knock 10% off one
 * line in my quote"): that is a how-to about pricing tables, not a discount asked of us.
 */
function restrictedTopic(text: string): RestrictedTopic | undefined {
  const topic = detectRestrictedTopic(text);
  const forTheirClient =
    /\b(quote|pricing table|line item|one line|a line|row|proposal|invoice|for (a|my|our|the) (client|customer)|my clients?|our clients?)\b/i;
  return topic === 'discount' && forTheirClient.test(text) ? undefined : topic;
}
