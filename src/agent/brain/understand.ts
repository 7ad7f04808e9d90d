import {
  detectEscalationTopic,
  detectFrustration,
  detectRestrictedTopic,
  isHumanRequest,
  looksLikePromptInjection,
  type Frustration,
  type QualificationSignals,
  type RestrictedTopic,
  type UseCase,
  type Urgency,
} from '../../conversation/index.js';
import type { SlotPreference } from '../../services/calendar/types.js';
import { NUMBER_WORD_PATTERN, parseNumber } from './numbers.js';
import { parseOrdinalChoice, parseTimePreference } from './time.js';

/** What one user utterance means, as far as the offline brain can tell. */
export interface Understanding {
  text: string;
  facts: Partial<QualificationSignals>;
  email?: string;
  /** Something that looks like an attempt at an email address but is not a valid one. */
  emailAttempt: boolean;
  humanRequest: boolean;
  escalation?: 'billing' | 'legal' | 'bug';
  frustration: Frustration;
  restricted?: RestrictedTopic;
  injection: boolean;
  meetingRequest: boolean;
  affirmative: boolean;
  negative: boolean;
  timePreference?: SlotPreference;
  ordinal?: number;
  competitor?: string;
  roiRequest: boolean;
  resourceRequest: boolean;
  question: boolean;
  farewell: boolean;
  thanks: boolean;
  greetingOnly: boolean;
}

const NUM = `(\\d[\\d,]*(?:\\.\\d+)?k?|${NUMBER_WORD_PATTERN})`;
const PEOPLE =
  '(?:people|persons?|employees|staff|reps?|representatives|salespeople|sellers|managers|users|members|seats|colleagues|teammates|agents|recruiters|lawyers|attorneys|folks|engineers|consultants|brokers|realtors|advisors|coordinators|partners|of us)';
const DOCS =
  '(?:documents?|docs?|proposals?|contracts?|quotes?|agreements?|ndas?|offer letters?|forms?|invoices?|deals?|envelopes?|files?|estimates?|orders?|letters?)';

const TEAM_PATTERNS: RegExp[] = [
  new RegExp(`\\b${NUM}\\s+(?:[a-z-]+\\s+){0,2}${PEOPLE}\\b`, 'i'),
  new RegExp(`\\bteam of (?:about |around |roughly )?${NUM}\\b`, 'i'),
  new RegExp(`\\b${NUM}[- ](?:person|people|member)\\b`, 'i'),
  new RegExp(
    `\\b(?:we(?:'re| are)|there(?:'s| is| are)) (?:about |around |roughly )?${NUM}(?: of us)?\\b(?! (?:${DOCS}|a month|per))`,
    'i',
  ),
];

const VOLUME_PATTERN = new RegExp(
  `\\b${NUM}\\s+(?:[a-z-]+\\s+){0,2}?(?:${DOCS}\\s+)?(?:a|per|each|every|/)\\s*(month|week|year|day|quarter)\\b`,
  'i',
);
const VOLUME_MONTHLY = new RegExp(
  `\\b${NUM}\\s+(?:${DOCS}\\s+)?monthly\\b|\\bmonthly volume (?:of|is) ${NUM}\\b`,
  'i',
);
const PERIOD_TO_MONTH: Record<string, number> = {
  day: 21,
  week: 52 / 12,
  month: 1,
  quarter: 1 / 3,
  year: 1 / 12,
};

const USE_CASE_PATTERNS: Array<[UseCase, RegExp]> = [
  [
    'sales',
    /\b(proposals?|quotes?|sales (documents|contracts|process)|deals?|pitch(es)?|estimates?|order forms?|clients?)\b/i,
  ],
  [
    'hr',
    /\b(offer letters?|onboarding|hr|human resources|employment|hiring|new hires?|employee (forms|documents))\b/i,
  ],
  ['procurement', /\b(purchase orders?|vendors?|procurement|suppliers?|sourcing)\b/i],
  ['legal', /\b(contracts?|ndas?|agreements?|legal)\b/i],
];

const INTEGRATIONS: Array<[string, RegExp]> = [
  ['salesforce', /\bsales ?force\b/i],
  ['hubspot', /\bhub ?spot\b/i],
  ['pipedrive', /\bpipe ?drive\b/i],
  ['zoho', /\bzoho\b/i],
  ['dynamics', /\b(microsoft )?dynamics\b/i],
  ['zapier', /\bzapier\b/i],
  ['stripe', /\bstripe\b/i],
  ['quickbooks', /\bquick ?books\b/i],
  ['slack', /\bslack\b/i],
  ['api', /\b(api|apis|webhooks?|integrate (it )?(with|into) our (own )?(app|product|platform|system))\b/i],
];

const INDUSTRIES: Array<[string, RegExp]> = [
  ['marketing', /\bmarketing( agency| firm| team)?\b/i],
  ['real estate', /\breal estate|realtors?|property management\b/i],
  ['software', /\b(saas|software|tech company|startup)\b/i],
  ['healthcare', /\b(healthcare|health care|clinic|medical|hospital|dental)\b/i],
  ['insurance', /\binsurance\b/i],
  ['financial services', /\b(finance|financial|bank(ing)?|fintech|accounting firm|accountants?)\b/i],
  ['education', /\b(education|school|university|college)\b/i],
  ['construction', /\b(construction|contractors?)\b/i],
  ['manufacturing', /\bmanufactur\w*\b/i],
  ['nonprofit', /\b(non-?profit|charity)\b/i],
  ['legal services', /\b(law firm|legal services)\b/i],
  ['consulting', /\b(consulting|consultancy)\b/i],
  ['recruiting', /\b(recruiting|staffing|recruitment) (agency|firm|company)?\b/i],
  ['agency', /\bagency\b/i],
];

const URGENCY_PATTERNS: Array<[Urgency, RegExp]> = [
  [
    'this_week',
    /\b(asap|as soon as possible|urgent(ly)?|right away|immediately|this week|(by|before|within) (next|this) week)\b/i,
  ],
  ['this_month', /\b(this month|next few weeks|in a few weeks|by the end of the month|next month)\b/i],
  ['this_quarter', /\b(this quarter|next quarter|in a couple of months|in a few months)\b/i],
  ['exploring', /\b(just (exploring|looking|browsing|curious)|no rush|not in a (rush|hurry))\b/i],
];

const COMPETITORS: Array<[string, RegExp]> = [
  ['DocuSign', /\bdocu ?sign\b/i],
  ['Dropbox Sign', /\b(dropbox sign|hello ?sign)\b/i],
  ['Proposify', /\bproposify\b/i],
  ['Adobe Acrobat Sign', /\b(adobe( acrobat)? sign|acrobat sign|adobe acrobat|echosign)\b/i],
  ['Qwilr', /\bqwilr\b/i],
  ['SignNow', /\bsign ?now\b/i],
];

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i;
const SPOKEN_SEPARATOR = '(?:dot|underscore|dash|hyphen|plus)';
const SPOKEN_EMAIL = new RegExp(
  `\\b([a-z0-9._-]+(?:\\s+${SPOKEN_SEPARATOR}\\s+[a-z0-9_-]+)*)\\s+at\\s+([a-z0-9-]+(?:\\s+(?:dot|dash|hyphen)\\s+[a-z0-9-]+)*\\s+dot\\s+[a-z]{2,})\\b`,
  'i',
);
const SPOKEN_SYMBOLS: Record<string, string> = {
  dot: '.',
  underscore: '_',
  dash: '-',
  hyphen: '-',
  plus: '+',
};
const speak = (part: string) =>
  part.replace(
    new RegExp(`\\s+${SPOKEN_SEPARATOR}\\s+`, 'gi'),
    (m) => SPOKEN_SYMBOLS[m.trim().toLowerCase()] ?? '',
  );

const MEETING =
  /\b((book|schedule|set up|setup|arrange|get|have|hop on|jump on) (a |an |the )?(quick )?(demo|call|meeting|chat with (sales|someone)|time with)|demo|talk (to|with) (someone|sales|your (sales )?team|an expert|a specialist|a product specialist)|speak (to|with) (someone|sales|your (sales )?team)|sales (team|rep|call)|meet with|a meeting)\b/i;
const AFFIRMATIVE =
  /^\s*(yes|yeah|yep|yup|sure|ok(ay)?|please|sounds (good|great)|absolutely|definitely|let'?s do (it|that)|go ahead|that works|works for me|of course|perfect|great|i'?d like (that|to)|that would be great)\b/i;
const NEGATIVE =
  /^\s*((actually|hmm|um|well|oh),?\s+)?(no|nope|nah|not really|not now|no thanks|maybe later|i'?m good|please don'?t|don'?t|none of (those|them|these))\b|\bi (don'?t|do not) (want|need) (a |an |the )?(meeting|call|demo)\b/i;
const ROI =
  /\b(roi|return on investment|how much (time|money) (would|could|will|can|might) (we|i|it)|worth (it|the (money|cost))|save us|time savings|cost savings|payback)\b/i;
const RESOURCE =
  /\b((send|email|e-mail) (me|us|over)( [a-z]+){0,3} (guide|link|article|resources?|info|information|docs?|details|checklist|it|that)|send (it|that|this) (to me|over)|email me)\b/i;
const QUESTION_START =
  /^\s*(how|what|what's|where|when|why|which|who|can|could|does|do|is|are|should|will|would|may|tell me|explain|i need to know|i'?m trying to|help me|i want to know)\b/i;
const HOW_TO =
  /\b(how (do|can|to|would|should)|is there a way|is it possible|where (do|can) i|can (i|we|you)|does (it|pandadoc)|do you (support|have|integrate)|what (is|are|does))\b/i;
const FAREWELL =
  /\b(bye|goodbye|good bye|see you|that'?s all|that is all|have a (good|great|nice) (day|one)|i'?m done|talk later)\b/i;
const THANKS = /\b(thanks|thank you|thx|cheers|appreciate it)\b/i;
const GREETING_ONLY = /^\s*(hi|hello|hey|good (morning|afternoon|evening))( there| sarah)?[\s!.,]*$/i;

/** The first match whose number group really is a number ("a" alone is not). */
function firstNumber(pattern: RegExp, text: string): { value: number; match: RegExpExecArray } | undefined {
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
  for (const match of text.matchAll(global)) {
    const value = match[1] ? parseNumber(match[1]) : undefined;
    if (value !== undefined) return { value, match: match as RegExpExecArray };
  }
  return undefined;
}

export function extractTeamSize(text: string): number | undefined {
  const lower = text.toLowerCase();
  const colleagues =
    /\b(?:just )?me and (?:my |a |one )?(?:(\w+) )?(?:other (?:person|people)|colleagues?|co-?workers?|partners?|teammates?|business partner|assistant)\b/.exec(
      lower,
    );
  if (colleagues) {
    const extra = colleagues[1] ? parseNumber(colleagues[1]) : 1;
    return 1 + (extra ?? 1);
  }
  if (/\b(just me|only me|solo|on my own|by myself|one-person|one person (team|business|shop))\b/.test(lower))
    return 1;
  for (const pattern of TEAM_PATTERNS) {
    const found = firstNumber(pattern, text);
    if (found && found.value >= 1 && found.value < 1_000_000 && !isVolumeContext(text, found.match))
      return Math.round(found.value);
  }
  return undefined;
}

function isVolumeContext(text: string, match: RegExpExecArray): boolean {
  const after = text.slice(match.index + match[0].length, match.index + match[0].length + 20).toLowerCase();
  return /^\s*(a|per|each|every)\s+(month|week|year|day)/.test(after);
}

export function extractMonthlyVolume(text: string): number | undefined {
  const periodic = firstNumber(VOLUME_PATTERN, text);
  if (periodic) {
    const period = periodic.match[2]!.toLowerCase();
    return Math.round(periodic.value * (PERIOD_TO_MONTH[period] ?? 1));
  }
  const monthly = VOLUME_MONTHLY.exec(text);
  const raw = monthly?.[1] ?? monthly?.[2];
  return raw ? parseNumber(raw) : undefined;
}

function firstMatch<T>(table: Array<[T, RegExp]>, text: string): T | undefined {
  return table.find(([, pattern]) => pattern.test(text))?.[0];
}

export function extractEmail(text: string): string | undefined {
  const written = EMAIL.exec(text)?.[0];
  if (written) return written.replace(/[.,]+$/, '').toLowerCase();
  const spoken = SPOKEN_EMAIL.exec(text);
  if (spoken) {
    const localWord = speak(spoken[1]!).split(/\s+/).pop()!;
    return `${localWord}@${speak(spoken[2]!)}`.toLowerCase();
  }
  return undefined;
}

export function extractFacts(text: string): Partial<QualificationSignals> {
  const withoutCompetitors = COMPETITORS.reduce((t, [, pattern]) => t.replace(pattern, ' '), text);
  const facts: Partial<QualificationSignals> = {};
  const teamSize = extractTeamSize(withoutCompetitors);
  if (teamSize !== undefined) facts.teamSize = teamSize;
  const volume = extractMonthlyVolume(withoutCompetitors);
  if (volume !== undefined) facts.monthlyVolume = volume;
  const useCase = firstMatch(USE_CASE_PATTERNS, withoutCompetitors);
  if (useCase) facts.useCase = useCase;
  const integrations = INTEGRATIONS.filter(([, p]) => p.test(withoutCompetitors)).map(([name]) => name);
  if (integrations.length > 0) facts.integrations = integrations;
  const industry = firstMatch(INDUSTRIES, withoutCompetitors);
  if (industry) facts.industry = industry;
  const urgency = firstMatch(URGENCY_PATTERNS, withoutCompetitors);
  if (urgency) facts.urgency = urgency;
  return facts;
}

export function understand(text: string, now: Date, userTimeZone: string): Understanding {
  const trimmed = text.trim();
  const email = extractEmail(trimmed);
  const facts = extractFacts(trimmed);
  const humanRequest = isHumanRequest(trimmed);
  const question = /\?\s*$/.test(trimmed) || QUESTION_START.test(trimmed) || HOW_TO.test(trimmed);
  const negative = NEGATIVE.test(trimmed);
  const meetingRequest = !humanRequest && !negative && MEETING.test(trimmed);
  return {
    text: trimmed,
    facts,
    email,
    emailAttempt: !email && /@|\bat\b.*\bdot\b|\bemail (is|address)\b/i.test(trimmed),
    humanRequest,
    escalation: detectEscalationTopic(trimmed),
    frustration: detectFrustration(trimmed),
    restricted: detectRestrictedTopic(trimmed),
    injection: looksLikePromptInjection(trimmed),
    meetingRequest,
    affirmative: AFFIRMATIVE.test(trimmed),
    negative,
    timePreference: parseTimePreference(trimmed, now, userTimeZone),
    ordinal: parseOrdinalChoice(trimmed),
    competitor: firstMatch(COMPETITORS, trimmed),
    roiRequest: ROI.test(trimmed),
    resourceRequest: RESOURCE.test(trimmed),
    question,
    farewell: FAREWELL.test(trimmed),
    thanks: THANKS.test(trimmed),
    greetingOnly: GREETING_ONLY.test(trimmed),
  };
}
