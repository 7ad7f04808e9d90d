import { distance } from 'fastest-levenshtein';

/**
 * Words the understanding rules key on. A typed word that is one or two edits away from one of
 * them ("calender", "shedule", "salesfroce") is read as that word before the rules run.
 */
const VOCABULARY = [
  'meeting',
  'schedule',
  'reschedule',
  'calendar',
  'appointment',
  'cancel',
  'demonstration',
  'salesforce',
  'hubspot',
  'pipedrive',
  'integrate',
  'integration',
  'template',
  'templates',
  'proposal',
  'proposals',
  'contract',
  'contracts',
  'signature',
  'signatures',
  'document',
  'documents',
  'pricing',
  'payment',
  'payments',
  'person',
  'someone',
  'human',
  'representative',
  'frustrated',
  'frustrating',
  'ridiculous',
  'terrible',
  'useless',
  'tomorrow',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'afternoon',
  'morning',
  'evening',
  'please',
  'thanks',
  'question',
  'available',
  'booked',
  'confirm',
  'correct',
  'simpler',
  'explain',
];

const KNOWN = new Set(VOCABULARY);

// Real words that sit one edit away from a vocabulary word and must stay as typed.
const KEEP = new Set([
  'persons',
  'prison',
  'humane',
  'humans',
  'booker',
  'contact',
  'contacts',
  'correction',
  'meetings',
  'cancels',
  'calendars',
  'templated',
  'proposed',
  'signed',
  'explains',
  'payment',
  'person',
  'pleased',
  'pleases',
  'document',
  'question',
  'questions',
  'morning',
  'mornings',
  'evenings',
  'evening',
  'friday',
  'fridays',
]);

/** The vocabulary word a typed word was probably meant to be, or the word itself. */
export function correctWord(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length < 5 || KNOWN.has(lower) || KEEP.has(lower) || !/^[a-z]+$/.test(lower)) return word;
  const allowed = lower.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of VOCABULARY) {
    // Typos rarely change the first letter, and comparing far-off lengths is wasted work.
    if (candidate[0] !== lower[0] || Math.abs(candidate.length - lower.length) > allowed) continue;
    // "confirmed", "meetings", "contractors" are other forms of a known word, not typos of it.
    if (lower.startsWith(candidate) || sameStemOtherEnding(lower, candidate)) continue;
    const d = distance(lower, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ?? word;
}

// Chat shorthand and dropped apostrophes, spelled out so the rules read one form.
const SHORTHAND: Record<string, string> = {
  hw: 'how',
  u: 'you',
  ur: 'your',
  r: 'are',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  ty: 'thanks',
  wat: 'what',
  im: "i'm",
  dont: "don't",
  cant: "can't",
  wont: "won't",
  isnt: "isn't",
  doesnt: "doesn't",
  didnt: "didn't",
  havent: "haven't",
  whats: "what's",
  hows: "how's",
  thats: "that's",
  theres: "there's",
  ive: "i've",
  ppl: 'people',
  cal: 'call',
  w: 'with',
  thru: 'through',
  tbh: '',
  rn: 'now',
  bc: 'because',
  b4: 'before',
  msg: 'message',
  docs: 'documents',
  doc: 'document',
};

/**
 * Product and tool names a speech recogniser splits in two ("sales force", "web hook", "zap year")
 * or a trialist types apart. Data, not rules: a name the knowledge base uses belongs here.
 */
const COMPOUNDS = [
  'salesforce',
  'hubspot',
  'pipedrive',
  'pandadoc',
  'docusign',
  'zapier',
  'webhook',
  'webhooks',
  'quickbooks',
  'netsuite',
  'dropbox',
  'onedrive',
  'sharepoint',
  'zoho',
  'freshbooks',
  'stripe',
  'paypal',
  'mailchimp',
  'workflow',
  'workflows',
  'eSign',
];
const COMPOUND_SET = new Set(COMPOUNDS.map((c) => c.toLowerCase()));
const TWO_LETTER_WORDS = new Set(['a', 'i', 'u', 'r', 'o']);

/**
 * What a recogniser (or a hurried typist) spelled apart, put back together: letters said one by
 * one become the acronym ("s s o" → "sso", "a p i" → "api"), and a known product name split in
 * two becomes one word again ("hub spot" → "hubspot", "zap year" → "zapier").
 */
export function joinSpokenForms(text: string): string {
  const joinedLetters = text.replace(/\b(?:[a-z]\s+){1,}[a-z]\b(?![@.\w])/gi, (run) => {
    const letters = run.split(/\s+/);
    if (letters.length === 2 && letters.some((l) => TWO_LETTER_WORDS.has(l.toLowerCase()))) return run;
    return letters.join('');
  });
  // Word pairs, overlapping ("does panda doc": "does panda", then "panda doc").
  const parts = joinedLetters.split(/(\s+)/);
  for (let i = 0; i + 2 < parts.length; i += 2) {
    const joined = compoundOf(parts[i]!, parts[i + 2]!);
    if (joined) parts.splice(i, 3, joined);
  }
  return parts.join('');
}

/** The product name two words spell together, if they do. */
function compoundOf(a: string, bWithPunctuation: string): string | undefined {
  const [, b, punctuation] = /^([a-z]{2,8})([,.!?;:]*)$/i.exec(bWithPunctuation) ?? [];
  if (!/^[a-z]{2,8}$/i.test(a) || !b) return undefined;
  const joined = `${a}${b}`.toLowerCase();
  const name = nameFor(joined, a, b);
  return name ? `${name}${punctuation}` : undefined;
}

function nameFor(joined: string, a: string, b: string): string | undefined {
  if (COMPOUND_SET.has(joined)) return joined;
  if (joined.length < 7 || KNOWN.has(a.toLowerCase()) || KNOWN.has(b.toLowerCase())) return undefined;
  // Near misses of sound ("zap year"), never a name cut short ("sales for two teams").
  const near = COMPOUNDS.map((c) => c.toLowerCase()).find(
    (c) => c[0] === joined[0] && !c.startsWith(joined) && distance(joined, c) <= 2,
  );
  return near;
}

/** The text with likely typos of key words fixed; emails, links and numbers are left alone. */
export function correctTypos(text: string): string {
  return (
    joinSpokenForms(text)
      // "were about twenty people": at the start of a clause, "were" is a "we're" without its apostrophe.
      .replace(
        /(^|[,.!?]\s*|\b(?:so|yeah|yes|hi|hey|well|and|but|ok|okay|um|uh)\s+)were\b(?!\s+(?:you|there|they|we|i|it|he|she|those|these|the|any|all)\b)/gi,
        "$1we're",
      )
      .replace(/(?<![@.\w'])[A-Za-z]{1,7}(?![@.'\w])/g, (word) => SHORTHAND[word.toLowerCase()] ?? word)
      .replace(/(?<![@.\w])[A-Za-z]{5,}(?![@.]\w|\w)/g, (word) => correctWord(word))
  );
}

const ENDINGS = /^(s|es|ed|er|ers|or|ors|ing|ion|ions|ly|al|ment|ments)?$/;

/** "contractors" and "contracts": a long shared stem with different word endings. */
function sameStemOtherEnding(word: string, candidate: string): boolean {
  let stem = 0;
  while (stem < word.length && word[stem] === candidate[stem]) stem += 1;
  return stem >= 7 && ENDINGS.test(word.slice(stem)) && ENDINGS.test(candidate.slice(stem));
}
