import { DateTime } from 'luxon';
import { HOUR_WORDS, normalizeTimeText, parseTimeRequest, type TimeRequest } from './datetime.js';

/**
 * Which of the slots Sarah just offered the user's reply points at. Replies name slots by position
 * ("the second one"), by what they are ("the 2pm one", "Thursday works") or turn them all down.
 * A reply that names a time none of the slots has is not a pick; the caller reads it as a new request.
 */

export type SlotReference = { kind: 'pick'; index: number } | { kind: 'none' };

export interface OfferedSlot {
  startUtc: string;
}

// ---------------------------------------------------------------------------------------------
// Turning them all down
// ---------------------------------------------------------------------------------------------

const NEGATED_VERB = String.raw`(?:(?:do|does|will|would)\s*(?:n'?t|not)|dont|doesnt|wont|can'?t|cannot)`;
const REJECT_ALL: RegExp[] = [
  /\bnone\b/,
  /\bneither\b/,
  new RegExp(
    String.raw`\b(?:those|these|they|them|that|it|all|any|the times|those times|these times|those slots|those options)\s+(?:(?:times?|slots?|options?)\s+)?${NEGATED_VERB}\s+(?:really\s+|quite\s+)?(?:work|suit|fit|do)\b`,
  ),
  /\b(?:can'?t|cannot|can not|unable to|won'?t be able to)\s+(?:do|make|manage|attend|join)\s+(?:any|either|those|these|them|all)\b/,
  /\b(?:something|anything|some ?thing|any ?thing)\s+else\b/,
  /\b(?:(?:any|some)\s+other|other|another|different|more|alternative|else)\s+(?:times?|days?|dates?|slots?|options?|openings?|availability|windows?)\b/,
  /\bnot\s+(?:those|these|any\s+of\s+(?:those|these|them))\b/,
  /\b(?:no\s+good|nothing\s+(?:works|fits|suits))\b/,
  /\bbusy\s+(?:at\s+)?(?:all|for all|then|at those)\b/,
  /^(?:no|nope|nah|no thanks|no thank you|not really)[.!]*$/,
];

function rejectsAll(lower: string): boolean {
  return REJECT_ALL.some((pattern) => pattern.test(lower));
}

// ---------------------------------------------------------------------------------------------
// Position words
// ---------------------------------------------------------------------------------------------

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4 };
const POSITION_WORDS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
};
/** Follow-ups that make "first"/"second" something other than a list position. */
const NOT_A_POSITION_AFTER = String.raw`(?!\s+(?:thing|half|week|part|quarter|time|day|date|session|call|of(?!\s+(?:those|these|them|the\s+(?:options|slots|times))))\b)`;

type Position = number | 'earliest' | 'latest' | 'middle' | 'last';

/** The position the reply names, before looking at the slots. */
function readPosition(lower: string): Position | undefined {
  const numbered = /\b(?:option|number|choice|slot|no\.?|#)\s*(\d|one|two|three|four)\b/.exec(lower);
  if (numbered) return NUMBER_WORDS[numbered[1]!] ?? Number(numbered[1]);
  // "the 3rd" alone may be a date; the digit forms only count as positions with "one"/"option".
  const word = new RegExp(
    String.raw`(?<!\bon\s+the\s+)(?<!\b(?:a|one|just a)\s+)\b(first|second|third|fourth)\b${NOT_A_POSITION_AFTER}|\b(1st|2nd|3rd|4th)\s+(?:one|option|slot|choice|time)\b`,
  ).exec(lower);
  if (word) return POSITION_WORDS[word[1] ?? word[2]!];
  if (
    /\b(?:the\s+)?(?:earliest|earlier\s+one|the\s+earlier|sooner\s+one|the\s+sooner)\b/.test(lower) &&
    !/\bat\s+the\s+earliest\b/.test(lower)
  )
    return 'earliest';
  if (/\b(?:latest|later\s+one|the\s+later)\b/.test(lower) && !/\bat\s+the\s+latest\b/.test(lower))
    return 'latest';
  if (/\b(?:middle|mid)(?:\s+(?:one|option|slot))?\b(?!\s+of)/.test(lower)) return 'middle';
  if (/\b(?:last|final)\b(?!\s+(?:week|time|month|year|night|minute))/.test(lower)) return 'last';
  return undefined;
}

/** "not the first one", "the first one doesn't work": a position that is being turned down. */
function isNegatedPick(lower: string): boolean {
  return (
    /\bnot\s+(?:the\s+)?(?:first|second|third|fourth|last|earlier|later|middle)\b/.test(lower) ||
    new RegExp(String.raw`\b(?:first|second|third|fourth|last|one)\s+${NEGATED_VERB}\b`).test(lower)
  );
}

function positionIndex(position: Position, slots: readonly OfferedSlot[]): number | undefined {
  const byTime = slots.map((s, i) => ({ i, at: Date.parse(s.startUtc) })).sort((a, b) => a.at - b.at);
  switch (position) {
    case 'earliest':
      return byTime[0]?.i;
    case 'latest':
      return byTime[byTime.length - 1]?.i;
    case 'last':
      return slots.length - 1;
    case 'middle':
      return slots.length % 2 === 1 ? (slots.length - 1) / 2 : undefined;
    default:
      return position >= 1 && position <= slots.length ? position - 1 : undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Describing a slot: day, time, part of day
// ---------------------------------------------------------------------------------------------

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTH_WORD =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\b/;

/** Weekdays said plainly ("the Tuesday one"), not "next Tuesday": they match an offered slot's weekday. */
function plainWeekdays(lower: string): number[] {
  const days: number[] = [];
  for (const m of lower.matchAll(
    new RegExp(`\\b(?:(this|next|coming|following)\\s+)?(${WEEKDAYS.join('|')})\\b`, 'g'),
  )) {
    if (m[1]) return [];
    days.push(WEEKDAYS.indexOf(m[2]!) + 1);
  }
  return days;
}

/** True when the reply names a specific calendar day, so a plain weekday is not the only day cue. */
function namesCalendarDay(lower: string): boolean {
  return (
    /\b(?:today|tomorrow|tonight|\d{1,2}(?:st|nd|rd|th)|\d{1,2}\/\d{1,2})\b/.test(lower) ||
    MONTH_WORD.test(lower)
  );
}

interface Wanted {
  request: TimeRequest;
  /** Plain weekdays: matched against the slot's weekday instead of the parsed date. */
  weekdays: number[];
  /** "the 3rd" without a month: matched against the slot's day of month, whatever the month. */
  dayOfMonth?: number;
}

/** The day of month named without a month ("on the 15th"), which offered slots may be months away from. */
function dayOfMonthOnly(lower: string): number | undefined {
  if (MONTH_WORD.test(lower)) return undefined;
  const m = /\b(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:one|option|slot|choice)\b)/.exec(lower);
  return m ? Number(m[1]) : undefined;
}

/**
 * Whether the reply says something a slot can be checked against. A span of days alone ("how about
 * next week?") is a new request, unless the reply points at "the one" in it.
 */
function hasConstraint({ request: r, weekdays }: Wanted, lower: string): boolean {
  return (
    weekdays.length > 0 ||
    r.date !== undefined ||
    (r.range !== undefined && /\bone\b/.test(lower)) ||
    r.time !== undefined ||
    r.partOfDay !== undefined ||
    r.after !== undefined ||
    r.before !== undefined
  );
}

const PART_BOUNDS = { morning: [0, 720], afternoon: [720, 1020], evening: [1020, 1440] } as const;

function slotMatches(slot: OfferedSlot, wanted: Wanted, timeShift: number): boolean {
  const r = wanted.request;
  const local = DateTime.fromISO(slot.startUtc, { zone: 'utc' }).setZone(r.zone);
  const day = local.toISODate()!;
  const minute = local.hour * 60 + local.minute;
  if (wanted.weekdays.length > 0 && !wanted.weekdays.includes(local.weekday)) return false;
  if (wanted.dayOfMonth !== undefined && local.day !== wanted.dayOfMonth) return false;
  if (wanted.weekdays.length === 0 && wanted.dayOfMonth === undefined) {
    if (r.date && day !== r.date) return false;
    if (r.range && (day < r.range.from || day > r.range.to)) return false;
    if (r.range && r.weekdays && !r.weekdays.includes(local.weekday)) return false;
  }
  if (r.partOfDay) {
    const [from, to] = PART_BOUNDS[r.partOfDay];
    if (minute < from || minute >= to) return false;
  }
  if (r.time !== undefined) {
    const target = r.time + timeShift;
    if (r.approximate ? Math.abs(minute - target) > 30 : minute !== target) return false;
  }
  if (r.after !== undefined && minute < r.after) return false;
  if (r.before !== undefined && minute >= r.before) return false;
  return true;
}

/** Offered slots that fit what was said. A bare hour may be read either side of noon if only that fits. */
function matchingSlots(slots: readonly OfferedSlot[], wanted: Wanted, lower: string): number[] {
  const find = (shift: number) => slots.flatMap((slot, i) => (slotMatches(slot, wanted, shift) ? [i] : []));
  const found = find(0);
  const time = wanted.request.time;
  const clockWasExplicit = /\d\s*(?:am|pm|[ap]\b)|\b(?:0\d|1[3-9]|2[0-3]):\d{2}\b/.test(lower);
  if (found.length > 0 || time === undefined || clockWasExplicit) return found;
  return find(time >= 720 ? -720 : 720);
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

const BARE_NUMBER =
  /^(?:(?:let'?s\s+(?:do|go\s+with)|i'?ll\s+take|maybe|ok(?:ay)?|yes|yeah|um+)\s*,?\s*)?(?:the\s+)?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+one)?(?:\s*,?\s*please)?[.!?]*$/;
const AFFIRM =
  /^(?:yes|yeah|yep|yup|sure|ok|okay|perfect|great|sounds good|that works|that works for me|works for me|book it|let'?s do (?:it|that)|that one)\b/;

/**
 * "2" alone: the 2 PM slot if there is one (bare hours 1–7 are afternoon), else the second option.
 */
function bareNumberPick(n: number, slots: readonly OfferedSlot[], zone: string): SlotReference | undefined {
  const hour = n === 12 ? 12 : n <= 7 ? n + 12 : n;
  const atHour = slots.findIndex((s) => {
    const local = DateTime.fromISO(s.startUtc, { zone: 'utc' }).setZone(zone);
    return local.hour === hour && local.minute === 0;
  });
  if (atHour >= 0) return { kind: 'pick', index: atHour };
  return n >= 1 && n <= slots.length ? { kind: 'pick', index: n - 1 } : undefined;
}

/** A plain "the 3rd": a date if a slot is on it, otherwise possibly the third option. */
function plainOrdinalDay(lower: string): number | undefined {
  const m = /(?<!\bon\s+(?:the\s+)?)\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of|at)\b)/.exec(lower);
  return m ? Number(m[1]) : undefined;
}

export function resolveSlotReference(
  text: string,
  slots: readonly OfferedSlot[],
  zone: string,
  now: Date,
): SlotReference | undefined {
  if (slots.length === 0) return undefined;
  const lower = normalizeTimeText(text);
  if (!lower) return undefined;
  if (rejectsAll(lower)) return { kind: 'none' };
  if (isNegatedPick(lower)) return undefined;

  const bare = BARE_NUMBER.exec(lower);
  if (bare) return bareNumberPick(HOUR_WORDS[bare[1]!] ?? Number(bare[1]), slots, zone);

  const position = readPosition(lower);
  const positionPick = position === undefined ? undefined : positionIndex(position, slots);
  const request = parseTimeRequest(text, now, zone);
  const weekdays = namesCalendarDay(lower) ? [] : plainWeekdays(lower);
  const wanted: Wanted | undefined = request
    ? { request, weekdays, dayOfMonth: dayOfMonthOnly(lower) }
    : undefined;

  if (wanted && hasConstraint(wanted, lower)) {
    const found = matchingSlots(slots, wanted, lower);
    if (positionPick !== undefined) {
      // "the second one, at 2" must agree; "the later Tuesday one" picks among the Tuesdays.
      if (found.includes(positionPick)) return { kind: 'pick', index: positionPick };
      if (found.length > 1 && position !== undefined) {
        const inner = positionIndex(
          position,
          found.map((i) => slots[i]!),
        );
        if (inner !== undefined) return { kind: 'pick', index: found[inner]! };
      }
      return undefined;
    }
    if (found.length === 1) return { kind: 'pick', index: found[0]! };
    const day = plainOrdinalDay(lower);
    const onlyTheDay = request!.time === undefined && !request!.partOfDay && request!.after === undefined;
    if (found.length === 0 && day !== undefined && onlyTheDay && day <= slots.length) {
      return { kind: 'pick', index: day - 1 };
    }
    return undefined;
  }
  if (position !== undefined)
    return positionPick === undefined ? undefined : { kind: 'pick', index: positionPick };
  if (slots.length === 1 && AFFIRM.test(lower)) return { kind: 'pick', index: 0 };
  return undefined;
}
