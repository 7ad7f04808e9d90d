import { DateTime } from 'luxon';
import { isRepHoliday } from './holidays.js';
import type { FindSlotsRequest, SalesRep, Slot, SlotPreference } from './types.js';

/** Hours a user would reasonably take a call, in their own zone; we never offer 6 AM. */
const USER_DAY = { start: 8 * 60, end: 18 * 60 };
const PART_OF_DAY = {
  morning: { start: 8 * 60, end: 12 * 60 },
  afternoon: { start: 12 * 60, end: 17 * 60 },
  evening: { start: 17 * 60, end: 20 * 60 },
} as const;

/** Minutes after midnight for an 'HH:MM' clock time. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * The free slots of every rep between `from` and `until` that suit the user's zone and preference,
 * earliest first. It walks the window one calendar day at a time, reps side by side, and stops as
 * soon as `enough` says the slots found so far settle the offer, so a "first open times" search
 * touches a day or two instead of the whole horizon.
 *
 * Zone arithmetic is done once per rep-day, not per slot: luxon gives the rep's UTC offset at the
 * start and end of the working day, and when they agree (every day but a DST switch inside working
 * hours) slot instants are plain millisecond sums; on a switch day each slot goes through luxon.
 */
export function candidateSlots(options: {
  reps: SalesRep[];
  busy: Set<string>;
  from: DateTime;
  until: DateTime;
  meetingMinutes: number;
  userTimeZone: string;
  preference?: SlotPreference;
  /** Called after each day with everything found so far; true stops the walk. */
  enough?: (found: Slot[], nextDayStartsAfterMs: number) => boolean;
  /** Busy time that is not slot-aligned (an outside calendar's events): true skips the slot. */
  overlapsBusy?: (repId: string, startMs: number, endMs: number) => boolean;
}): Slot[] {
  const { reps, busy, from, until, meetingMinutes, userTimeZone, preference, enough, overlapsBusy } = options;
  const fromMs = from.toMillis();
  const untilMs = until.toMillis();
  const firstDays = reps.map((rep) => from.setZone(rep.timeZone).startOf('day'));
  const userOffsets = new OffsetCache(userTimeZone);
  // A day or span asked for ends the walk once every rep-day is past it.
  const lastDate = preference?.date ?? preference?.dateTo;
  const lastUsefulMs = lastDate
    ? DateTime.fromISO(lastDate, { zone: userTimeZone }).endOf('day').toMillis()
    : Number.POSITIVE_INFINITY;
  // …and days before it are not walked at all (one day of margin for zones ahead of the user's).
  const firstDate = preference?.date ?? preference?.dateFrom;
  const skipDays = firstDate
    ? Math.max(0, Math.floor(DateTime.fromISO(firstDate, { zone: userTimeZone }).diff(from, 'days').days) - 1)
    : 0;
  const found: Slot[] = [];
  for (let dayIndex = skipDays; ; dayIndex += 1) {
    let anyDayLeft = false;
    const today: Slot[] = [];
    for (const [r, rep] of reps.entries()) {
      const day = firstDays[r]!.plus({ days: dayIndex });
      if (day.toMillis() > untilMs) continue;
      anyDayLeft = true;
      if (!rep.workDays.includes(day.weekday) || isRepHoliday(rep.timeZone, day)) continue;
      for (const startMs of repDayStarts(rep, day, meetingMinutes)) {
        if (startMs < fromMs || startMs > untilMs) continue;
        const startUtc = isoSeconds(startMs);
        if (busy.has(`${rep.id}|${startUtc}`)) continue;
        if (overlapsBusy?.(rep.id, startMs, startMs + meetingMinutes * 60_000)) continue;
        if (!suitsUser(userOffsets.local(startMs), meetingMinutes, preference)) continue;
        today.push({ repId: rep.id, startUtc, endUtc: isoSeconds(startMs + meetingMinutes * 60_000) });
      }
    }
    found.push(...today.sort(byStart));
    if (!anyDayLeft) break;
    // Nothing found on a later day can start before the earliest midnight of the next rep-days.
    const nextDay = Math.min(...firstDays.map((d) => d.plus({ days: dayIndex + 1 }).toMillis()));
    if (nextDay > lastUsefulMs || enough?.(found, nextDay)) break;
  }
  return found.sort(byStart);
}

/**
 * The offer for one request, the same for every calendar: candidates walked until the offer is
 * settled (earliest-first searches stop after a day or two), then ordered and spread out. Each
 * calendar brings its own reps and busy times; `from`/`until` bound the walk.
 */
export function findOffer(options: {
  request: FindSlotsRequest;
  reps: SalesRep[];
  busy: Set<string>;
  overlapsBusy?: (repId: string, startMs: number, endMs: number) => boolean;
  from: DateTime;
  until: DateTime;
  meetingMinutes: number;
}): Slot[] {
  const { request, meetingMinutes } = options;
  const gap =
    request.preference?.timeOfDay !== undefined || request.nearTime !== undefined ? meetingMinutes : 90;
  const slots = candidateSlots({
    reps: options.reps,
    busy: options.busy,
    overlapsBusy: options.overlapsBusy,
    from: options.from,
    until: options.until,
    meetingMinutes,
    userTimeZone: request.userTimeZone,
    preference: request.preference,
    // Earliest-first offers are settled once later days can no longer change them.
    enough:
      request.nearTime === undefined
        ? (found, nextDayMs) => {
            const offer = pickOffer(found, request.count, gap);
            return (
              offer.length === request.count && Date.parse(offer[offer.length - 1]!.startUtc) < nextDayMs
            );
          }
        : undefined,
  });
  const ordered =
    request.nearTime === undefined ? slots : nearestTo(slots, request.nearTime, request.userTimeZone);
  // Times close together only when the user asked for one time; otherwise spread the offer out.
  return pickOffer(ordered, request.count, gap);
}

const byStart = (a: Slot, b: Slot) => a.startUtc.localeCompare(b.startUtc) || a.repId.localeCompare(b.repId);

/** "2026-11-25T17:00:00Z": the one spelling of an instant used for slots and the busy set. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Start instants (ms) of a rep's slots on one rep-local day, honouring DST inside the day. */
function repDayStarts(rep: SalesRep, day: DateTime, meetingMinutes: number): number[] {
  const first = minutesOf(rep.workStart);
  const last = minutesOf(rep.workEnd) - meetingMinutes;
  if (last < first) return [];
  // Wall-clock time, not elapsed minutes: on a DST day midnight + 9h is not 09:00.
  const at = (m: number) => day.set({ hour: Math.floor(m / 60), minute: m % 60 });
  const open = at(first);
  const close = at(last);
  const starts: number[] = [];
  if (open.offset === close.offset) {
    const midnightUtcMs = open.toMillis() - first * 60_000;
    for (let m = first; m <= last; m += meetingMinutes) starts.push(midnightUtcMs + m * 60_000);
  } else {
    for (let m = first; m <= last; m += meetingMinutes) starts.push(at(m).toMillis());
  }
  return starts;
}

/** A slot's start as the user sees it: date, ISO weekday and minutes after midnight. */
interface LocalTime {
  date: string;
  weekday: number;
  minute: number;
}

/** The user's UTC offset, looked up once per quarter hour of UTC time and reused. */
class OffsetCache {
  readonly #byHour = new Map<number, number>();

  constructor(private readonly zone: string) {}

  local(ms: number): LocalTime {
    // Quarter-hour buckets: DST switches fall on a quarter hour in every zone.
    const hour = Math.floor(ms / 900_000);
    let offset = this.#byHour.get(hour);
    if (offset === undefined) {
      offset = DateTime.fromMillis(ms, { zone: this.zone }).offset;
      this.#byHour.set(hour, offset);
    }
    const shifted = new Date(ms + offset * 60_000);
    const date = shifted.toISOString().slice(0, 10);
    const weekday = ((shifted.getUTCDay() + 6) % 7) + 1;
    return { date, weekday, minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
  }
}

function suitsUser(local: LocalTime, meetingMinutes: number, preference?: SlotPreference): boolean {
  const { minute, date, weekday } = local;
  // Sarah proposes times inside the user's working day; a time or part of day they name themselves
  // ("9pm my time", "in the evening") is theirs to choose, if a rep is working then.
  const named = preference?.timeOfDay !== undefined || preference?.partOfDay !== undefined;
  if (!named && (minute < USER_DAY.start || minute + meetingMinutes > USER_DAY.end)) return false;
  if (!preference) return true;
  if (preference.date && date !== preference.date) return false;
  if (preference.weekday && weekday !== preference.weekday) return false;
  if (preference.partOfDay) {
    const range = PART_OF_DAY[preference.partOfDay];
    if (minute < range.start || minute >= range.end) return false;
  }
  if (preference.timeOfDay !== undefined && minute !== preference.timeOfDay) return false;
  if (preference.dateFrom && date < preference.dateFrom) return false;
  if (preference.dateTo && date > preference.dateTo) return false;
  if (preference.weekdays?.length && !preference.weekdays.includes(weekday)) return false;
  if (preference.after !== undefined && minute < preference.after) return false;
  if (preference.before !== undefined && minute + meetingMinutes > preference.before) return false;
  return true;
}

/** One slot per start time (the first free rep), spread out so the offer is not three adjacent half-hours. */
export function pickOffer(slots: Slot[], count: number, minGapMinutes = 90): Slot[] {
  const offer: Slot[] = [];
  for (const slot of slots) {
    const start = Date.parse(slot.startUtc);
    const tooClose = offer.some((o) => Math.abs(Date.parse(o.startUtc) - start) < minGapMinutes * 60_000);
    if (!tooClose) offer.push(slot);
    if (offer.length === count) break;
  }
  return offer;
}

/** "Thursday, December 3 at 2:00 PM EST" in the user's zone: what Sarah says aloud. */
export function slotLabel(slot: Slot, userTimeZone: string, zoneName?: string): string {
  const local = DateTime.fromISO(slot.startUtc, { zone: 'utc' }).setZone(userTimeZone);
  const zone = zoneName ?? local.offsetNameShort ?? local.toFormat('ZZ');
  return `${local.toFormat('cccc, LLLL d')} at ${local.toFormat('h:mm a')} ${zone}`;
}

/** The slots closest to a wall-clock time of day in the user's zone, nearest first (ties: earlier day). */
export function nearestTo(slots: Slot[], minutes: number, userTimeZone: string): Slot[] {
  const offsets = new OffsetCache(userTimeZone);
  const gaps = new Map(
    slots.map((s) => [s, Math.abs(offsets.local(Date.parse(s.startUtc)).minute - minutes)]),
  );
  return [...slots].sort((a, b) => gaps.get(a)! - gaps.get(b)! || a.startUtc.localeCompare(b.startUtc));
}
