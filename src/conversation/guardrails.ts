/**
 * Policy that keeps Sarah safe and honest: what she must refuse, when she must hand off,
 * and how many times per call each tool may run.
 */
import { hiddenReadings } from './encoded_text.js';

export interface CallLimits {
  knowledgeSearches: number;
  toolCallsPerTurn: number;
  bookingAttempts: number;
  emails: number;
}

export const DEFAULT_LIMITS: CallLimits = {
  knowledgeSearches: 10,
  toolCallsPerTurn: 3,
  bookingAttempts: 2,
  emails: 5,
};

export type RestrictedTopic = 'discount' | 'payment' | 'legal' | 'unreleased' | 'other_customers';
export type EscalationReason = 'repeated_request' | 'billing' | 'legal' | 'bug' | 'frustration';

const RESTRICTED_PATTERNS: ReadonlyArray<[RestrictedTopic, RegExp]> = [
  ['discount', /\b(discount|coupon|promo(tion)? code|\d{1,2}\s?% off|cheaper price|price match|deal on)\b/i],
  ['payment', /\b(refund|charge (my|the) card|take (my )?payment|pay (you|now)|credit card number)\b/i],
  [
    'legal',
    /\b(legally binding|legally speaking|is (it|this) legal|legal advice|enforceable|lawsuit|sue|court|compliant with .*law|indemn\w*|non-?competes?|liability clause|review (my|our|this) (contract|agreement))\b/i,
  ],
  [
    'unreleased',
    /\b(roadmap|upcoming feature|coming soon|release date|next release|will you (add|support))\b/i,
  ],
  [
    'other_customers',
    /\b(other (customers?|companies|clients)|which companies|who else uses|customer list)\b/i,
  ],
];

/** Returns the first restricted topic the text touches, if any. */
export function detectRestrictedTopic(text: string): RestrictedTopic | undefined {
  return RESTRICTED_PATTERNS.find(([, pattern]) => pattern.test(text))?.[0];
}

// "human resources" is a use case and "I'm a sales rep" a job title; neither asks for a person.
const HUMAN_REQUEST =
  /\b(real person|actual person|someone real|live (agent|person)|human(?! resources)( being)?|(talk|speak|chat|connect me) (to|with) (a |an |your )?(real )?(person|agent|rep|representative|manager|support)|(get|give|find|need|want) (me )?(a |an )?(real |live )?(person|representative|rep|manager|agent)|(talk|speak) (to|with) someone(?! (about|from sales|in sales))|operator|support agent|customer (service|support))\b/i;
const ASKS_IF_HUMAN =
  /\bare you (a |an )?(real|human|bot|robot|person)\b|\b(am i|are we) (talking|speaking|chatting) (to|with) (a |an )?(real|human|bot|robot|person|ai|machine)\b|\bis this (a |an )?(real (person|human)|human|bot|robot|ai|chatgpt|machine)\b/i;
const BILLING =
  // "our billing system" or "we send invoices" are not billing problems; "my bill" and "charged" are.
  /\b(billing (issue|problem|question|error|department|team|help|is wrong|account|details|info)|(credit )?card on (file|our account|my account)|(my|our|the) (billing|bill|invoice) (from|for) (you|pandadoc|my (plan|subscription))|(my|our) pandadoc (bill|invoice)|billed|charged|overcharged|duplicate (charge|payment)|charged twice|refund\w*|double charged|payment failed|refund|money back|charges? (from|by|on)\b.*\b(statement|card|account)|cancel (my |our )?(subscription|plan|account))\b/i;
const BUG =
  /\b(bug|broken|crash(es|ed|ing)?|not working|doesn'?t work|isn'?t working|error message|glitch|keeps failing|won'?t load|blank (white )?(screen|page)|white screen|froze|freez\w*|keeps (loading|spinning)|stuck (on|at) (loading|a spinner)|(getting|get|gets|got|shows?|throws?) an? error|error \d{3}|goes (blank|white)|went (blank|white)|\d{3} error|lose my (changes|work)|lost my (changes|work)|wiped( out)?|disappeared|vanished)\b/i;
const FRUSTRATION_STRONG =
  /\b(furious|livid|enraged|pissed|ridiculous|useless|garbage|rubbish|waste of (my )?time|wasted (\w+ )?(hours|days|my (whole )?(day|morning|afternoon))|had enough|sick of|terrible|worst|angry|unacceptable|so frustrat\w*|this is (a )?joke|in tears|crying|can'?t take (this|it)( anymore)?|at my wits'? end|at my wit'?s end|i'?m (so )?done with (this|you|it)|what the (hell|heck|f\w*)|wtf|are you (kidding|serious)|kidding me|can'?t do this any ?more|stupid|sucks|crap|hate (this|it|you)|(lose|losing) (this|the|my|our) (deal|client|job)|fire me|get fired|(really|honestly|totally|completely|seriously) (panick\w*|freaking out|losing it)|no idea what i'?m doing|i'?m shaking|panic attack)\b/i;
const FRUSTRATION_MILD =
  /\b(frustrat\w*|annoy\w*|confus\w*|stuck|struggl\w*|hard to|can'?t figure|(a bit of a|such a|a) pain|ugh+|sigh|meh|taking (way |so |too )?(long|longer)|longer than i (hoped|expected|thought)|not (very )?intuitive|getting nowhere|irritat\w*|fed up|(second|third|fourth) time (i'?m |i am )?ask\w*|keep asking|already asked)\b/i;

/** "Are you a bot?" asks what Sarah is; it is not a request for a person. */
export function asksIfHuman(text: string): boolean {
  return ASKS_IF_HUMAN.test(text);
}

export function isHumanRequest(text: string): boolean {
  return !ASKS_IF_HUMAN.test(text) && HUMAN_REQUEST.test(text);
}

export function detectEscalationTopic(text: string): 'billing' | 'legal' | 'bug' | undefined {
  if (BILLING.test(text)) return 'billing';
  if (BUG.test(text)) return 'bug';
  if (detectRestrictedTopic(text) === 'legal') return 'legal';
  return undefined;
}

export type Frustration = 'none' | 'mild' | 'strong';

export function detectFrustration(text: string): Frustration {
  // Capitals alone are not anger (people type emails and short answers in caps); a shouted sentence is.
  const shouting =
    !text.includes('@') &&
    text.split(/\s+/).length >= 4 &&
    (text === text.toUpperCase() || /\b[A-Z]{2,}(?:\s+[A-Z]{2,}){3,}\b/.test(text)) &&
    /[A-Z]{4,}/.test(text);
  const exclamations = (text.match(/!/g) ?? []).length >= 3;
  if (FRUSTRATION_STRONG.test(text) || shouting || exclamations) return 'strong';
  if (FRUSTRATION_MILD.test(text)) return 'mild';
  return 'none';
}

const INJECTION =
  /\b(ignore (all (of )?)?(your |the (?=(previous|prior|above|earlier) ))?((previous|prior|above|earlier) )?(instructions|prompts?|rules|guidelines)|you are now|system prompt|developer mode|jailbreak|disregard (your|all) (rules|instructions)|act as (?!(an? )?sales))/i;

/**
 * Words that try to replace Sarah's rules rather than talk about documents: rules declared void or
 * new, a mode switch, forgetting what she was told. Trialists talk about their own documents'
 * rules and settings, never about "your instructions".
 */
const RULES_REWRITE =
  /\b((your|the|these|my|new|updated) (instructions|rules|guidelines|configuration|directives?)\b.{0,40}\b(have expired|expired|are (void|over|cancelled|disabled|outdated|lifted)|supersede|no longer apply|(is|are) (now|as follows))|new (instructions|rules|directive)|the real rules? (is|are)\b|follow (mine|my (instructions|rules|orders))|forget (everything|all|your (rules|instructions|training))|(stop|quit) following your|override (safety|your|the rules|all)|system override|(maintenance|admin|god|debug|operator|unrestricted|unfiltered) mode|(restrictions|rules) (no longer|don'?t) apply)\b/i;

/** Role-play that recasts Sarah or the user's situation by instruction instead of by fact. */
const ROLE_PLAY =
  /\b(role-?play|let'?s play a game|pretend (you|to be|that|we|i|my|our|this)|simulate a (terminal|shell|console)|imagine (you'?re|you are|an ai)|switch persona|speak like a|(you are|you'?re) (an actor|an ai without|dan\b|my (late )?grand))/i;

/**
 * A claim to speak for PandaDoc, its staff or its model vendor. A trialist never needs one; it is
 * how a message tries to borrow authority for a booking, a discount or a disclosure.
 */
const AUTHORITY_CLAIM =
  /\b((i'?m|i am|this is) your (developer|admin|administrator|creator|supervisor|operator)|i'?m the engineer who built you|(i'?m|i am) from pandadoc\b|i work (at|for) pandadoc\b|i work in pandadoc (support|sales|security|it|legal|engineering)|the admin (says|said|wants)\b.{0,20}\b(book|schedule|mark|qualify|skip)|(message|request|directive|notice) from (the )?(pandadoc|openai) (security|legal|it|compliance|engineering|admin)\w*( team)?\s*:|verified by pandadoc|(pandadoc|openai) policy update|per the new company directive|(legal|compliance) has cleared|(compliance|security|legal) request\s*:|(my|your) (manager|supervisor|boss) (at|from) pandadoc|your (supervisor|manager|boss)\b[^.]{0,40}\b(says|said|approved|wants))/i;

/**
 * Text shaped like a tool call, a tool result or a chat-template turn: a person typing to Sarah
 * writes sentences, so this can only be an attempt to pass as the machinery around her.
 */
const MACHINE_SHAPED =
  /\b[a-z]+_[a-z_]+\s*\(|\b(functions|tools?)\.[a-z_]+|\b[a-z]+_[a-z_]+\b[^.]{0,60}?\b[a-z]+\s*=\s*\S|"[a-z_]+"\s*:|<\|[a-z_]+\|>|<\/?function_call|\b(tool_result|tool_call|function_call)\b|(^|\n|\]:?\s*)\[?(system|assistant|observation)\]?\s*:|\bobservation from tool\b/i;

/** True for text shaped like a tool call or a model turn rather than a person's sentence. */
export function looksMachineShaped(text: string): boolean {
  return MACHINE_SHAPED.test(text);
}

/**
 * Spots text that tries to rewrite Sarah's instructions, recast her by role-play, borrow
 * PandaDoc's authority or pass as a tool call. It is still treated as ordinary user content;
 * this only lets her steer back politely and keeps its facts and addresses out of the record.
 */
export function looksLikePromptInjection(text: string): boolean {
  // Encoded or disguised words (base64, hex, "1gn0r3"…) are checked in their decoded form too.
  return plainInjection(text) || hiddenReadings(text).some(plainInjection);
}

function plainInjection(text: string): boolean {
  return (
    INJECTION.test(text) ||
    RULES_REWRITE.test(text) ||
    ROLE_PLAY.test(text) ||
    AUTHORITY_CLAIM.test(text) ||
    MACHINE_SHAPED.test(text)
  );
}

/** Counts tool use per call and per turn; `allow` answers whether one more is permitted. */
export type UsageKind = keyof Omit<CallLimits, 'toolCallsPerTurn'>;

export class UsageCounter {
  readonly #perCall = new Map<string, number>();
  #turnCalls = 0;

  constructor(private readonly limits: CallLimits = DEFAULT_LIMITS) {}

  startTurn(): void {
    this.#turnCalls = 0;
  }

  count(kind: UsageKind): number {
    return this.#perCall.get(kind) ?? 0;
  }

  /** Uses so far, by kind: kept across a resumed chat, so a reconnect never resets a limit. */
  counts(): Partial<Record<UsageKind, number>> {
    return Object.fromEntries(this.#perCall) as Partial<Record<UsageKind, number>>;
  }

  restore(counts: Partial<Record<UsageKind, number>>): void {
    for (const [kind, used] of Object.entries(counts))
      if (Number.isInteger(used) && used! >= 0) this.#perCall.set(kind, used!);
  }

  /** Records one use when allowed; returns false (and records nothing) when a limit is reached. */
  allow(kind?: UsageKind): boolean {
    if (this.#turnCalls >= this.limits.toolCallsPerTurn) return false;
    if (kind && this.count(kind) >= this.limits[kind]) return false;
    this.#turnCalls += 1;
    if (kind) this.#perCall.set(kind, this.count(kind) + 1);
    return true;
  }
}
