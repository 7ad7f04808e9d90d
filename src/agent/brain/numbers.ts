/**
 * Spoken numbers ("twelve", "a dozen", "two hundred and fifty") to integers. Voice transcripts
 * spell numbers out, and no maintained library covers this small need without pulling in NLP
 * models, so we keep our own short parser.
 */
const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  a: 1,
  an: 1,
  single: 1,
  two: 2,
  couple: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  dozen: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000 };

export const NUMBER_WORD_PATTERN = `(?:${[...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(SCALES)]
  .filter((w) => w !== 'a' && w !== 'an')
  .join('|')}|[-\\s]|and|a|an)+`;

/** Parses "40", "1,200", "twelve", "two hundred and fifty", "a dozen", "a couple". Undefined when not a number. */
export function parseNumber(raw: string): number | undefined {
  const text = raw
    .trim()
    .toLowerCase()
    .replace(/,(?=\d{3}\b)/g, '');
  if (/^\d+(\.\d+)?k?$/.test(text)) {
    return text.endsWith('k') ? Number(text.slice(0, -1)) * 1000 : Number(text);
  }
  const words = text.split(/[\s-]+/).filter((w) => w && w !== 'and' && w !== 'of');
  if (words.length === 0) return undefined;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const word of words) {
    if (word === 'dozen' || word === 'couple') {
      // "a dozen" and "two dozen" multiply; the "a" before them is not an extra one.
      current = (current || 1) * UNITS[word]!;
      seen = true;
    } else if (word in UNITS) {
      current += UNITS[word]!;
      seen = seen || (word !== 'a' && word !== 'an');
    } else if (word in TENS) {
      current += TENS[word]!;
      seen = true;
    } else if (word === 'hundred') {
      current = (current || 1) * 100;
      seen = true;
    } else if (word === 'thousand') {
      total += (current || 1) * 1000;
      current = 0;
      seen = true;
    } else {
      return undefined;
    }
  }
  return seen ? total + current : undefined;
}
