import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { SlotPreference } from '../../services/calendar/types.js';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * What day and time the user prefers, in their own zone. chrono-node finds dates and clock
 * times in free text; luxon does the zone arithmetic (chrono's own Date output ignores DST).
 */
export function parseTimePreference(
  text: string,
  now: Date,
  userTimeZone: string,
): SlotPreference | undefined {
  const lower = text.toLowerCase();
  const localNow = DateTime.fromJSDate(now).setZone(userTimeZone);
  const preference: SlotPreference = {};

  const weekdayIndex = WEEKDAYS.findIndex((d) => new RegExp(`\\b${d}s?\\b`).test(lower));
  if (weekdayIndex >= 0) preference.weekday = weekdayIndex + 1;
  if (/\btomorrow\b/.test(lower)) preference.date = localNow.plus({ days: 1 }).toISODate()!;
  else if (/\btoday\b/.test(lower)) preference.date = localNow.toISODate()!;

  if (/\bmorning\b/.test(lower)) preference.partOfDay = 'morning';
  else if (/\bafternoon\b/.test(lower)) preference.partOfDay = 'afternoon';
  else if (/\b(evening|after work)\b/.test(lower)) preference.partOfDay = 'evening';

  // Reference "now" as wall-clock components in the user's zone, so "3pm" means 3 PM there.
  const reference = new Date(localNow.year, localNow.month - 1, localNow.day, localNow.hour, localNow.minute);
  for (const result of chrono.parse(text, reference, { forwardDate: true })) {
    const start = result.start;
    if (start.isCertain('hour')) {
      const hour = start.get('hour') ?? 0;
      preference.timeOfDay = hour * 60 + (start.get('minute') ?? 0);
      delete preference.partOfDay;
    }
    if (
      start.isCertain('day') &&
      start.isCertain('month') &&
      preference.weekday === undefined &&
      !preference.date
    ) {
      preference.date = DateTime.fromObject(
        { year: start.get('year') ?? localNow.year, month: start.get('month')!, day: start.get('day')! },
        { zone: userTimeZone },
      ).toISODate()!;
    }
  }
  return Object.keys(preference).length > 0 ? preference : undefined;
}

const ORDINALS: Array<[RegExp, number]> = [
  [/\b(first|1st|earliest|option (one|1)|number (one|1)|the one)\b/, 0],
  [/\b(second|2nd|middle|option (two|2)|number (two|2))\b/, 1],
  [/\b(third|3rd|option (three|3)|number (three|3))\b/, 2],
  [/\b(last|latest|final)\b/, -1],
];

/** "the second one" → 1; "the last" → -1; undefined when no ordinal was said. */
export function parseOrdinalChoice(text: string): number | undefined {
  const lower = text.toLowerCase();
  return ORDINALS.find(([pattern]) => pattern.test(lower))?.[1];
}
