import type { DateTime } from 'luxon';

/**
 * Days the sales team is off, by the country a rep works in (read from the rep's zone). A small
 * rule table of our own: the holiday libraries on npm carry every region on earth and cost more
 * start-up time than the few dates a sales calendar needs. US reps also take the day after
 * Thanksgiving, as most US sales teams do.
 */
type Country = 'US' | 'GB' | 'OTHER';

function countryOf(zone: string): Country {
  if (zone.startsWith('America/') || zone.startsWith('US/')) return 'US';
  if (zone === 'Europe/London' || zone === 'Europe/Belfast') return 'GB';
  return 'OTHER';
}

/** The n-th given weekday of a month (n = -1 for the last one), as day of month. */
function nthWeekday(year: number, month: number, weekday: number, n: number, day: DateTime): number {
  const first = day.set({ year, month, day: 1 });
  if (n > 0) return 1 + ((weekday - first.weekday + 7) % 7) + (n - 1) * 7;
  const last = first.endOf('month');
  return last.day - ((last.weekday - weekday + 7) % 7);
}

function usHoliday(day: DateTime): boolean {
  const { month, day: d, year } = day;
  const thanksgiving = nthWeekday(year, 11, 4, 4, day);
  return (
    (month === 1 && d === 1) ||
    (month === 1 && d === nthWeekday(year, 1, 1, 3, day)) ||
    (month === 5 && d === nthWeekday(year, 5, 1, -1, day)) ||
    (month === 7 && d === 4) ||
    (month === 9 && d === nthWeekday(year, 9, 1, 1, day)) ||
    (month === 11 && (d === thanksgiving || d === thanksgiving + 1)) ||
    (month === 12 && (d === 24 || d === 25))
  );
}

function ukHoliday(day: DateTime): boolean {
  const { month, day: d, year } = day;
  return (
    (month === 1 && d === 1) ||
    (month === 5 && (d === nthWeekday(year, 5, 1, 1, day) || d === nthWeekday(year, 5, 1, -1, day))) ||
    (month === 8 && d === nthWeekday(year, 8, 1, -1, day)) ||
    (month === 12 && (d === 25 || d === 26))
  );
}

/** Whether a rep working in `zone` is off on this (rep-local) day. */
export function isRepHoliday(zone: string, day: DateTime): boolean {
  const country = countryOf(zone);
  if (country === 'US') return usHoliday(day);
  if (country === 'GB') return ukHoliday(day);
  return false;
}
