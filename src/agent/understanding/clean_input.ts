/**
 * What a person meant to type, before anything else reads it. Look-alike characters and markup
 * change how text looks to a pattern, not what it says to a person, so they are undone first:
 * - NFKC folds full-width letters ("Ｉｇｎｏｒｅ"), ligatures and other compatibility forms into
 *   the plain letters every rule is written for;
 * - zero-width and direction-control characters are invisible and only split words apart;
 * - a word that mixes Latin with Cyrillic or Greek letters ("іgnоrе" with Cyrillic і, о, е) is
 *   spelled in Latin: no real word mixes scripts, so the mix is there to dodge a pattern. A word
 *   wholly in Cyrillic or Greek is left alone (it is another language, answered as such);
 * - HTML tags are dropped (their text kept): Sarah never renders markup, and "<b>How</b> do I…"
 *   is still a question about PandaDoc. An address in angle brackets is not a tag and stays.
 */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
const TAG = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/gi;

/** Cyrillic and Greek letters drawn like Latin ones. */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  һ: 'h',
  ԁ: 'd',
  ӏ: 'l',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  α: 'a',
  ο: 'o',
  ι: 'i',
  ν: 'v',
  κ: 'k',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC_OR_GREEK = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

function latinSpelling(word: string): string {
  if (!LATIN.test(word) || !CYRILLIC_OR_GREEK.test(word)) return word;
  return [...word].map((c) => LOOK_ALIKES[c] ?? c).join('');
}

export function cleanInput(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\p{L}+/gu, latinSpelling)
    .replace(TAG, ' ')
    .replace(/[ \t]{2,}/g, ' ');
}
