import { DateTime, IANAZone } from 'luxon';
import { parseNumber } from './amounts.js';

/**
 * What meeting time a trialist means, read with business sense: "Friday at 3" is 3 PM, "next Friday"
 * is the Friday of next week, "9am Paris time" is in Paris. The parser is our own because the rules
 * that matter here (bare hours are afternoon, today's weekday means next week, numbers are only times
 * when something says so) are business choices that general date libraries decide differently.
 *
 * The text is normalised, then read in passes — zone, days, part of day, clock — and each pass
 * blanks what it used, leaving a marker so later passes still know "a day was said here".
 */

export type PartOfDay = 'morning' | 'afternoon' | 'evening';

export interface TimeRequest {
  /** IANA zone the user's words are meant in: a zone they named, else userZone. */
  zone: string;
  /** True when the user named a zone ("2pm Central", "9am Paris time", "PST", "UK time", "GMT+2"). */
  zoneNamed: boolean;
  /** One specific day, yyyy-mm-dd, in `zone`. */
  date?: string;
  /** An inclusive span of days, yyyy-mm-dd in `zone`. */
  range?: { from: string; to: string };
  /** Allowed ISO weekdays (Mon=1) inside `range` when the user restricts them. */
  weekdays?: number[];
  partOfDay?: PartOfDay;
  /** Clock time, minutes after midnight in `zone`. */
  time?: number;
  /** "around 3", "3ish", "about 2:30". */
  approximate?: boolean;
  /** Bounds in minutes after midnight. */
  after?: number;
  before?: number;
  /** The user asked for a Saturday or Sunday. */
  weekend?: boolean;
}

// Markers left where a pass consumed text; the clock pass treats them as time cues.
const DAY_MARK = ' ‹d› ';
const PART_MARK = ' ‹p› ';
const ZONE_MARK = ' ‹z› ';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const WEEKDAY_RE = `(${WEEKDAYS.join('|')})`;
const MONTHS: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH_RE = `(${Object.keys(MONTHS).join('|')})\\b\\.?`;
/** Month words that are also ordinary English words; they need a date-like neighbour to count. */
const AMBIGUOUS_MONTHS = new Set(['may', 'march', 'mar', 'jan']);

const ORDINAL_WORDS: Record<string, number> = (() => {
  const small = [
    'first',
    'second',
    'third',
    'fourth',
    'fifth',
    'sixth',
    'seventh',
    'eighth',
    'ninth',
    'tenth',
    'eleventh',
    'twelfth',
    'thirteenth',
    'fourteenth',
    'fifteenth',
    'sixteenth',
    'seventeenth',
    'eighteenth',
    'nineteenth',
  ];
  const table: Record<string, number> = {};
  small.forEach((w, i) => (table[w] = i + 1));
  table.twentieth = 20;
  table.thirtieth = 30;
  small.slice(0, 9).forEach((w, i) => (table[`twenty ${w}`] = 21 + i));
  table['thirty first'] = 31;
  return table;
})();
const ORDINAL_WORD_RE = `(${Object.keys(ORDINAL_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;

export const HOUR_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
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
};
const HOUR_WORD_RE = `(${Object.keys(HOUR_WORDS).join('|')})`;
const UNIT_WORD_RE = '(?:one|two|three|four|five|six|seven|eight|nine)';
const MINUTE_WORD_RE =
  `((?:oh|o)[\\s-]+${UNIT_WORD_RE}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|` +
  `(?:twenty|thirty|forty|fifty)(?:[\\s-]+${UNIT_WORD_RE})?)`;
const HOUR_RE = `(\\d{1,2}|${HOUR_WORD_RE.slice(1, -1)})`;

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

/** Optimal-string-alignment distance, for catching "wendesday" and "tommorow". */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

// Long words only: short ones ("fridge", "money") sit too close to real words.
const FUZZY_TARGETS = [
  ...WEEKDAYS,
  'tomorrow',
  'january',
  'february',
  'september',
  'october',
  'november',
  'december',
  'afternoon',
];

function fixSpelling(word: string): string {
  if (word.length < 6 || FUZZY_TARGETS.includes(word)) return word;
  for (const target of FUZZY_TARGETS) {
    if (target[0] !== word[0] || Math.abs(target.length - word.length) > 2) continue;
    const allowed = word.length >= 7 ? 2 : 1;
    if (editDistance(word, target) <= allowed) return target;
  }
  return word;
}

const SHORTHANDS: Array<[RegExp, string]> = [
  [/\b(?:tmrw|tmrow|tmr|tmw|tmmrw|2moro|2morrow|2morow|tomoz)\b/g, 'tomorrow'],
  [/\b(?:tonite|2nite)\b/g, 'tonight'],
  [/\b(?:tdy|2day)\b/g, 'today'],
  [/\bmon\b\.?/g, 'monday'],
  [/\b(?:tue|tues)\b\.?/g, 'tuesday'],
  [/\b(?:wed|weds)\b\.?/g, 'wednesday'],
  [/\b(?:thu|thur|thurs|thr|thrs)\b\.?/g, 'thursday'],
  [/\bfri\b\.?/g, 'friday'],
  [/\bsat\b\.?/g, 'saturday'],
  [/\bsun\b\.?/g, 'sunday'],
  [new RegExp(`\\b${WEEKDAY_RE}s\\b`, 'g'), '$1'],
  [/\b(?:a\.\s?m\.?|a\.m)(?=\W|$)/g, 'am'],
  [/\b(?:p\.\s?m\.?|p\.m)(?=\W|$)/g, 'pm'],
  [/\bo'?\s?clock\b/g, 'oclock'],
  [/\b(?:standard|daylight|summer)(?:\s+saving)?\s+(?=time\b)/g, ''],
  [/\btime\s*zone\b/g, 'timezone'],
];

/** Text that looks numeric but is never a meeting time: contacts, money, counts. */
const NOISE: RegExp[] = [
  /\bhttps?:\/\/\S+|\bwww\.\S+/g,
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  /[$€£]\s?\d[\d,.]*\s?[km]?\b/g,
  /\b\d[\d,.]*\s?%/g,
  /\b\d{1,3}(?:,\d{3})+\b/g,
];

/**
 * Lower-cases, fixes common shorthands and typos, turns spoken times into digits and removes
 * numeric noise. Exported so the slot-reference reader sees the same words.
 */
export function normalizeTimeText(text: string): string {
  // Two-letter US zone codes only count in capitals; "pt" or "et" in lower case are too ambiguous.
  let t = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\b(ET|CT|MT|PT)\b/g, (code) => `zone${code.toLowerCase()}`)
    .toLowerCase()
    .replace(/[’‘`]/g, "'");
  t = t.replace(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, '$1/$2/$3'); // ISO dates survive the phone filter
  // Phone numbers: digit groups with at least seven digits in all.
  t = t.replace(/\+?\(?\d{1,4}\)?(?:[\s.-]?\(?\d{2,4}\)?){2,}/g, (m) =>
    m.replace(/\D/g, '').length >= 7 ? ' ' : m,
  );
  for (const noise of NOISE) t = t.replace(noise, ' ');
  t = t.replace(/@/g, ' at ').replace(/~/g, ' around ');
  t = t.replace(/(\w)'s\b/g, '$1');
  t = t.replace(/[a-z]+/g, fixSpelling);
  // A recogniser's "nine a m", "two p. m.": the letters apart.
  t = t.replace(/\b([ap])\.?\s+m\b\.?/g, '$1m');
  for (const [pattern, replacement] of SHORTHANDS) t = t.replace(pattern, replacement);
  t = rewriteNamedTimes(t);
  t = spokenTimesToDigits(t);
  t = t.replace(/\b([01]\d|2[0-3])([0-5]\d)\s*(?:hours|hrs|hr|h)\b/g, '$1:$2'); // "1400 hours"
  // "at 1400", but not "by 2027" (a year).
  t = t.replace(
    /\b(at|by|after|before|around|from)\s+([01]\d|2[0-3])([0-5]\d)\b/g,
    (m, cue: string, h: string, mm: string) => (h === '20' ? m : `${cue} ${h}:${mm}`),
  );
  // "9.30am", "at 9.30": a dot between hour and minutes.
  t = t.replace(/\b(\d{1,2})\.([0-5]\d)(?=\s*(?:am|pm|[ap]\b))/g, '$1:$2');
  t = t.replace(/\b(at|around|about|by|after|before|from)\s+(\d{1,2})\.([0-5]\d)\b/g, '$1 $2:$3');
  t = t.replace(/\b\d+(?:\.\d+)?\s*(?:minutes?|mins?|hours?|hrs?|seconds?|secs?)\b/g, ' '); // durations
  return t.replace(/\s+/g, ' ').trim();
}

/** Noon, midnight, lunch and end of day become clock times the clock pass can read. */
function rewriteNamedTimes(t: string): string {
  return t
    .replace(/\b(?:12|twelve)\s+(noon|midnight)\b/g, '$1')
    .replace(/\b(?:noon|midday|mid-day)\b/g, '12:00pm')
    .replace(/\bmidnight\b/g, '12:00am')
    .replace(/\b(after|before)\s+lunch(?:\s*time)?\b/g, (_, bound: string) =>
      bound === 'after' ? 'after 1:00pm' : 'before 12:00pm',
    )
    .replace(/\b(?:at\s+|around\s+|over\s+|during\s+)?lunch(?:\s*time)?\b/g, ' around 12:00pm ')
    .replace(
      /\b(?:by|before)\s+(?:the\s+)?(?:eod|end\s+of\s+(?:the\s+)?(?:business\s+)?day|cob|close of business)\b/g,
      'before 5:00pm',
    )
    .replace(/\b(?:eod|end\s+of\s+(?:the\s+)?(?:business\s+)?day|close of business)\b/g, 'after 3:00pm');
}

function hourValue(raw: string): number {
  return HOUR_WORDS[raw] ?? Number(raw);
}

function minuteValue(raw: string): number {
  return parseNumber(raw.replace(/^o(?:h)?[\s-]+/, '')) ?? 0;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "three thirty" → "3:30", "quarter to four" → "3:45", "at two" → "at 2", "two pm" → "2 pm". */
function spokenTimesToDigits(t: string): string {
  const hourBefore = (h: number): number => (h === 1 ? 12 : h - 1);
  t = t
    .replace(
      new RegExp(`\\b(?:a\\s+)?quarter\\s+past\\s+${HOUR_RE}\\b`, 'g'),
      (_, h: string) => `${hourValue(h)}:15`,
    )
    .replace(new RegExp(`\\bhalf\\s+past\\s+${HOUR_RE}\\b`, 'g'), (_, h: string) => `${hourValue(h)}:30`)
    // British "half two" is half past two.
    .replace(
      new RegExp(`\\bhalf\\s+${HOUR_RE}\\b(?!\\s+(?:hours?|days?|weeks?|an?|the))`, 'g'),
      (_, h: string) => `${hourValue(h)}:30`,
    )
    .replace(
      new RegExp(`\\b(?:a\\s+)?quarter\\s+(?:to|til|till|of|before)\\s+${HOUR_RE}\\b`, 'g'),
      (_, h: string) => `${hourBefore(hourValue(h))}:45`,
    )
    .replace(
      new RegExp(
        `\\b(5|10|20|25|five|ten|twenty|twenty[\\s-]five)\\s+(?:minutes\\s+)?past\\s+${HOUR_RE}\\b`,
        'g',
      ),
      (_, m: string, h: string) => `${hourValue(h)}:${pad(parseNumber(m) ?? 0)}`,
    )
    .replace(
      new RegExp(
        `\\b(20|25|twenty|twenty[\\s-]five)\\s+(?:minutes\\s+)?(?:to|til|till|of|before)\\s+${HOUR_RE}\\b`,
        'g',
      ),
      (_, m: string, h: string) => `${hourBefore(hourValue(h))}:${pad(60 - (parseNumber(m) ?? 0))}`,
    )
    .replace(
      new RegExp(
        `\\b${HOUR_RE}[\\s-]+${MINUTE_WORD_RE}\\b(?![\\s-]+(?:people|person|users|seats|docs|minute))`,
        'g',
      ),
      (_, h: string, m: string) => `${hourValue(h)}:${pad(minuteValue(m))}`,
    );
  // A lone hour word only becomes a digit where it is plainly a time; "that one works" stays a pronoun.
  const cueBefore =
    '(at|around|about|by|after|before|between|from|until|till|til|say|and|to|or|past|than|since)';
  t = t.replace(
    new RegExp(`\\b${cueBefore}\\s+${HOUR_WORD_RE}\\b`, 'g'),
    (_, cue: string, h: string) => `${cue} ${hourValue(h)}`,
  );
  t = t.replace(
    new RegExp(
      `\\b${HOUR_WORD_RE}(?=\\s*-?\\s*(?:am|pm|oclock|ish|in the (?:morning|afternoon|evening))\\b)`,
      'g',
    ),
    (h: string) => String(hourValue(h)),
  );
  // "two works" is a time; "that one works" is not, so "one" is left out here.
  return t.replace(
    /\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?=\s+(?:works|sharp)\b)/g,
    (h: string) => String(hourValue(h)),
  );
}

// ---------------------------------------------------------------------------------------------
// Consuming passes
// ---------------------------------------------------------------------------------------------

/**
 * Runs a global regex over the text; where the handler accepts a match (true, or a replacement
 * string) the match is replaced by `mark` (or that string). Rejected matches stay in place.
 */
function consume(
  text: string,
  pattern: RegExp,
  mark: string,
  handle: (m: RegExpMatchArray) => boolean | string,
): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const verdict = handle(m);
    if (verdict === false) continue;
    const start = m.index ?? 0;
    out += text.slice(last, start) + (typeof verdict === 'string' ? verdict : mark);
    last = start + m[0].length;
  }
  return out + text.slice(last);
}

// ---------------------------------------------------------------------------------------------
// Zones
// ---------------------------------------------------------------------------------------------

const NY = 'America/New_York';
const CHICAGO = 'America/Chicago';
const DENVER = 'America/Denver';
const LA = 'America/Los_Angeles';
const KOLKATA = 'Asia/Kolkata';

/** Zone abbreviations and US regions; said on their own they name a zone. */
const ZONE_CODES: Record<string, string> = {
  est: NY,
  edt: NY,
  cst: CHICAGO,
  cdt: CHICAGO,
  mst: DENVER,
  mdt: DENVER,
  pst: LA,
  pdt: LA,
  akst: 'America/Anchorage',
  akdt: 'America/Anchorage',
  hst: 'Pacific/Honolulu',
  bst: 'Europe/London',
  cet: 'CET',
  cest: 'CET',
  ist: KOLKATA,
  aest: 'Australia/Sydney',
  aedt: 'Australia/Sydney',
  jst: 'Asia/Tokyo',
  sgt: 'Asia/Singapore',
  hkt: 'Asia/Hong_Kong',
  nzst: 'Pacific/Auckland',
  nzdt: 'Pacific/Auckland',
  zoneet: NY,
  zonect: CHICAGO,
  zonemt: DENVER,
  zonept: LA,
};
const REGIONS: Record<string, string> = {
  eastern: NY,
  'east coast': NY,
  central: CHICAGO,
  mountain: DENVER,
  pacific: LA,
  'west coast': LA,
  alaska: 'America/Anchorage',
  hawaii: 'Pacific/Honolulu',
  atlantic: 'America/Halifax',
};
/** Places people name whose IANA zone carries a different city name. Needs "time" after it. */
const PLACES: Record<string, string> = {
  ...REGIONS,
  'central european': 'CET',
  european: 'CET',
  uk: 'Europe/London',
  british: 'Europe/London',
  england: 'Europe/London',
  'united kingdom': 'Europe/London',
  irish: 'Europe/Dublin',
  ireland: 'Europe/Dublin',
  'san francisco': LA,
  sf: LA,
  'bay area': LA,
  'silicon valley': LA,
  seattle: LA,
  'san diego': LA,
  'san jose': LA,
  'las vegas': LA,
  california: LA,
  cali: LA,
  la: LA,
  boston: NY,
  miami: NY,
  atlanta: NY,
  philadelphia: NY,
  philly: NY,
  nyc: NY,
  washington: NY,
  dc: NY,
  florida: NY,
  charlotte: NY,
  orlando: NY,
  pittsburgh: NY,
  dallas: CHICAGO,
  houston: CHICAGO,
  austin: CHICAGO,
  'san antonio': CHICAGO,
  texas: CHICAGO,
  minneapolis: CHICAGO,
  nashville: CHICAGO,
  'new orleans': CHICAGO,
  'kansas city': CHICAGO,
  colorado: DENVER,
  utah: DENVER,
  'salt lake city': DENVER,
  arizona: 'America/Phoenix',
  india: KOLKATA,
  indian: KOLKATA,
  mumbai: KOLKATA,
  bombay: KOLKATA,
  delhi: KOLKATA,
  'new delhi': KOLKATA,
  bangalore: KOLKATA,
  bengaluru: KOLKATA,
  chennai: KOLKATA,
  hyderabad: KOLKATA,
  pune: KOLKATA,
  calcutta: KOLKATA,
  germany: 'Europe/Berlin',
  german: 'Europe/Berlin',
  france: 'Europe/Paris',
  french: 'Europe/Paris',
  spain: 'Europe/Madrid',
  italy: 'Europe/Rome',
  netherlands: 'Europe/Amsterdam',
  dutch: 'Europe/Amsterdam',
  japan: 'Asia/Tokyo',
  china: 'Asia/Shanghai',
  beijing: 'Asia/Shanghai',
  israel: 'Asia/Jerusalem',
  'tel aviv': 'Asia/Jerusalem',
  uae: 'Asia/Dubai',
  brazil: 'America/Sao_Paulo',
  'cape town': 'Africa/Johannesburg',
  'new zealand': 'Pacific/Auckland',
  australia: 'Australia/Sydney',
  'eastern australia': 'Australia/Sydney',
};
/** Real IANA city names that are also everyday words before "time" ("easter time", "christmas time"). */
const NOT_PLACES = new Set(['easter', 'christmas', 'wake', 'midway', 'chatham', 'faroe', 'hope']);
const IANA_AREAS = ['Europe', 'America', 'Asia', 'Australia', 'Africa', 'Pacific', 'Atlantic', 'Indian'];

/** "new york" → "America/New_York" when some IANA area has that city. */
function ianaForPlace(place: string): string | undefined {
  if (NOT_PLACES.has(place)) return undefined;
  const city = place
    .split(/\s+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('_');
  for (const area of IANA_AREAS) {
    const name = `${area}/${city}`;
    // Intl matches zone names case-insensitively; ask it for the canonical spelling.
    if (IANAZone.isValidZone(name))
      return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  }
  return undefined;
}

/** The zone named by the last one to three words before "time", if any. */
function zoneFromPlaceWords(words: string): string | undefined {
  const list = words.trim().split(/\s+/);
  for (let take = Math.min(3, list.length); take >= 1; take--) {
    const place = list.slice(-take).join(' ');
    const zone = PLACES[place] ?? ZONE_CODES[place] ?? ianaForPlace(place);
    if (zone) return zone;
  }
  return undefined;
}

interface ZoneFound {
  zone: string;
  named: boolean;
  rest: string;
}

const TIME_TOKEN_BEFORE = String.raw`(?:\d|am|pm|oclock|ish)\s*,?\s*`;

function extractZone(text: string, userZone: string): ZoneFound {
  let zone: string | undefined;
  let named = false;
  const pick = (z: string | undefined, isNamed: boolean): boolean => {
    if (!z) return false;
    if (!zone) [zone, named] = [z, isNamed];
    return true;
  };
  // "I'm in California, so 11am my time": where the user says they are is what "my time" means,
  // and the zone of a time they give without naming one.
  const stated = statedLocationZone(text);
  let t = consume(text, /\b(?:gmt|utc)\s*(?:([+-])\s*(\d{1,2})(?::?([0-5]\d))?)?(?!\w)/g, ZONE_MARK, (m) =>
    pick(fixedOffsetZone(m[1], m[2], m[3]), true),
  );
  t = consume(
    t,
    /\b(?:(?:my|your|our)\s+(?:own\s+)?(?:local\s+)?(?:time|timezone|tz)|local\s+time|my\s+end)\b/g,
    ZONE_MARK,
    () => pick(stated ?? userZone, Boolean(stated)),
  );
  t = consume(t, /\b((?:[a-z]+\s+){0,2}[a-z]+)\s+(?:time|timezone|tz)\b/g, ZONE_MARK, (m) => {
    const found = zoneFromPlaceWords(m[1]!);
    if (!found) return false;
    pick(found, true);
    // Keep the words before the place ("at", "friday") for the later passes.
    return ` ${m[1]!.split(/\s+/).slice(0, -placeLength(m[1]!)).join(' ')}${ZONE_MARK}`;
  });
  t = consume(t, new RegExp(`\\b(${Object.keys(ZONE_CODES).join('|')})\\b`, 'g'), ZONE_MARK, (m) =>
    pick(ZONE_CODES[m[1]!], true),
  );
  const regions = Object.keys(REGIONS).join('|');
  t = consume(t, new RegExp(`(?:(?<=${TIME_TOKEN_BEFORE})|\\bon\\s+)(${regions})\\b`, 'g'), ZONE_MARK, (m) =>
    pick(REGIONS[m[1]!], true),
  );
  if (stated) pick(stated, true);
  return { zone: zone ?? userZone, named, rest: t };
}

const STATED_LOCATION =
  /\b(?:i'?m|i am|we'?re|we are|based|located|calling|sitting|living|live|here)\s+(?:(?:over|out|down|up)\s+)?(?:in|from|out of)\s+((?:[a-z]+\s+){0,2}[a-z]+)/;

/** The zone of the place the user says they are in or calling from, if it is one we know. */
function statedLocationZone(text: string): string | undefined {
  const words = STATED_LOCATION.exec(text)?.[1]?.split(/\s+/) ?? [];
  for (let take = Math.min(3, words.length); take >= 1; take--) {
    const place = words.slice(0, take).join(' ');
    const zone = PLACES[place] ?? ianaForPlace(place);
    if (zone) return zone;
  }
  return undefined;
}

/** How many trailing words of `words` formed the place name (mirrors zoneFromPlaceWords). */
function placeLength(words: string): number {
  const list = words.trim().split(/\s+/);
  for (let take = Math.min(3, list.length); take >= 1; take--) {
    const place = list.slice(-take).join(' ');
    if (PLACES[place] ?? ZONE_CODES[place] ?? ianaForPlace(place)) return take;
  }
  return list.length;
}

function fixedOffsetZone(sign?: string, hours?: string, minutes?: string): string {
  if (!sign || !hours) return 'UTC';
  const h = Number(hours);
  if (h === 0 && !Number(minutes ?? 0)) return 'UTC';
  return `UTC${sign}${h}${minutes && minutes !== '00' ? `:${minutes}` : ''}`;
}

const SPOKEN_ZONES: Record<string, string> = {
  'America/New_York': 'Eastern time',
  'America/Detroit': 'Eastern time',
  'America/Toronto': 'Eastern time',
  'America/Chicago': 'Central time',
  'America/Denver': 'Mountain time',
  'America/Phoenix': 'Arizona time',
  'America/Los_Angeles': 'Pacific time',
  'America/Vancouver': 'Pacific time',
  'America/Anchorage': 'Alaska time',
  'Pacific/Honolulu': 'Hawaii time',
  'America/Halifax': 'Atlantic time',
  'Europe/London': 'UK time',
  CET: 'Central European time',
  'Asia/Kolkata': 'India time',
  UTC: 'UTC',
  'Etc/UTC': 'UTC',
  GMT: 'UTC',
};

/** A zone as Sarah would say it in a read-back: "Eastern time", "Tokyo time", "UTC+2". */
export function describeZone(zone: string, at: Date): string {
  const known = SPOKEN_ZONES[zone];
  if (known) return known;
  const fixed = /^utc([+-]\d{1,2}(?::\d{2})?)$/i.exec(zone);
  if (fixed) return `UTC${fixed[1]}`;
  const city = /^[A-Za-z]+\/(?:[A-Za-z]+\/)?([A-Za-z_-]+)$/.exec(zone);
  if (city && !zone.startsWith('Etc/')) return `${city[1]!.replace(/_/g, ' ')} time`;
  // Anything else (Etc/GMT-2, EET): say its offset at that moment.
  const local = DateTime.fromJSDate(at).setZone(zone);
  if (!local.isValid) return zone;
  const offset = local.offset;
  if (offset === 0) return 'UTC';
  const sign = offset > 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `UTC${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Days
// ---------------------------------------------------------------------------------------------

type WeekdayMod = 'bare' | 'this' | 'next' | 'plusWeek';

interface DayFacts {
  date?: DateTime;
  range?: { from: DateTime; to: DateTime; monday?: DateTime };
  weekdays: Array<{ day: number; mod: WeekdayMod }>;
  weekend?: boolean;
  partOfDay?: PartOfDay;
}

const weekdayNumber = (name: string): number => WEEKDAYS.indexOf(name) + 1;

/** The weekday as people mean it: bare "Wednesday" said on a Wednesday means next week's. */
function resolveWeekday(today: DateTime, day: number, mod: WeekdayMod): DateTime {
  const ahead = (day - today.weekday + 7) % 7;
  switch (mod) {
    case 'this':
      return today.plus({ days: ahead });
    case 'next':
      return today.startOf('week').plus({ weeks: 1, days: day - 1 });
    case 'plusWeek':
      return today.plus({ days: (ahead || 7) + 7 });
    default:
      return today.plus({ days: ahead || 7 });
  }
}

/** The next date on or after today with this day of the month (and weekday, when given). */
function nextDayOfMonth(today: DateTime, dayOfMonth: number, weekday?: number): DateTime | undefined {
  for (let i = 0; i < 24; i++) {
    const month = today.startOf('month').plus({ months: i });
    if (dayOfMonth > (month.daysInMonth ?? 0)) continue;
    const date = month.set({ day: dayOfMonth });
    if (date >= today && (!weekday || date.weekday === weekday)) return date;
  }
  return undefined;
}

/** Month and day without a year: this year's, unless that has passed. */
function monthDay(today: DateTime, month: number, day: number, year?: number): DateTime | undefined {
  const make = (y: number) => DateTime.fromObject({ year: y, month, day }, { zone: today.zone });
  if (year)
    return make(year < 100 ? 2000 + year : year).isValid ? make(year < 100 ? 2000 + year : year) : undefined;
  const thisYear = make(today.year);
  if (!thisYear.isValid) return undefined;
  return thisYear >= today ? thisYear : make(today.year + 1);
}

function clampRange(today: DateTime, from: DateTime, to: DateTime): { from: DateTime; to: DateTime } {
  const start = from < today ? today : from;
  return start <= to ? { from: start, to } : { from, to };
}

type Span = 'whole' | 'early' | 'mid' | 'late' | 'later';

function spanOf(modifier: string | undefined): Span {
  if (!modifier) return 'whole';
  if (/^(early|earlier|beginning|start|first)/.test(modifier)) return 'early';
  if (/^(mid|middle)/.test(modifier)) return 'mid';
  if (/^later/.test(modifier)) return 'later';
  if (/^(late|latter|end|back|second|tail|the end)/.test(modifier)) return 'late';
  return 'whole';
}

/** Business days of a week, narrowed by "early"/"mid"/"late" and never starting before today. */
function weekRange(today: DateTime, monday: DateTime, span: Span) {
  const day = (n: number) => monday.plus({ days: n - 1 });
  const isThisWeek = monday.hasSame(today, 'week');
  if (isThisWeek && today.weekday >= 6) return { from: today, to: day(7), monday };
  const bounds: Record<Span, [DateTime, DateTime]> = {
    whole: [day(1), day(5)],
    early: [day(1), day(2)],
    mid: [day(2), day(4)],
    late: [day(4), day(5)],
    later: [isThisWeek ? today.plus({ days: 1 }) : day(4), day(5)],
  };
  const [from, to] = bounds[span];
  return { ...clampRange(today, from, to), monday };
}

function monthRange(today: DateTime, first: DateTime, span: Span) {
  const last = first.endOf('month').startOf('day');
  const bounds: Record<Span, [DateTime, DateTime]> = {
    whole: [first, last],
    early: [first, first.set({ day: 10 })],
    mid: [first.set({ day: 11 }), first.set({ day: 20 })],
    late: [last.minus({ days: 6 }), last],
    later: [today.plus({ days: 1 }), last],
  };
  const [from, to] = bounds[span];
  return clampRange(today, from, to);
}

const COUNT_RE = '(\\d+|a|one|two|three|four|five|six|a\\s+couple(?:\\s+of)?|couple(?:\\s+of)?|a\\s+few|few)';

function countOf(raw: string): number {
  if (/few/.test(raw)) return 3;
  if (/couple/.test(raw)) return 2;
  return parseNumber(raw) ?? 1;
}

const DAY_SUFFIX = '(?:st|nd|rd|th)';
const NOT_A_DATE_AFTER = String.raw`(?!\s+(?:party|parties|place|option|one|slot|choice|week|quarter|floor|grade|person|attempt|try|round|time|call|meeting|reps?|users?)\b)`;

/** Explicit calendar dates: "12/3", "2026/12/03", "Dec 3rd", "3rd of December", "Monday the 7th". */
function readCalendarDates(text: string, today: DateTime, facts: DayFacts): string {
  const set = (d: DateTime | undefined): boolean => {
    if (!d?.isValid) return false;
    facts.date ??= d;
    return true;
  };
  const weekdayPrefix = `(?:${WEEKDAY_RE},?\\s+)?`;
  let t = consume(text, /\b(\d{4})\/(\d{1,2})\/(\d{1,2})\b/g, DAY_MARK, (m) =>
    set(monthDay(today, Number(m[2]), Number(m[3]), Number(m[1]))),
  );
  t = consume(
    t,
    new RegExp(`${weekdayPrefix}\\b(\\d{1,2})\\/(\\d{1,2})(?:\\/(\\d{2}|\\d{4}))?\\b`, 'g'),
    DAY_MARK,
    (m) => set(monthDay(today, Number(m[2]), Number(m[3]), m[4] ? Number(m[4]) : undefined)),
  );
  const dayRe = `(?:(\\d{1,2})${DAY_SUFFIX}?|${ORDINAL_WORD_RE})`;
  t = consume(
    t,
    new RegExp(
      `${weekdayPrefix}\\b${MONTH_RE}\\s+(?:the\\s+)?${dayRe}(?![\\d:]|\\s*(?:am|pm|[ap]\\b|oclock|ish))(?:,?\\s+(20\\d{2}))?\\b`,
      'g',
    ),
    DAY_MARK,
    (m) =>
      set(
        monthDay(
          today,
          MONTHS[m[2]!]!,
          Number(m[3] ?? ORDINAL_WORDS[m[4]!]),
          m[5] ? Number(m[5]) : undefined,
        ),
      ),
  );
  t = consume(
    t,
    new RegExp(
      `${weekdayPrefix}\\b(?:the\\s+)?${dayRe}\\s+(of\\s+)?${MONTH_RE}(?:,?\\s+(20\\d{2}))?\\b`,
      'g',
    ),
    DAY_MARK,
    (m) => {
      const month = m[5]!;
      // "3 may want" is not the 3rd of May; ambiguous month words need "of" or an ordinal suffix.
      if (AMBIGUOUS_MONTHS.has(month) && !m[4] && !/\d(st|nd|rd|th)/.test(m[0]) && !m[3]) return false;
      return set(
        monthDay(
          today,
          MONTHS[month]!,
          Number(m[2] ?? ORDINAL_WORDS[m[3]!]),
          m[6] ? Number(m[6]) : undefined,
        ),
      );
    },
  );
  // A day of the month alone is a date ("the 5th at 3"), not a pick from a list.
  t = consume(
    t,
    new RegExp(
      `(?:${WEEKDAY_RE},?\\s+(?:the\\s+)?|\\b(?:on\\s+)?the\\s+|\\b)(\\d{1,2})${DAY_SUFFIX}\\b${NOT_A_DATE_AFTER}`,
      'g',
    ),
    DAY_MARK,
    (m) => set(nextDayOfMonth(today, Number(m[2]), m[1] ? weekdayNumber(m[1]) : undefined)),
  );
  return consume(
    t,
    new RegExp(
      `(?:${WEEKDAY_RE},?\\s+the\\s+|\\bon\\s+the\\s+)${ORDINAL_WORD_RE}\\b${NOT_A_DATE_AFTER}`,
      'g',
    ),
    DAY_MARK,
    (m) => set(nextDayOfMonth(today, ORDINAL_WORDS[m[2]!]!, m[1] ? weekdayNumber(m[1]) : undefined)),
  );
}

/** "tomorrow", "the day after tomorrow", "tonight", "in 3 days", "a week from Friday", "Friday week". */
function readRelativeDays(text: string, today: DateTime, facts: DayFacts): string {
  const set = (d: DateTime): true => {
    facts.date ??= d;
    return true;
  };
  let t = consume(text, /\b(?:the\s+)?day\s+after\s+tomorrow\b/g, DAY_MARK, () =>
    set(today.plus({ days: 2 })),
  );
  t = consume(
    t,
    new RegExp(
      `\\b${COUNT_RE}\\s+weeks?\\s+(?:from|after|on)\\s+(today|tomorrow|now|${WEEKDAYS.join('|')})\\b`,
      'g',
    ),
    DAY_MARK,
    (m) => {
      // "two weeks from today", "a week from Tuesday" ("in two weeks" is a span: readSpans).
      const weeks = countOf(m[1]!);
      const base = m[2] ?? 'today';
      if (base === 'today' || base === 'now') return set(today.plus({ weeks }));
      if (base === 'tomorrow') return set(today.plus({ weeks, days: 1 }));
      return set(resolveWeekday(today, weekdayNumber(base), 'plusWeek').plus({ weeks: weeks - 1 }));
    },
  );
  t = consume(
    t,
    new RegExp(`\\b(?:the\\s+)?${WEEKDAY_RE}\\s+(?:after\\s+next|week)\\b(?!end)`, 'g'),
    DAY_MARK,
    (m) => set(resolveWeekday(today, weekdayNumber(m[1]!), 'plusWeek')),
  );
  t = consume(t, /\btomorrow\b/g, DAY_MARK, () => set(today.plus({ days: 1 })));
  t = consume(t, /\btoday\b/g, DAY_MARK, () => set(today));
  t = consume(t, /\btonight\b/g, `${DAY_MARK}evening `, () => set(today));
  t = consume(t, /\bthis\s+(?=(?:morning|afternoon|evening)\b)/g, DAY_MARK, () => set(today));
  t = consume(
    t,
    new RegExp(`\\b(?:in\\s+${COUNT_RE}\\s+days?|${COUNT_RE}\\s+days?\\s+from\\s+(?:now|today))\\b`, 'g'),
    DAY_MARK,
    (m) => {
      const raw = m[1] ?? m[2] ?? '';
      if (/few/.test(raw)) {
        facts.range ??= { from: today.plus({ days: 2 }), to: today.plus({ days: 4 }) };
        return true;
      }
      return set(today.plus({ days: countOf(raw) }));
    },
  );
  return t;
}

const SPAN_MODIFIER =
  '(early|earlier|beginning|start|first\\s+half|mid|middle|late|later|latter\\s+part|latter\\s+half|end|the\\s+end|back\\s+half|second\\s+half|back\\s+end|tail\\s+end)';

/** Weeks, weekends and months: "next week", "end of the month", "sometime in December". */
function readSpans(text: string, today: DateTime, facts: DayFacts): string {
  const setRange = (r: DayFacts['range']): true => {
    facts.range ??= r;
    return true;
  };
  const monday = today.startOf('week');
  // "the week of Dec 7": the calendar pass already read the date; widen it to its week.
  let t = consume(text, /\b(?:the\s+)?week\s+of\s+(?:the\s+)?‹d›/g, DAY_MARK, () => {
    if (!facts.date) return false;
    facts.range = weekRange(today, facts.date.startOf('week'), 'whole');
    delete facts.date;
    return true;
  });
  t = consume(t, /\b(?:the\s+)?week\s+after\s+next\b/g, DAY_MARK, () =>
    setRange(weekRange(today, monday.plus({ weeks: 2 }), 'whole')),
  );
  t = consume(
    t,
    new RegExp(
      `\\b(?:in\\s+${COUNT_RE}\\s+weeks?(?:'?\\s+time)?|${COUNT_RE}\\s+weeks?\\s+from\\s+(?:now|today))\\b`,
      'g',
    ),
    DAY_MARK,
    (m) => {
      const weeks = countOf(m[1] ?? m[2] ?? '1');
      return setRange(weekRange(today, today.plus({ weeks }).startOf('week'), 'whole'));
    },
  );
  t = consume(
    t,
    new RegExp(
      `\\b(?:${SPAN_MODIFIER}\\s+(?:(?:in|of|on)\\s+)?)?(this\\s+coming|this|next|the\\s+following|following|coming|the)\\s+week\\b(?!end|s)`,
      'g',
    ),
    DAY_MARK,
    (m) => {
      const [, modifier, which] = m;
      if (which === 'the' && !modifier) return false; // "the week of ..." is not this week
      const base = which === 'this' || which === 'the' ? monday : monday.plus({ weeks: 1 });
      return setRange(weekRange(today, base, spanOf(modifier)));
    },
  );
  t = consume(
    t,
    /\b(?:(this\s+coming|this|next|the|coming|over\s+the|on\s+the)\s+)?weekends?\b/g,
    DAY_MARK,
    (m) => {
      facts.weekend = true;
      const saturday =
        m[1] === 'next'
          ? monday.plus({ weeks: 1, days: 5 })
          : today.weekday >= 6
            ? today
            : monday.plus({ days: 5 });
      return setRange({ from: saturday < today ? today : saturday, to: saturday.set({ weekday: 7 }) });
    },
  );
  t = consume(
    t,
    new RegExp(`\\b(?:${SPAN_MODIFIER}\\s+(?:(?:in|of)\\s+)?)?(?:(this|next|the)\\s+)?month\\b`, 'g'),
    DAY_MARK,
    (m) => {
      const [, modifier, which] = m;
      if (!modifier && which !== 'this' && which !== 'next') return false; // "40 docs a month"
      const first = today.startOf('month').plus({ months: which === 'next' ? 1 : 0 });
      return setRange(monthRange(today, first, spanOf(modifier)));
    },
  );
  // "the second week of January": seven days counted from the 1st.
  t = consume(
    t,
    new RegExp(
      `\\b(first|second|third|fourth|last|1st|2nd|3rd|4th)\\s+week\\s+(?:of|in)\\s+${MONTH_RE}`,
      'g',
    ),
    DAY_MARK,
    (m) => {
      const first = firstOfNamedMonth(today, MONTHS[m[2]!]!);
      const last = first.endOf('month').startOf('day');
      const n = WEEK_ORDINALS[m[1]!] ?? 1;
      const from = n === 5 ? last.minus({ days: 6 }) : first.plus({ weeks: n - 1 });
      const to = DateTime.min(from.plus({ days: 6 }), last)!;
      return setRange(clampRange(today, from, to));
    },
  );
  return consume(
    t,
    new RegExp(
      `\\b(?:(?:${SPAN_MODIFIER}\\s+(?:(?:in|of)\\s+)?|(sometime\\s+in|some\\s+time\\s+in|in|during|for|until|before|after|by)\\s+)(?:the\\s+month\\s+of\\s+)?)?${MONTH_RE}(?:,?\\s+(20\\d{2})\\b|(?!\\s*\\d))`,
      'g',
    ),
    DAY_MARK,
    (m) => {
      const [, modifier, preposition, monthWord, year] = m;
      if (AMBIGUOUS_MONTHS.has(monthWord!) && !modifier && !preposition && !year) return false;
      const first = firstOfNamedMonth(today, MONTHS[monthWord!]!, year ? Number(year) : undefined);
      return setRange(monthRange(today, first, spanOf(modifier)));
    },
  );
}

const WEEK_ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: 5,
};

/** The 1st of a named month: this year's, or next year's once it has gone by. */
function firstOfNamedMonth(today: DateTime, month: number, year?: number): DateTime {
  const y = year ?? (month < today.month ? today.year + 1 : today.year);
  return DateTime.fromObject({ year: y, month, day: 1 }, { zone: today.zone });
}

function readWeekdays(text: string, facts: DayFacts): string {
  return consume(
    text,
    new RegExp(
      `\\b(?:(this\\s+coming|this|next|coming|upcoming|the\\s+following)\\s+)?${WEEKDAY_RE}\\b`,
      'g',
    ),
    DAY_MARK,
    (m) => {
      const which = m[1];
      const mod: WeekdayMod = !which
        ? 'bare'
        : which === 'next' || which === 'the following'
          ? 'next'
          : 'this';
      facts.weekdays.push({ day: weekdayNumber(m[2]!), mod });
      return true;
    },
  );
}

/** Combines weekdays with any week or month span that was said next to them. */
function settleWeekdays(today: DateTime, facts: DayFacts): void {
  const days = [...new Set(facts.weekdays.map((w) => w.day))];
  if (days.some((d) => d >= 6)) facts.weekend = true;
  if (days.length === 0 || facts.date) return;
  const range = facts.range;
  if (range?.monday) {
    const date = range.monday.plus({ days: days[0]! - 1 });
    if (days.length === 1 && date >= today) facts.date = date;
    // A weekend day in the list stretches the week to Sunday.
    else if (days.some((d) => d >= 6)) facts.range = { from: range.from, to: range.monday.plus({ days: 6 }) };
    return;
  }
  if (range) return; // "a Tuesday in December": the range stays, the weekdays restrict it
  if (days.length === 1) {
    facts.date = resolveWeekday(today, days[0]!, facts.weekdays[0]!.mod);
    return;
  }
  // Several weekdays: the next week's worth of days (today's weekday counts as next week's).
  const allNext = facts.weekdays.every((w) => w.mod === 'next');
  facts.range = allNext
    ? {
        from: today.startOf('week').plus({ weeks: 1 }),
        to: today.startOf('week').plus({ weeks: 1, days: 6 }),
      }
    : { from: today.plus({ days: 1 }), to: today.plus({ days: 7 }) };
  const dates = days.map((d) => facts.range!.from.plus({ days: (d - facts.range!.from.weekday + 7) % 7 }));
  facts.range = { from: DateTime.min(...dates)!, to: DateTime.max(...dates)! };
}

// ---------------------------------------------------------------------------------------------
// Part of day
// ---------------------------------------------------------------------------------------------

interface ClockFacts {
  partOfDay?: PartOfDay;
  time?: number;
  approximate?: boolean;
  after?: number;
  before?: number;
}

function readPartOfDay(text: string, clock: ClockFacts): string {
  let t = consume(
    text,
    /\b(?:(?:in|during|on|by|for)\s+the\s+)?(?:(early|late|mid)[\s-]+)?(morning|afternoon|evening|night)s?\b/g,
    PART_MARK,
    (m) => {
      // "no mornings", "not in the afternoon": a part of day ruled out is not a request for it.
      const start = m.index ?? 0;
      if (/\b(?:no|not|never|except|but\s+not)\s+$/.test(text.slice(Math.max(0, start - 12), start)))
        return true;
      const part: PartOfDay = m[2] === 'night' ? 'evening' : (m[2] as PartOfDay);
      clock.partOfDay ??= part;
      if (m[1] === 'late' && part === 'afternoon') clock.after ??= 15 * 60;
      if (m[1] === 'early' && part === 'afternoon') clock.before ??= 15 * 60;
      if (m[1] === 'late' && part === 'morning') clock.after ??= 10 * 60;
      return true;
    },
  );
  t = consume(t, /\bafter\s+(?:work|hours)\b/g, PART_MARK, () => {
    clock.partOfDay ??= 'evening';
    return true;
  });
  // "Friday pm", "tomorrow am": a bare am/pm right after a day.
  return consume(t, /(?<=‹d›\s*)(am|pm)\b/g, PART_MARK, (m) => {
    clock.partOfDay ??= m[1] === 'am' ? 'morning' : 'afternoon';
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Clock times
// ---------------------------------------------------------------------------------------------

interface ClockLiteral {
  hour: number;
  minute: number;
  meridiem?: 'am' | 'pm';
  /** Written like "09:30": a 24-hour clock, so no afternoon guess. */
  padded: boolean;
  /** Minutes, am/pm, "ish" or "o'clock" make it a time on its own. */
  explicit: boolean;
  ish: boolean;
  start: number;
  end: number;
  before: string;
  after: string;
}

const LITERAL_RE =
  /(?<![\w:/‹])(?<!\d[.,])(\d{1,2})(?::([0-5]\d))?(?:\s*(am|pm)\b|([ap])\b)?(\s*-?\s*ish\b)?(\s*oclock\b)?(?![\d:/]|[.,]\d)/g;

const CUE_BEFORE =
  /(?:\b(?:at|around|about|by|after|before|from|between|until|till|til|approximately|approx|roughly|circa|than|past|since|starting)|‹[dpz]›)\s*$/;
const GOOD = '(?:good|fine|great|perfect|better|best|ideal|ok|okay)';
const STRONG_AFTER = new RegExp(
  `^\\s*(?:works?\\b|(?:would|should|could|will|might)\\s+(?:work|be\\s+${GOOD})|is\\s+${GOOD}|or\\s+(?:later|after|earlier|before)\\b|sounds|ok\\b|okay|sharp|on\\s+‹d›|‹[dpz]›)`,
);
const ALLOWED_AFTER =
  /^\s*(?:$|[,.!?;:)\-–]|(?:or|and|to|til|till|until|through|thru|then|please|pls|if|for|instead|maybe|latest|earliest|at|with|tho|though|works?|would|should|could|is|sounds|ok|okay|good|great|fine|perfect|sharp|on|in|my|your|ish|oclock|any|but|so|too|also|ideally|preferably|tops)\b|‹[dpz]›)/;

function findLiterals(text: string): ClockLiteral[] {
  const literals: ClockLiteral[] = [];
  for (const m of text.matchAll(LITERAL_RE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const meridiemRaw = m[3] ?? m[4];
    const meridiem = meridiemRaw ? (meridiemRaw.startsWith('a') ? 'am' : 'pm') : undefined;
    const hour = Number(m[1]);
    const minute = Number(m[2] ?? 0);
    if (meridiem ? hour < 1 || hour > 12 : hour > 23) continue;
    literals.push({
      hour,
      minute,
      meridiem,
      padded: m[1]!.length === 2 && m[1]!.startsWith('0') && m[2] !== undefined,
      explicit: Boolean(m[2] ?? meridiem ?? m[5] ?? m[6]),
      ish: Boolean(m[5]),
      start,
      end,
      before: text.slice(Math.max(0, start - 40), start),
      after: text.slice(end, end + 40),
    });
  }
  return literals;
}

/** Is this number a clock time? Only when something around it says so. */
function isClockTime(lit: ClockLiteral): boolean {
  if (lit.explicit) return true;
  if (!ALLOWED_AFTER.test(lit.after)) return false; // "at 3 locations", "Friday 3 people"
  return CUE_BEFORE.test(lit.before) || STRONG_AFTER.test(lit.after);
}

/** Minutes after midnight with the business reading of a bare hour: 1–7 afternoon, 8–11 morning. */
function toMinutes(lit: ClockLiteral, part: PartOfDay | undefined, meridiem = lit.meridiem): number {
  let h = lit.hour;
  if (meridiem) h = (h % 12) + (meridiem === 'pm' ? 12 : 0);
  else if (h >= 13 || h === 0 || lit.padded) h = lit.hour;
  else if (part === 'afternoon' || part === 'evening') h = h < 12 ? h + 12 : h;
  else if (part !== 'morning') h = h <= 7 ? h + 12 : h;
  return h * 60 + lit.minute;
}

/** "1-3pm" → both pm; "11-1pm" → 11am; "between 10 and 2" → 10am to 2pm. */
function rangeMinutes(a: ClockLiteral, b: ClockLiteral, part?: PartOfDay): [number, number] {
  const flip = (m: 'am' | 'pm'): 'am' | 'pm' => (m === 'am' ? 'pm' : 'am');
  let aMer = a.meridiem;
  let bMer = b.meridiem;
  if (!aMer && bMer && !a.padded && a.hour <= 12) aMer = a.hour % 12 <= b.hour % 12 ? bMer : flip(bMer);
  if (aMer && !bMer && !b.padded && b.hour <= 12) bMer = b.hour % 12 >= a.hour % 12 ? aMer : flip(aMer);
  const from = toMinutes(a, part, aMer);
  let to = toMinutes(b, part, bMer);
  if (to <= from && to + 720 < 24 * 60) to += 720;
  return [from, to];
}

const RANGE_JOIN = /^\s*(?:-|–|to|and|till|til|until|through|thru)\s*$/;
/** Bound words, most specific first: "no later than" is a before, though it contains "later than". */
const BOUND_BEFORE_LITERAL: Array<[RegExp, 'after' | 'before']> = [
  [/\b(?:no\s+later\s+than|not\s+after)\s*$/, 'before'],
  [/\b(?:no\s+earlier\s+than|not\s+before)\s*$/, 'after'],
  [/\b(?:after|past|since|later\s+than|starting(?:\s+(?:at|from))?|from)\s*$/, 'after'],
  [/\b(?:before|by|until|till|til|earlier\s+than|up\s+(?:to|until)|prior\s+to)\s*$/, 'before'],
];
const BOUND_AFTER_LITERAL: Array<[RegExp, 'after' | 'before']> = [
  [/^\s*(?:or\s+(?:later|after)|at\s+the\s+earliest|onwards?)\b/, 'after'],
  [/^\s*(?:or\s+(?:earlier|before|sooner)|at\s+the\s+latest)\b/, 'before'],
];

function boundOf(lit: ClockLiteral): 'after' | 'before' | undefined {
  return (
    BOUND_BEFORE_LITERAL.find(([pattern]) => pattern.test(lit.before))?.[1] ??
    BOUND_AFTER_LITERAL.find(([pattern]) => pattern.test(lit.after))?.[1]
  );
}
// "how about 3" is a suggestion, not an approximation.
const APPROX_BEFORE =
  /(?:\baround|(?<!\b(?:how|what)\s+)\babout|\bapproximately|\bapprox|\broughly|\bcirca|\bsay|\blike|\bish)\s*(?:at\s*)?$/;

function readClock(text: string, clock: ClockFacts): void {
  const literals = findLiterals(text);
  const part = clock.partOfDay;
  const skip = new Set<ClockLiteral>();
  for (let i = 0; i + 1 < literals.length; i++) {
    const a = literals[i]!;
    const b = literals[i + 1]!;
    const join = text.slice(a.end, b.start);
    const framed = /\b(?:between|from)\s*$/.test(a.before);
    // "and" only joins a range after "between"; "2 and 4" alone are two options.
    if (/^\s*or\s*$/.test(join) && b.meridiem && !a.meridiem && !isClockTime(a)) {
      a.meridiem = rangeMinutes(a, b, part)[0] >= 720 ? 'pm' : 'am'; // "3 or 4 pm": both afternoon
      a.explicit = true;
      continue;
    }
    if (!RANGE_JOIN.test(join) || (/and/.test(join) && !framed)) continue;
    if (!isRangeEnd(b)) {
      skip.add(a); // "between 2 and 3 people"
      continue;
    }
    if (framed || a.explicit || b.explicit || isClockTime(a) || isClockTime(b)) {
      [clock.after, clock.before] = rangeMinutes(a, b, part);
      return;
    }
  }
  for (const lit of literals) {
    if (skip.has(lit) || !isClockTime(lit)) continue;
    const minutes = toMinutes(lit, part);
    const bound = boundOf(lit);
    if (bound) {
      clock[bound] ??= minutes;
    } else if (clock.time === undefined) {
      clock.time = minutes;
      if (lit.ish || APPROX_BEFORE.test(lit.before) || /^\s*(?:or\s+so|give\s+or\s+take)\b/.test(lit.after)) {
        clock.approximate = true;
      }
    }
  }
}

/** The second number of "1-3" must itself look like a time end, not "2-3 people". */
function isRangeEnd(b: ClockLiteral): boolean {
  return b.explicit || ALLOWED_AFTER.test(b.after);
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/**
 * The meeting time the user means, or undefined when the text holds no date, time or zone.
 * Everything returned is in `zone`: the zone they named, else their own.
 */
export function parseTimeRequest(text: string, now: Date, userZone: string): TimeRequest | undefined {
  const normalized = normalizeTimeText(text);
  const { zone, named, rest } = extractZone(normalized, userZone);
  const today = DateTime.fromJSDate(now).setZone(zone).startOf('day');

  const facts: DayFacts = { weekdays: [] };
  let t = readCalendarDates(rest, today, facts);
  t = readRelativeDays(t, today, facts);
  t = readSpans(t, today, facts);
  t = readWeekdays(t, facts);
  settleWeekdays(today, facts);

  const clock: ClockFacts = {};
  t = readPartOfDay(t, clock);
  readClock(t, clock);

  const request = buildRequest(zone, named, facts, clock);
  const hasContent = Object.keys(request).length > 2;
  return hasContent || named ? request : undefined;
}

function buildRequest(zone: string, zoneNamed: boolean, facts: DayFacts, clock: ClockFacts): TimeRequest {
  const request: TimeRequest = { zone, zoneNamed };
  if (facts.date) request.date = facts.date.toISODate()!;
  else if (facts.range) {
    request.range = { from: facts.range.from.toISODate()!, to: facts.range.to.toISODate()! };
    const days = [...new Set(facts.weekdays.map((w) => w.day))].sort((a, b) => a - b);
    if (days.length > 0) request.weekdays = days;
  }
  const partOfDay = clock.partOfDay ?? facts.partOfDay;
  if (partOfDay && clock.time === undefined) request.partOfDay = partOfDay;
  if (clock.time !== undefined) request.time = clock.time;
  if (clock.approximate) request.approximate = true;
  if (clock.after !== undefined) request.after = clock.after;
  if (clock.before !== undefined) request.before = clock.before;
  if (facts.weekend || (facts.date && facts.date.weekday >= 6)) request.weekend = true;
  return request;
}
