import { detectFrustration } from '../../conversation/guardrails.js';
/**
 * The intent table: one row per thing a trialist may want from one utterance. Rows are checked
 * in rank order and the first whose pattern matches wins, so each utterance gets exactly one
 * intent. Adding an intent is a row here and a rule in `policy/rules.ts`.
 *
 * Patterns run on lower-cased, typo-corrected text. They describe the shape of a request
 * (verb + object, question form), not whole sentences.
 */
export const INTENTS = [
  'human',
  'cancel_meeting',
  'reschedule',
  'booking_status',
  'recall',
  'zone_question',
  'identity',
  'other_language',
  'meeting',
  'resource',
  'roi',
  'competitor',
  'more_detail',
  'simpler',
  'question',
  'farewell',
  'thanks',
  'how_are_you',
  'hold_on',
  'greeting',
  'small_talk',
  'statement',
] as const;
export type Intent = (typeof INTENTS)[number];

const MEETING_NOUN = '(?:meeting|call|demo|appointment|booking|chat|session|slot)';

interface IntentRow {
  intent: Intent;
  patterns: RegExp[];
}

export const INTENT_TABLE: IntentRow[] = [
  {
    intent: 'cancel_meeting',
    patterns: [
      new RegExp(
        `\\b(cancel|call off|scrap|drop|delete)\\b.{0,25}\\b(${MEETING_NOUN}|it|that|the one)\\b|\\bcancel\\b\\s*[.!]?$`,
      ),
      new RegExp(
        `\\b(don'?t|do not|no longer|won'?t) (need|want|make|do) (the|that|my|our) ${MEETING_NOUN}\\b`,
      ),
      /\b(need|want|have|got|going) to cancel\b(?! (my |our |the )?(subscription|plan|account))/,
    ],
  },
  {
    intent: 'reschedule',
    patterns: [
      new RegExp(
        `\\b(move|reschedule|push|shift|change|switch|bump)\\b.{0,30}\\b(${MEETING_NOUN}|it|that|time|day)\\b`,
      ),
      /\b(different|another|other) (time|day|slot)\b/,
      new RegExp(`\\b(${MEETING_NOUN}|it|that)\\b.{0,30}\\binstead\\b`),
    ],
  },
  {
    intent: 'booking_status',
    patterns: [
      new RegExp(
        `\\b(is|was|did|has) (that|it|the ${MEETING_NOUN}|my ${MEETING_NOUN}|everything)( been| actually| all)? (booked|confirmed|scheduled|set|done|locked)\\b`,
      ),
      new RegExp(
        `\\b(did you|have you) (book|schedule|confirm|lock)\\b|\\bwhen(?:'s| is| was) (my|the|our) ${MEETING_NOUN}\\b|\\bwhat time (is|was) (my|the|our|it)\\b`,
      ),
      /\b(am i|are we) (booked|all set|confirmed)\b/,
      new RegExp(
        `\\bwhat (email|address) (did|do|will) you (use|have|send)\\b|\\bwhich (email|address)\\b|\\bwhat (day|date|time) (is|was) (the|my|our|that) ${MEETING_NOUN}\\b|\\bwhat time again\\b`,
      ),
    ],
  },
  {
    intent: 'zone_question',
    patterns: [
      /\b(which|what) (time ?zone|zone)\b/,
      /\bis (that|this|it) (in )?(my|our|your|local|eastern|central|mountain|pacific|uk|london) (time|zone)\b/,
      /\b(time ?zone|what zone)\b.*\?$/,
    ],
  },
  {
    intent: 'identity',
    patterns: [
      /\b(are|r) (you|u) (a |an )?(real|human|bot|robot|person|ai|machine|computer|chatbot|live)\b/,
      /\b(who|what) (are|r) (you|u)\b|\bwhat(?:'s| is) your name\b|\bwho (made|built|created|programmed) you\b/,
      /\b(is this|am i talking to) (a |an )?(bot|robot|machine|ai|human|real person|recording)\b/,
      /\b(chatgpt|gpt|openai|language model|llm)\b/,
      /\bwho (built|made|created|programmed|designed|runs|owns) (this|you|the)\b|\bwho am i (talking|chatting|speaking) (to|with)\b/,
      /\b(am i|are we) (talking|speaking|chatting) (to|with) (a |an )?(real|human|bot|robot|person|ai|machine)\b/,
    ],
  },
  {
    intent: 'meeting',
    patterns: [
      new RegExp(
        `\\b(book|schedule|set up|setup|arrange|get|have|hop on|jump on|grab|organi[sz]e|want|need|like|request) (a |an |the |some )?(quick |short |live |sales |product )?(${MEETING_NOUN}|time with|walkthrough|walk-through)\\b`,
      ),
      /\b(demo|walkthrough|walk-through)\b/,
      // "a call would be great", "yeah a meeting sounds good": the offer accepted in the user's words.
      new RegExp(
        `\\b(a|the|that) (quick |short )?${MEETING_NOUN}\\b.{0,15}\\b(would be|sounds|works|is fine|great|good|perfect|please)\\b`,
      ),
      /\b(talk|speak|chat|meet) (to|with) (someone|somebody|sales|your (sales )?team|an expert|a specialist|a product specialist|a sales ?(rep|person)|an account (exec|executive|manager))\b/,
      /\b(sales (team|rep|call|person)|meet with|a meeting)\b/,
      new RegExp(
        `\\b${MEETING_NOUN}\\b.{0,25}\\bwith (sales|your|someone|somebody|an? (rep|person|specialist|expert|human))\\b`,
      ),
      new RegExp(`\\b(get|got) on (a |an )?(quick |short )?${MEETING_NOUN}\\b`),
    ],
  },
  {
    intent: 'resource',
    patterns: [
      /\b(send|email|e-mail|forward|shoot) (me|us|over|it|that|this)\b.{0,30}\b(guide|link|article|resources?|info|information|docs?|details|checklist|it|that|this|over)\b/,
      /\b(send|email) (me|us)\b/,
      /\b(send|email|e-mail|forward)\b.{0,20}\b(guide|link|article|checklist|resources?)\b/,
      /\b(a|the) (guide|checklist|getting started)\b.{0,20}\b(please|would be great|would help)\b/,
      /\b(like|want|need|get|have|love) (the|a|your|that|this) (guide|checklist|getting[- ]started guide)\b/,
    ],
  },
  {
    intent: 'roi',
    patterns: [
      /\b(roi|return on investment|worth (it|the (money|cost|price))|time savings|cost savings|payback|pay for itself)\b/,
      /\bhow much (time|money) (would|could|will|can|might|do) (we|i|it|you)\b/,
      /\b(save|saves|saving) (us|me) (time|money|hours)\b/,
    ],
  },
  {
    intent: 'more_detail',
    patterns: [
      /^(ok(ay)?,? |and |so |great,? |cool,? )?(tell me more|more (detail|details|info)|go on|elaborate|keep going|what else|and then|then what|what next|what'?s next|can you expand|more about (that|it|this))\b/,
      /\b(and then what|then what|what do i do next|what'?s the next step)\b/,
      /\b(tell me more|go into more detail|expand on (that|it))\b/,
    ],
  },
  {
    intent: 'simpler',
    patterns: [
      /\b(simpler|more simply|plain (english|words|terms)|in simple (terms|words)|like i'?m (five|5)|dumb it down|too (technical|complicated))\b/,
      /^(i )?(don'?t|do not|didn'?t) (understand|get it|follow)\b|\bwhat (does|do) (that|you) mean\b|\bexplain (that|it) (again|differently)\b|\bsay (that|it) differently\b|\bhuh\b/,
    ],
  },
  {
    intent: 'farewell',
    patterns: [
      /\b(bye|goodbye|good bye|see (you|ya)|that'?s all|that is all|have a (good|great|nice) (day|one|night|weekend)|i'?m done|talk (to you )?later|gotta go|got to go|signing off)\b/,
    ],
  },
  {
    intent: 'how_are_you',
    patterns: [
      /\b(how are (you|u)|how'?s it going|how are things|how'?s your day|how do you do|what'?s up)\b/,
    ],
  },
  {
    intent: 'greeting',
    patterns: [
      /^(hi|hello|hey|hiya|howdy|yo|good (morning|afternoon|evening)|greetings)( there| sarah| again)?[\s!.,]*$/,
    ],
  },
  {
    intent: 'small_talk',
    patterns: [
      /\b(weather|joke|funny|sports?|football|soccer|movie|music|song|recipe|poem|your favou?rite|do you like|capital of|meaning of life|tell me (a|something) (story|fun))\b/,
    ],
  },
];

// "I don't want a meeting", "no need for a call": the meeting words are negated.
const NEGATED_MEETING = new RegExp(
  `\\b(don'?t|do not|doesn'?t|no need|not interested|never|without|no)\\b[^.?!]{0,25}\\b${MEETING_NOUN}\\b`,
);

const QUESTION_START =
  /^(how|what|what's|where|when|why|which|who|can|could|does|do|is|are|should|will|would|may|tell me|explain|i need to know|i'?m trying to|help me|i want to know|i was wondering|wondering|any way|is there)\b/;
const HOW_TO =
  /\b(how (do|can|to|would|should|does)|is there a way|is it possible|where (do|can) i|can (i|we|you)|does (it|pandadoc)|do you (support|have|integrate|offer|work)|what (is|are|does)|i need help with|help with)\b/;

// Openers people put before the real request: "sorry if this is dumb but", "quick question -", "um".
const FILLER =
  /^(\s*(um+|uh+|hmm+|ok(ay)?|so|well|hey|hi|hello|yo|sarah|hi sarah|hey sarah|quick question|one more thing|also|and|but|sorry|sorry if this is (dumb|silly|a dumb question)( but)?|just wondering|real quick|actually)\b[\s,.:;!-]*)+/;

/** The clauses of an utterance, openers removed: where a question may start. */
export function clauses(lower: string): string[] {
  return lower
    .split(/[,.;:!?]+\s*|\s+-\s+|\s+but\s+/)
    .map((c) => c.replace(FILLER, '').trim())
    .filter((c) => c.length > 0);
}

/** The utterance asks something: a question mark, a clause that opens like a question, or "why". */
export function isQuestion(lower: string): boolean {
  if (/\?\s*$/.test(lower) || HOW_TO.test(lower) || /\b(why|how come)\b/.test(lower)) return true;
  return clauses(lower).some((c) => QUESTION_START.test(c));
}

/**
 * The part of an utterance that carries the question, for the knowledge search: from the first
 * clause that asks something to the end ("i'm so stressed, how do I…" searches "how do I…").
 */
export function questionFocus(text: string): string {
  // Several sentences, some asking: the last question is what is asked ("Read this note… So how
  // much is Business?"), and remarks around it are left out ("…signed yet? Bit tedious.").
  const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => s.trim());
  const asked = sentences.filter((s) => /\?\s*$/.test(s) && (s.match(/[a-z]{3,}/gi) ?? []).length >= 3);
  if (sentences.length > 1 && asked.length > 0)
    return asked[asked.length - 1]!.replace(FILLER, '')
      .replace(/^(so|and|but|then)\s+/i, '')
      .trim();
  const parts = text.split(/(?<=[,.;:!?])\s+|\s+-\s+|\s+but\s+/i);
  const start = parts.findIndex((p) => {
    const c = p.toLowerCase().replace(FILLER, '');
    return QUESTION_START.test(c) || HOW_TO.test(c) || /\?\s*$/.test(c);
  });
  const focus = start > 0 ? parts.slice(start).join(' ') : text;
  // "…didn't get the email, what do I do?": a bare "what do I do" says nothing; keep the whole.
  const content =
    focus
      .toLowerCase()
      .match(/[a-z]{3,}/g)
      ?.filter((w) => !GENERIC_WORDS.has(w)) ?? [];
  const chosen = content.length >= 2 ? focus : text;
  return chosen.replace(FILLER, '').replace(TIME_WORDS, ' ').replace(/\s+/g, ' ').trim() || text;
}

const GENERIC_WORDS = new Set(
  'how what when where why which who can could does did should would will the and you your for this that there then with have has was are our now next'.split(
    ' ',
  ),
);
// Deadlines in a question ("before my 3pm pitch", "by friday") are not what it is about.
const TIME_WORDS =
  /\b(before|by|until|for) (my |the |our |a |this )?(\d{1,2}(:\d{2})?\s*(am|pm)?|today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|end of (the )?(day|week))( \w+)?\b|\b\d{1,2}(:\d{2})?\s*(am|pm)\b|\b(today|tomorrow|tonight|yesterday|last week|asap|right now|in an hour)\b/gi;

/** The one intent of the utterance: the first matching row, else question or statement. */
export function classifyIntent(
  lower: string,
  options: { competitor: boolean; humanRequest: boolean },
): Intent {
  if (options.humanRequest) return 'human';
  for (const row of INTENT_TABLE) {
    if (row.intent === 'meeting' && options.competitor && !/\b(book|schedule|set up)\b/.test(lower)) continue;
    if (row.intent === 'meeting' && NEGATED_MEETING.test(lower)) continue;
    if (row.patterns.some((p) => p.test(lower))) {
      // "Thanks, and how do I…" is a question first.
      if ((row.intent === 'farewell' || row.intent === 'small_talk') && HOW_TO.test(lower)) continue;
      return row.intent;
    }
  }
  if (options.competitor) return 'competitor';
  if (/\b(thanks|thank you|thx|ty|cheers|appreciate it)\b/.test(lower) && !isQuestion(lower)) return 'thanks';
  if (isQuestion(lower)) return 'question';
  return 'statement';
}

const AFFIRM =
  /^\s*(yes|y|yeah|mm-?hm+|mhm+|uh-?huh|yess+|aye|yea|yep|yup|ya|ja|oui|si|sí|sure|ok(ay)?|k|please|looks (right|good|correct|fine|great|perfect)|sounds right|all good|spot on|sounds (good|great|perfect)|absolutely|definitely|certainly|correct|right|exactly|that'?s (right|correct|it|perfect|fine|great)|let'?s do (it|that)|go ahead|go for it|book it|do it|that works|works for me|of course|perfect|great|i'?d (like|love) (that|to|it)|that would be (great|good|nice|helpful)|why not|alright|all right|affirmative|you got it)\b/;
const DENY =
  /^\s*((actually|hmm+|um+|uh+|well|oh),?\s+)?(no|nope|nah|not really|not now|not yet|no thanks|no thank you|maybe later|i'?m (good|ok|okay|fine)|please don'?t|i'?d rather not|rather not|not right now|not at the moment|wrong|that'?s (wrong|not right|incorrect)|incorrect|negative)\b/;

/** Opens with a yes, possibly after a word in another language or a filler ("Ja, yes, that's correct"). */
export function isAffirmation(lower: string): boolean {
  return (
    AFFIRM.test(lower) ||
    clauses(lower)
      .slice(0, 2)
      .some((c) => AFFIRM.test(c))
  );
}

export function isDenial(lower: string): boolean {
  return DENY.test(lower);
}

const CALL_OFF =
  /\b(never ?mind|forget (it|about it|that|the (call|meeting|demo|booking))|hold off|not (right )?now|not yet|don'?t (book|do) (it|that|anything)|leave it( for now)?|let'?s not|skip (it|that|the call))\b/;

/**
 * A yes taken back later in the same message ("ok, checked, I'm busy then, never mind"), or a
 * request to hold off: whatever it opens with, it is not a go-ahead.
 */
export function isCallingOff(lower: string): boolean {
  return (
    CALL_OFF.test(lower) ||
    clauses(lower)
      .slice(1)
      .some((c) => DENY.test(c))
  );
}

const STRESS =
  /\b(stress(ed|ful|ing)?|overwhelm(ed|ing)?|panic(king)?|freaking out|worried|anxious|deadline|under pressure|my boss|last minute|urgent(ly)?|asap|losing (a |the )?(deal|client)|desperate|at my wit'?s end|drowning|behind schedule|swamped)\b/;

/** Signs the user is under pressure: Sarah acknowledges it before answering. */
export function soundsStressed(lower: string): boolean {
  return STRESS.test(lower);
}

// Common function words of languages other than English; two of them and no English ones = not English.
const FOREIGN_WORDS = new Set(
  'hola gracias por favor como puedo quiero necesito hablar español usted bonjour merci voulez parler français est-ce pourquoi avec hallo danke bitte ich möchte sprechen deutsch wie können sie ciao grazie vorrei parlare italiano posso olá obrigado obrigada você português falar qué cómo dónde está estoy tengo sie und der die das je suis nous vous une les des sprichst hablas parlez parli'.split(
    ' ',
  ),
);
const ENGLISH_WORDS = new Set(
  'the and you is are what how can do i we my to a of in for it with have this that please'.split(' '),
);

/** Written in another language (a non-Latin script, or several foreign function words and no English ones). */
export function isOtherLanguage(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return false;
  const latin = letters.replace(/[^\p{Script=Latin}]/gu, '').length;
  if (latin / letters.length < 0.5) return true;
  const words = text.toLowerCase().match(/[\p{L}'-]+/gu) ?? [];
  const foreign = words.filter((w) => FOREIGN_WORDS.has(w)).length;
  const english = words.filter((w) => ENGLISH_WORDS.has(w)).length;
  return foreign >= 2 && foreign > english;
}

/**
 * The message without its feelings: short clauses that only say how the user feels ("ugh, this is
 * kinda annoying", "I'm panicking a bit") are left out of a search, since no article is about them.
 */
export function withoutFeelings(text: string): string {
  const parts = text.split(/(?<=[,.;!?])\s+|\s+-\s+/);
  const kept = parts.filter((part) => {
    const lower = part.toLowerCase();
    const feeling =
      detectFrustration(part) !== 'none' ||
      soundsStressed(lower) ||
      /\b(honestly|ugh|tbh|sigh)\b/.test(lower);
    return !(feeling && part.split(/\s+/).length <= 9 && !QUESTION_START.test(lower.replace(FILLER, '')));
  });
  return kept.length > 0 ? kept.join(' ') : text;
}
