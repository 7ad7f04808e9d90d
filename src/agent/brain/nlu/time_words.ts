import { parseTimeRequest, type TimeRequest } from './datetime.js';

const TIME_CORRECTION =
  /\b(actually|i mean|rather|make (?:it|that)|no,? wait|sorry,? no|no no|scratch that)\b/gi;

/**
 * "Thursday next week at 10, actually no, make it 11": the time said after the correction wins,
 * on the day said before it.
 */
export function parseTimeWithCorrection(text: string, now: Date, zone: string): TimeRequest | undefined {
  const whole = parseTimeRequest(text, now, zone);
  const mark = [...text.matchAll(TIME_CORRECTION)].pop();
  if (!whole || mark?.index === undefined || mark.index === 0) return whole;
  const before = parseTimeRequest(text.slice(0, mark.index), now, zone);
  if (before?.time === undefined) return whole;
  const tail = text.slice(mark.index);
  const after = parseTimeRequest(tail, now, zone);
  const time = after?.time ?? bareHour(tail);
  if (time === undefined) return whole;
  return {
    ...before,
    date: after?.date ?? before.date,
    range: after?.date ? undefined : (after?.range ?? before.range),
    time,
    approximate: after?.approximate,
  };
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
