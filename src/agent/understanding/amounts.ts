/**
 * Amounts as people say them: "12", "2k", "two hundred and fifty", "a few hundred", "15ish",
 * "over 50", "between 4 and 8". Works on a small token stream so that facts.ts can find amounts
 * inside a sentence and look at the words around them.
 */

export interface Amount {
  value: number;
  min: number;
  max: number;
  approximate: boolean;
}

/** An amount found in a token stream: tokens[start] up to (not including) tokens[end]. */
export interface AmountSpan {
  amount: Amount;
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Tokens

/** Splits glued suffixes ("2k", "15ish", "20+", "~20") so every part is its own token. */
export function normalizeNumberText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/(\d)(k|m|mil|ish|x|s|st|nd|rd|th|am|pm)\b/g, '$1 $2')
    .replace(/~/g, ' ~ ')
    .replace(/\+/g, ' + ');
}

/** Lowercase tokens: numbers, words (hyphens and apostrophes kept inside words), punctuation. */
export function tokenize(normalized: string): string[] {
  return (
    normalized.match(
      /#[a-z]+|\d+(?:\.\d+)?(?![a-z0-9])|[a-z0-9]+(?:'[a-z]+)*(?:-[a-z0-9]+(?:'[a-z]+)*)*|[^\s\w]/g,
    ) ?? []
  );
}

// ---------------------------------------------------------------------------------------------
// Number words, strictly: "four and eight" is two numbers, never twelve.

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};
const TEENS: Record<string, number> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
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
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const BIG_SCALES: Record<string, number> = { thousand: 1000, million: 1_000_000 };
/** Scale words after digits: "2k", "1.5 million", "3 hundred". */
const DIGIT_SCALES: Record<string, number> = {
  k: 1000,
  thousand: 1000,
  hundred: 100,
  m: 1_000_000,
  mil: 1_000_000,
  million: 1_000_000,
};

type Last = 'start' | 'half' | 'a' | 'unit' | 'teen' | 'tens' | 'hundred' | 'big';

interface Read {
  value: number;
  end: number;
}

/** "twenty-five" arrives as one token; treat its halves as two words. */
function wordsAt(tokens: string[], i: number): string[] {
  const token = tokens[i] ?? '';
  const parts = token.split('-');
  return parts.length === 2 && parts.every((p) => p in UNITS || p in TENS) ? parts : [token];
}

function readWordNumber(tokens: string[], start: number): Read | undefined {
  const words: Array<{ word: string; index: number }> = [];
  for (let i = start; i < tokens.length && words.length < 12; i++) {
    for (const word of wordsAt(tokens, i)) words.push({ word, index: i });
  }
  let total = 0;
  let current = 0;
  let last: Last = 'start';
  let end = start;
  for (let k = 0; k < words.length; k++) {
    const { word, index } = words[k]!;
    const next = words[k + 1]?.word ?? '';
    if (
      (word === 'a' || word === 'an') &&
      (last === 'start' || last === 'half') &&
      /^(hundred|thousand|million|dozen)$/.test(next)
    ) {
      current = last === 'half' ? 0.5 : 1;
      last = 'a';
    } else if (word === 'half' && last === 'start' && (next === 'a' || next === 'an')) {
      // "half a dozen", "half a million".
      last = 'half';
    } else if (
      word in UNITS &&
      (last === 'start' || last === 'hundred' || last === 'big' || isRoundTens(last, current))
    ) {
      current += UNITS[word]!;
      last = 'unit';
    } else if (word in TEENS && (last === 'start' || last === 'hundred' || last === 'big')) {
      current += TEENS[word]!;
      last = 'teen';
    } else if (word in TENS && (last === 'start' || last === 'hundred' || last === 'big')) {
      current += TENS[word]!;
      last = 'tens';
    } else if (word === 'hundred' && (last === 'a' || last === 'unit' || last === 'teen') && current < 100) {
      current = current * 100;
      last = 'hundred';
    } else if (word === 'dozen' && (last === 'a' || last === 'unit')) {
      current *= 12;
      last = 'teen';
    } else if (word in BIG_SCALES && last !== 'start' && last !== 'big') {
      total += (current || 1) * BIG_SCALES[word]!;
      current = 0;
      last = 'big';
    } else if (word === 'and' && (last === 'hundred' || last === 'big') && isNumberWord(next)) {
      continue;
    } else {
      break;
    }
    end = index + 1;
  }
  if (last === 'start' || last === 'half' || last === 'a') return undefined;
  return { value: total + current, end };
}

function isRoundTens(last: Last, current: number): boolean {
  return last === 'tens' && current % 10 === 0;
}

function isNumberWord(word: string): boolean {
  return word in UNITS || word in TEENS || word in TENS;
}

function readDigits(tokens: string[], i: number): Read | undefined {
  const token = tokens[i];
  if (!token || !/^\d+(\.\d+)?$/.test(token)) return undefined;
  const scale = DIGIT_SCALES[tokens[i + 1] ?? ''];
  return scale ? { value: Number(token) * scale, end: i + 2 } : { value: Number(token), end: i + 1 };
}

/** One plain number at tokens[i], digits or words. */
export function readNumber(tokens: string[], i: number): Read | undefined {
  return readDigits(tokens, i) ?? readWordNumber(tokens, i);
}

// ---------------------------------------------------------------------------------------------
// Vague quantities

interface Vague {
  value: number;
  min: number;
  max: number;
}
/** Alone ("a few") and before a scale ("a few hundred": 200 to 500). */
const VAGUE: Record<string, { alone: Vague; scaled: Vague }> = {
  few: { alone: { value: 3, min: 2, max: 4 }, scaled: { value: 3, min: 2, max: 5 } },
  couple: { alone: { value: 2, min: 2, max: 3 }, scaled: { value: 2, min: 2, max: 3 } },
  several: { alone: { value: 5, min: 3, max: 7 }, scaled: { value: 5, min: 3, max: 9 } },
  handful: { alone: { value: 5, min: 3, max: 7 }, scaled: { value: 5, min: 3, max: 7 } },
};
const SCALE_WORDS: Record<string, number> = { dozen: 12, hundred: 100, thousand: 1000, million: 1_000_000 };
const PLURAL_SCALES: Record<string, number> = {
  dozens: 12,
  tens: 10,
  hundreds: 100,
  thousands: 1000,
  millions: 1_000_000,
};

interface Core {
  lo: number;
  hi: number;
  value: number;
  approximate: boolean;
  end: number;
}

/** "a few", "a couple of", "several hundred", "hundreds", "tens of thousands". */
function readVague(tokens: string[], i: number): Core | undefined {
  let j = tokens[i] === 'a' ? i + 1 : i;
  const word = tokens[j] ?? '';
  if (word in VAGUE && (j > i || word === 'several' || tokens[j + 1]! in SCALE_WORDS)) {
    j++;
    if (tokens[j] === 'of' && tokens[j + 1]! in SCALE_WORDS) j++;
    const scale = SCALE_WORDS[tokens[j] ?? ''];
    const shape = scale ? VAGUE[word]!.scaled : VAGUE[word]!.alone;
    const factor = scale ?? 1;
    return {
      lo: shape.min * factor,
      hi: shape.max * factor,
      value: shape.value * factor,
      approximate: true,
      end: scale ? j + 1 : j,
    };
  }
  if (word in PLURAL_SCALES && j === i) {
    let factor = PLURAL_SCALES[word]!;
    j++;
    if (tokens[j] === 'of' && tokens[j + 1]! in PLURAL_SCALES) {
      factor *= PLURAL_SCALES[tokens[j + 1]!]!;
      j += 2;
    }
    return { lo: 2 * factor, hi: 9 * factor, value: 3 * factor, approximate: true, end: j };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Qualifiers around a number

type Bound = 'approx' | 'lower' | 'upper' | 'upperStrict' | 'range';

const PREFIXES: Array<[string, Bound]> = [
  ['give or take', 'approx'],
  ['something like', 'approx'],
  ['somewhere around', 'approx'],
  ['in the region of', 'approx'],
  ['in the ballpark of', 'approx'],
  ['close to', 'approx'],
  ['an estimated', 'approx'],
  ['about', 'approx'],
  ['around', 'approx'],
  ['roughly', 'approx'],
  ['approximately', 'approx'],
  ['approx', 'approx'],
  ['maybe', 'approx'],
  ['perhaps', 'approx'],
  ['probably', 'approx'],
  ['like', 'approx'],
  ['some', 'approx'],
  ['nearly', 'approx'],
  ['almost', 'approx'],
  ['circa', 'approx'],
  ['~', 'approx'],
  ['more than', 'lower'],
  ['greater than', 'lower'],
  ['at least', 'lower'],
  ['upwards of', 'lower'],
  ['north of', 'lower'],
  ['in excess of', 'lower'],
  ['over', 'lower'],
  ['above', 'lower'],
  ['less than', 'upperStrict'],
  ['fewer than', 'upperStrict'],
  ['under', 'upperStrict'],
  ['below', 'upperStrict'],
  ['no more than', 'upper'],
  ['not more than', 'upper'],
  ['up to', 'upper'],
  ['at most', 'upper'],
  ['a maximum of', 'upper'],
  ['maximum', 'upper'],
  ['max', 'upper'],
  ['anywhere from', 'range'],
  ['anywhere between', 'range'],
  ['somewhere between', 'range'],
  ['between', 'range'],
  ['from', 'range'],
];

const SUFFIXES: Array<[string, Bound]> = [
  ['give or take', 'approx'],
  ['or so', 'approx'],
  ['- ish', 'approx'],
  ['ish', 'approx'],
  ['- odd', 'approx'],
  ['odd', 'approx'],
  ['- something', 'approx'],
  ['or more', 'lower'],
  ['and up', 'lower'],
  ['and above', 'lower'],
  ['and counting', 'lower'],
  ['plus', 'lower'],
  ['+', 'lower'],
  ['or less', 'upper'],
  ['or fewer', 'upper'],
  ['at most', 'upper'],
  ['tops', 'upper'],
  ['max', 'upper'],
];

function matchPhrase(tokens: string[], i: number, phrase: string): number {
  const words = phrase.split(' ');
  return words.every((w, k) => tokens[i + k] === w) ? words.length : 0;
}

function readQualifier(
  tokens: string[],
  i: number,
  table: Array<[string, Bound]>,
): [Bound, number] | undefined {
  for (const [phrase, bound] of table) {
    const length = matchPhrase(tokens, i, phrase);
    if (length > 0) return [bound, length];
  }
  return undefined;
}

const RANGE_JOINERS = new Set(['to', '-', 'or', 'through', 'thru', 'till', 'until']);

/** A number or a range of numbers ("4-8", "4 to 8", "four or five", "10 to 15k"). */
function readCore(tokens: string[], i: number, rangeIntro: boolean): Core | undefined {
  const vague = readVague(tokens, i);
  if (vague) return vague;
  const first = readNumber(tokens, i);
  if (!first) return undefined;
  const joiner = tokens[first.end] ?? '';
  const joins = RANGE_JOINERS.has(joiner) || (rangeIntro && joiner === 'and');
  const second = joins ? readNumber(tokens, first.end + 1) : undefined;
  if (second) {
    const lo = shareScale(first.value, second.value);
    if (second.value > lo) {
      return {
        lo,
        hi: second.value,
        value: Math.round((lo + second.value) / 2),
        approximate: true,
        end: second.end,
      };
    }
  }
  return { lo: first.value, hi: first.value, value: first.value, approximate: false, end: first.end };
}

/** "10 to 15k" means 10k to 15k: a bare low end borrows the scale of the high end. */
function shareScale(lo: number, hi: number): number {
  for (const scale of [1_000_000, 1000, 100]) {
    if (hi >= scale && hi % scale === 0 && lo < hi / scale) return lo * scale;
  }
  return lo;
}

function applyBound(core: Core, bound: Bound | undefined): Amount {
  const n = core.value;
  switch (bound) {
    case 'lower':
      return { value: core.lo, min: core.lo, max: Number.POSITIVE_INFINITY, approximate: true };
    case 'upper':
      return { value: core.hi, min: Math.min(1, core.hi), max: core.hi, approximate: true };
    case 'upperStrict': {
      const max = Math.max(core.hi - 1, 0);
      const min = Math.min(1, max);
      return { value: Math.round((min + max) / 2), min, max, approximate: true };
    }
    default:
      return { value: n, min: core.lo, max: core.hi, approximate: core.approximate || bound === 'approx' };
  }
}

/** The amount that starts exactly at tokens[i], with any qualifiers before and after it. */
export function readAmountAt(tokens: string[], i: number): AmountSpan | undefined {
  let j = i;
  let bound: Bound | undefined;
  let approximate = false;
  let rangeIntro = false;
  for (let guard = 0; guard < 3; guard++) {
    const prefix = readQualifier(tokens, j, PREFIXES);
    if (!prefix) break;
    const [kind, length] = prefix;
    if (kind === 'approx') approximate = true;
    else if (kind === 'range') rangeIntro = true;
    else bound = kind;
    j += length;
  }
  const core = readCore(tokens, j, rangeIntro);
  if (!core) return undefined;
  let end = core.end;
  const suffix = readQualifier(tokens, end, SUFFIXES);
  if (suffix) {
    const [kind, length] = suffix;
    if (kind === 'approx') approximate = true;
    else if (!bound) bound = kind;
    end += length;
  }
  const amount = applyBound(core, bound);
  if (approximate) amount.approximate = true;
  return { amount, start: i, end };
}

/** Every amount in a token stream, left to right, not overlapping. */
export function scanAmounts(tokens: string[]): AmountSpan[] {
  const spans: AmountSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const span = readAmountAt(tokens, i);
    if (span) {
      spans.push(span);
      i = span.end - 1;
    }
  }
  return spans;
}

/**
 * Parses a number phrase: "12", "1,200", "2k", "twelve", "two hundred and fifty", "a dozen",
 * "a few" (3, 2 to 4), "a few hundred", "15ish", "about 15", "20+", "under 10", "between 4 and 8".
 * Ranges keep min and max and take the rounded midpoint as value. Open upper bounds are Infinity.
 * The first amount in the phrase wins, so "around 12 I think" also reads as 12.
 */
export function parseAmount(phrase: string): Amount | undefined {
  return scanAmounts(tokenize(normalizeNumberText(phrase)))[0]?.amount;
}

/** Scales an amount, for example from per-week to per-month; rounds to whole numbers. */
export function scaleAmount(amount: Amount, factor: number): Amount {
  return {
    value: Math.round(amount.value * factor),
    min: Math.round(amount.min * factor),
    max: amount.max === Number.POSITIVE_INFINITY ? amount.max : Math.round(amount.max * factor),
    approximate: amount.approximate,
  };
}

/**
 * A phrase that is nothing but one number ("twelve", "1,200", "a dozen", "a couple"), else
 * undefined: "twelve bananas" and "12 people" are not numbers on their own.
 */
export function parseNumber(raw: string): number | undefined {
  const tokens = tokenize(normalizeNumberText(raw.trim()));
  if (tokens.length === 0) return undefined;
  const read = readNumber(tokens, 0);
  if (read?.end === tokens.length) return read.value;
  const span = readAmountAt(tokens, 0);
  return span?.end === tokens.length ? span.amount.value : undefined;
}
