import { parseTimeRequest, type TimeRequest } from './datetime.js';
import { parseNumber } from './amounts.js';

const TIME_CORRECTION =
  /\b(actually|i mean|rather|make (?:it|that)|no,? wait|sorry,? no|no no|scratch that)\b/gi;

/**
 * "Thursday next week at 10, actually no, make it 11": the time said after the correction wins,
 * on the day said before it.
 */
export function parseTimeWithCorrection(raw: string, now: Date, zone: string): TimeRequest | undefined {
  // A correction said without a pause ("at three no wait make that four") is its own clause.
  const text = raw.replace(TIME_CORRECTION, (mark: string, _word: string, offset: number) =>
    offset > 0 ? `, ${mark}` : mark,
  );
  const whole = parseTimeRequest(text, now, zone);
  const mark = [...text.matchAll(TIME_CORRECTION)].pop();
  if (!whole || mark?.index === undefined || mark.index === 0) return whole;
  const before = parseTimeRequest(text.slice(0, mark.index), now, zone);
  if (before?.time === undefined) return whole;
  const tail = text.slice(mark.index);
  const after = parseTimeRequest(tail, now, zone);
  const time = after?.time ?? bareHour(withHourDigits(tail));
  if (time === undefined) return whole;
  return {
    ...before,
    date: after?.date ?? before.date,
    range: after?.date ? undefined : (after?.range ?? before.range),
    time,
    approximate: after?.approximate,
  };
}

const HOUR_WORDS = 'one two three four five six seven eight nine ten eleven twelve'.split(' ');

/** "make that four": hour words as digits, so a bare hour after a correction can be read. */
function withHourDigits(text: string): string {
  return text.replace(/\b[a-z]+\b/gi, (word) => {
    const index = HOUR_WORDS.indexOf(word.toLowerCase());
    return index < 0 ? word : String(index + 1);
  });
}

/** A bare clock number with business sense: 1–7 is the afternoon, 8–11 the morning, 12 noon. */
export function bareHour(text: string): number | undefined {
  const match =
    /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?!\s*(?:people|of us|docs|documents|reps|users|seats|%|percent))\b/i.exec(
      text,
    );
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (hour < 1 || hour > 12 || minute > 59) return undefined;
  const suffix = match[3]?.toLowerCase().replace(/\./g, '');
  if (suffix === 'pm' && hour < 12) hour += 12;
  else if (suffix === 'am' && hour === 12) hour = 0;
  else if (!suffix && hour <= 7) hour += 12;
  return hour * 60 + minute;
}

const AMOUNT =
  '(an?|half an?|a couple of|\\d+(?:\\.\\d+)?|(?:one|two|three|four|five|six|ten|fifteen|twenty|thirty|forty|forty[- ]five|fifty|ninety)(?: and a half)?)';
const SHIFT = new RegExp(
  `\\b${AMOUNT}\\s*(hours?|hrs?|h|minutes?|mins?|m)\\s+(later|earlier|after|before|sooner|back|forward|ahead)\\b`,
);
const SHIFT_VERB = new RegExp(
  `\\b(push(?:ed)?|move[ds]?|bump(?:ed)?|shift(?:ed)?|bring|pull)\\b(?:\\s+(?:it|that|the (?:call|meeting|demo)))?\\s+(back|forward|up|later|earlier)?\\s*(?:by\\s+)?${AMOUNT}\\s*(hours?|hrs?|minutes?|mins?)\\b`,
);

/**
 * A move relative to the time already agreed, in minutes: "an hour later" +60, "30 min earlier"
 * -30, "push it back two hours" +120, "bring it forward half an hour" -30. Undefined when the
 * words name no shift.
 */
export function relativeShift(lower: string): number | undefined {
  const plain = SHIFT.exec(lower);
  const verb = plain ? undefined : SHIFT_VERB.exec(lower);
  if (!plain && !verb) return undefined;
  const amountWords = (plain ? plain[1] : verb![3])!;
  const unit = (plain ? plain[2] : verb![4])!;
  const direction = plain
    ? plain[3]!
    : (verb![2] ?? (/\b(pull|bring)\b/.test(verb![1]!) ? 'earlier' : 'later'));
  const amount = shiftAmount(amountWords);
  if (amount === undefined) return undefined;
  const minutes = Math.round(amount * (unit.startsWith('h') ? 60 : 1));
  if (minutes <= 0 || minutes > 12 * 60) return undefined;
  return /^(earlier|before|sooner|forward|up)$/.test(direction) ? -minutes : minutes;
}

function shiftAmount(words: string): number | undefined {
  if (/^an?$/.test(words)) return 1;
  if (/^half an?$/.test(words)) return 0.5;
  if (words === 'a couple of') return 2;
  const half = words.endsWith(' and a half') ? 0.5 : 0;
  const whole = parseNumber(words.replace(/ and a half$/, ''));
  return whole === undefined ? undefined : whole + half;
}
