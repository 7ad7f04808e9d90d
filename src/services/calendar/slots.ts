import { DateTime } from 'luxon';
import { isRepHoliday } from './holidays.js';
import type { SalesRep, Slot, SlotPreference } from './types.js';

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
 * Every free slot of every rep between `from` and `until`, walking each rep's working days in the
 * rep's own zone (luxon handles DST), then keeping those that suit the user's zone and preference.
 */
export function candidateSlots(options: {
  reps: SalesRep[];
  busy: Set<string>;
  from: DateTime;
  until: DateTime;
  meetingMinutes: number;
  userTimeZone: string;
  preference?: SlotPreference;
}): Slot[] {
  const { reps, busy, from, until, meetingMinutes, userTimeZone, preference } = options;
  const slots: Slot[] = [];
  for (const rep of reps) {
    let day = from.setZone(rep.timeZone).startOf('day');
    const last = until.setZone(rep.timeZone);
    while (day <= last) {
      if (rep.workDays.includes(day.weekday) && !isRepHoliday(rep.timeZone, day)) {
        for (
          let m = minutesOf(rep.workStart);
          m + meetingMinutes <= minutesOf(rep.workEnd);
          m += meetingMinutes
        ) {
          // Wall-clock time, not elapsed minutes: on a DST day midnight + 9h is not 09:00.
          const start = day.set({ hour: Math.floor(m / 60), minute: m % 60 });
          if (start < from || start > until) continue;
          const startUtc = start.toUTC().toISO({ suppressMilliseconds: true })!;
          if (busy.has(`${rep.id}|${startUtc}`)) continue;
          if (!suitsUser(start.setZone(userTimeZone), meetingMinutes, preference)) continue;
          slots.push({
            repId: rep.id,
            startUtc,
            endUtc: start.plus({ minutes: meetingMinutes }).toUTC().toISO({ suppressMilliseconds: true })!,
          });
        }
      }
      day = day.plus({ days: 1 });
    }
  }
  return slots.sort((a, b) => a.startUtc.localeCompare(b.startUtc) || a.repId.localeCompare(b.repId));
}

function suitsUser(local: DateTime, meetingMinutes: number, preference?: SlotPreference): boolean {
  const minute = local.hour * 60 + local.minute;
  if (minute < USER_DAY.start || minute + meetingMinutes > USER_DAY.end) return false;
  if (!preference) return true;
  if (preference.date && local.toISODate() !== preference.date) return false;
  if (preference.weekday && local.weekday !== preference.weekday) return false;
  if (preference.partOfDay) {
    const range = PART_OF_DAY[preference.partOfDay];
    if (minute < range.start || minute >= range.end) return false;
  }
  if (preference.timeOfDay !== undefined && minute !== preference.timeOfDay) return false;
  const date = local.toISODate()!;
  if (preference.dateFrom && date < preference.dateFrom) return false;
  if (preference.dateTo && date > preference.dateTo) return false;
  if (preference.weekdays?.length && !preference.weekdays.includes(local.weekday)) return false;
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
  const gap = (slot: Slot) => {
    const local = DateTime.fromISO(slot.startUtc, { zone: 'utc' }).setZone(userTimeZone);
    return Math.abs(local.hour * 60 + local.minute - minutes);
  };
  return [...slots].sort((a, b) => gap(a) - gap(b) || a.startUtc.localeCompare(b.startUtc));
}
