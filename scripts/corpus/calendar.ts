import { DateTime } from 'luxon';
import { NOW_ISO, re, type Rng } from './common.js';

/**
 * The calendar model the corpus expects, written independently of Sarah's code:
 * three reps on weekdays, 30-minute meetings on each rep's half hours, earliest start two hours
 * after now, at most 14 days ahead, US reps off on US holidays, and the requested time between
 * 08:00 and 18:00 in the zone the user's words are in.
 */
const REPS = [
  { zone: 'America/New_York', start: 9 * 60, end: 17 * 60, us: true },
  { zone: 'Europe/London', start: 9 * 60, end: 17 * 60 + 30, us: false },
  { zone: 'America/Los_Angeles', start: 8 * 60, end: 16 * 60, us: true },
];
const US_HOLIDAYS = new Set(['2026-11-26', '2026-11-27']);
const MEETING = 30;

export const NOW = DateTime.fromISO(NOW_ISO, { zone: 'utc' });

function minuteOfDay(t: DateTime): number {
  return t.hour * 60 + t.minute;
}

export function repFree(instant: DateTime): boolean {
  return REPS.some((rep) => {
    const local = instant.setZone(rep.zone);
    if (local.weekday > 5) return false;
    if (rep.us && US_HOLIDAYS.has(local.toISODate()!)) return false;
    const m = minuteOfDay(local);
    return m % 30 === 0 && m >= rep.start && m + MEETING <= rep.end;
  });
}

export function inUserHours(instant: DateTime, zone: string): boolean {
  const m = minuteOfDay(instant.setZone(zone));
  return m >= 8 * 60 && m + MEETING <= 18 * 60;
}

/**
 * Available with margins, so a correct Sarah that rounds "two hours from now" up or counts the
 * horizon slightly differently still agrees: at least 2.5 h ahead and 2 h inside the 14 days.
 */
export function available(instant: DateTime, wordsZone: string, now = NOW): boolean {
  return (
    instant >= now.plus({ minutes: 150 }) &&
    instant <= now.plus({ days: 14 }).minus({ hours: 2 }) &&
    inUserHours(instant, wordsZone) &&
    repFree(instant)
  );
}

/** Clearly unavailable under every reasonable reading (no margin games). */
export function clearlyUnavailable(instant: DateTime, wordsZone: string, now = NOW): boolean {
  const tooSoon = instant < now.plus({ hours: 2 });
  const tooFar = instant > now.plus({ days: 15 });
  return tooSoon || tooFar || !inUserHours(instant, wordsZone) || !repFree(instant);
}

export function utc(instant: DateTime): string {
  return instant.toUTC().toISO({ suppressMilliseconds: true })!;
}

// ---------------------------------------------------------------------------------------------
// How people say times.

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const ORDINALS: Record<number, string> = {
  1: '1st',
  2: '2nd',
  3: '3rd',
  21: '21st',
  22: '22nd',
  23: '23rd',
  31: '31st',
};
const MONTHS = ['', 'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTHS_LONG = [
  '',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export function ordinal(day: number): string {
  return ORDINALS[day] ?? `${day}th`;
}

/** Named zones a user might say, with the IANA zone they mean. */
export const NAMED_ZONES: Array<{ words: string[]; zone: string }> = [
  { words: ['eastern', 'ET', 'eastern time', 'EST', 'new york time'], zone: 'America/New_York' },
  { words: ['central', 'central time', 'CT', 'CST', 'chicago time'], zone: 'America/Chicago' },
  { words: ['mountain', 'mountain time', 'MT', 'denver time'], zone: 'America/Denver' },
  { words: ['pacific', 'pacific time', 'PT', 'PST', 'la time'], zone: 'America/Los_Angeles' },
  { words: ['london time', 'uk time', 'GMT'], zone: 'Europe/London' },
  { words: ['paris time', 'french time'], zone: 'Europe/Paris' },
  { words: ['berlin time', 'german time'], zone: 'Europe/Berlin' },
  { words: ['india time', 'indian time'], zone: 'Asia/Kolkata' },
  { words: ['sydney time'], zone: 'Australia/Sydney' },
];

export type DayKind =
  | 'coming_weekday'
  | 'same_weekday'
  | 'next_weekday'
  | 'next_week_weekday'
  | 'week_after_next'
  | 'tomorrow'
  | 'today'
  | 'date_ordinal'
  | 'date_month';

export type ClockKind = 'bare' | 'ampm' | 'half' | 'words' | 'noon' | 'zoned';

export interface TimeRequest {
  /** What the user types for the time, e.g. "friday at 3" or "2pm central on tuesday". */
  phrase: string;
  instant: DateTime;
  wordsZone: string;
  dayKind: DayKind;
  clockKind: ClockKind;
  /** Readings that would be wrong, as regexes Sarah must never say. */
  wrong: string[];
}

function dayFor(kind: DayKind, userToday: DateTime, rng: Rng): { date: DateTime; words: string } | null {
  const today = userToday.weekday; // 1..7
  switch (kind) {
    case 'coming_weekday': {
      const w = rng.int(1, 5);
      if (w === today) return null;
      const ahead = (w - today + 7) % 7;
      const name = WEEKDAYS[w - 1]!;
      // "this monday" on a wednesday is ambiguous; only say "this" for days later this week.
      const words =
        w > today ? rng.pick([name, name, `this ${name}`, `on ${name}`]) : rng.pick([name, `on ${name}`]);
      return { date: userToday.plus({ days: ahead }), words };
    }
    case 'same_weekday': {
      if (today > 5) return null;
      return { date: userToday.plus({ days: 7 }), words: WEEKDAYS[today - 1]! };
    }
    case 'next_weekday': {
      const w = rng.int(1, 5);
      const date = userToday.startOf('week').plus({ weeks: 1, days: w - 1 });
      return { date, words: `next ${WEEKDAYS[w - 1]}` };
    }
    case 'next_week_weekday': {
      const w = rng.int(1, 5);
      const date = userToday.startOf('week').plus({ weeks: 1, days: w - 1 });
      const name = WEEKDAYS[w - 1]!;
      return { date, words: rng.pick([`next week ${name}`, `${name} next week`, `next week on ${name}`]) };
    }
    case 'week_after_next': {
      const w = rng.int(1, 3);
      const date = userToday.startOf('week').plus({ weeks: 2, days: w - 1 });
      const name = WEEKDAYS[w - 1]!;
      return { date, words: rng.pick([`${name} the week after next`, `the week after next on ${name}`]) };
    }
    case 'tomorrow':
      return {
        date: userToday.plus({ days: 1 }),
        words: rng.pick(['tomorrow', 'tomorrow', 'tmrw', 'tomorow']),
      };
    case 'today':
      return { date: userToday, words: rng.pick(['today', 'later today', 'this afternoon']) };
    case 'date_ordinal':
    case 'date_month': {
      const date = userToday.plus({ days: rng.int(1, 13) });
      if (date.weekday > 5) return null;
      const d = date.day;
      const words =
        kind === 'date_ordinal'
          ? rng.pick([`the ${ordinal(d)}`, `on the ${ordinal(d)}`])
          : rng.pick([
              `${MONTHS[date.month]} ${d}`,
              `${MONTHS_LONG[date.month]} ${ordinal(d)}`,
              `${MONTHS[date.month]} ${ordinal(d)}`,
            ]);
      return { date, words };
    }
  }
}

interface Clock {
  hour: number; // 0..23 in the words zone
  minute: number;
  words: string;
  zone?: string;
  /** The hour the user said, for the AM/PM flip. */
  said: number;
}

function clockFor(kind: ClockKind, rng: Rng, userTz: string, dayKind: DayKind): Clock | null {
  const pm = rng.chance(0.65);
  const said = pm ? rng.int(1, 5) : rng.int(8, 11);
  const hour = pm ? said + 12 : said;
  switch (kind) {
    case 'bare':
      return {
        hour,
        minute: 0,
        said,
        words: rng.pick([`at ${said}`, `at ${said}`, `${said}`, `at ${said} o'clock`]),
      };
    case 'ampm': {
      const suffix = pm ? rng.pick(['pm', ' pm', 'PM', ' p.m.']) : rng.pick(['am', ' am', 'AM', ' a.m.']);
      return { hour, minute: 0, said, words: rng.pick([`at ${said}${suffix}`, `${said}${suffix}`]) };
    }
    case 'half': {
      const h = rng.int(1, 4);
      return {
        hour: pm ? h + 12 : said,
        minute: 30,
        said: pm ? h : said,
        words: pm
          ? rng.pick([`at ${h}:30`, `${h}:30`, `at half past ${h}`, `${h}:30pm`])
          : rng.pick([`at ${said}:30`, `${said}:30am`]),
      };
    }
    case 'words': {
      const w = NUMBER_WORDS[said]!;
      return {
        hour,
        minute: 0,
        said,
        words: rng.pick([
          `at ${w}`,
          `at ${w} o'clock`,
          pm ? `at ${w} in the afternoon` : `at ${w} in the morning`,
        ]),
      };
    }
    case 'noon':
      return rng.chance(0.5)
        ? { hour: 12, minute: 0, said: 12, words: rng.pick(['at noon', 'at 12', 'at midday']) }
        : { hour: 12, minute: 30, said: 12, words: rng.pick(['at 12:30', 'at twelve thirty']) };
    case 'zoned': {
      if (dayKind === 'today') return null;
      const named = rng.pick(NAMED_ZONES.filter((z) => z.zone !== userTz));
      const suffix = pm ? rng.pick(['pm', ' pm', 'PM']) : rng.pick(['am', ' am', 'AM']);
      const half = rng.chance(0.2);
      const time = `${said}${half ? ':30' : ''}${suffix}`;
      return {
        hour,
        minute: half ? 30 : 0,
        said,
        zone: named.zone,
        words: `${time} ${rng.pick(named.words)}`,
      };
    }
  }
}

/** The label a correct Sarah would read back, in a zone, as "2:00 PM". */
function clock(t: DateTime): string {
  return t.toFormat('h:mm a');
}

const US_ABBR: Record<string, string> = {
  'America/New_York': 'E[SD]?T',
  'America/Chicago': 'C[SD]?T',
  'America/Denver': 'M[SD]?T',
  'America/Los_Angeles': 'P[SD]?T',
};

/** Tries to build one available time request for a user in `userTz`. */
export function tryTimeRequest(
  rng: Rng,
  userTz: string,
  dayKind: DayKind,
  clockKind: ClockKind,
  now = NOW,
): TimeRequest | null {
  const userToday = now.setZone(userTz).startOf('day');
  const day = dayFor(dayKind, userToday, rng);
  if (!day) return null;
  const c = clockFor(clockKind, rng, userTz, dayKind);
  if (!c) return null;
  const wordsZone = c.zone ?? userTz;
  // A named zone whose calendar date differs from the user's today would make "friday" ambiguous.
  if (c.zone && now.setZone(c.zone).toISODate() !== now.setZone(userTz).toISODate()) return null;
  const instant = DateTime.fromObject(
    { year: day.date.year, month: day.date.month, day: day.date.day, hour: c.hour, minute: c.minute },
    { zone: wordsZone },
  );
  if (!available(instant, wordsZone, now)) return null;
  if (c.zone) {
    // Keep named-zone requests humane in the user's own zone too (07:00–21:00).
    const local = instant.setZone(userTz);
    if (local.hour < 7 || local.hour >= 21) return null;
  }

  if (day.words === 'this afternoon' && c.hour < 12) return null;
  let phrase = `${day.words} ${c.words}`;
  if (rng.chance(0.3)) {
    const clk = c.words.replace(/^at /, '');
    const plainWeekday = WEEKDAYS.includes(day.words);
    if (day.words.startsWith('on ')) phrase = `${clk} ${day.words}`;
    else if (day.words.startsWith('the ') || plainWeekday) phrase = `${clk} on ${day.words}`;
    else phrase = `${clk} ${day.words}`;
  }

  const rightLabels = new Set([clock(instant.setZone(userTz)), clock(instant.setZone(wordsZone))]);
  const wrong: string[] = [];
  if (c.said !== 12) {
    const flipped = instant.setZone(wordsZone).plus({ hours: c.hour >= 12 ? -12 : 12 });
    if (!rightLabels.has(clock(flipped))) wrong.push(`\\b${re(clock(flipped))}\\b`);
  }
  // Reading the named-zone clock time as if it were the user's own zone. Only for dates past
  // tomorrow: Sarah's first offer of slots lists today's and tomorrow's times, which must not trip it.
  // (Wrong-date readings are left to the booking.startUtc check for the same reason.)
  if (c.zone && US_ABBR[userTz] && day.date >= userToday.plus({ days: 2 })) {
    const misread = DateTime.fromObject(
      { year: day.date.year, month: day.date.month, day: day.date.day, hour: c.hour, minute: c.minute },
      { zone: userTz },
    );
    wrong.push(`${misread.toFormat('LLLL d')} at ${re(clock(misread))} ${US_ABBR[userTz]}`);
  }
  return { phrase, instant, wordsZone, dayKind, clockKind, wrong };
}

/** The time a correct Sarah reads back, as a loose regex ("3:00 PM" or "3 PM"). */
export function timePattern(instant: DateTime, zone: string): string {
  const t = instant.setZone(zone);
  const h = t.toFormat('h');
  const ampm = t.toFormat('a');
  return t.minute === 0 ? `\\b${h}(:00)? ?${ampm}` : `\\b${h}:${t.toFormat('mm')} ?${ampm}`;
}

/** Ways to name a zone in a reply, for "what time zone was that?". */
export const ZONE_PATTERNS: Record<string, string> = {
  'America/New_York': 'E[SD]?T|Eastern|New York',
  'America/Chicago': 'C[SD]?T|Central|Chicago',
  'America/Denver': 'M[SD]?T|Mountain|Denver',
  'America/Los_Angeles': 'P[SD]?T|Pacific|Los Angeles',
  'Europe/London': 'GMT|UTC|UK|London|Greenwich',
  'Europe/Paris': 'GMT\\+1|CET|Central European|Paris',
  'Europe/Berlin': 'GMT\\+1|CET|Central European|Berlin',
  'Asia/Kolkata': 'GMT\\+5:30|IST|India|Kolkata',
  'Australia/Sydney': 'GMT\\+11|AEDT|Australian Eastern|Sydney',
};
