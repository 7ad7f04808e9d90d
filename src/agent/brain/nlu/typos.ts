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

/** The text with likely typos of key words fixed; emails, links and numbers are left alone. */
export function correctTypos(text: string): string {
  return (
    text
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
