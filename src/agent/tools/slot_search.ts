import { DateTime } from 'luxon';
import { slotLabel } from '../../services/calendar/slots.js';
import type { Slot, SlotPreference } from '../../services/calendar/types.js';
import { describeZone, type TimeRequest } from '../understanding/datetime.js';
import type { OfferedSlot } from '../session/dialogue.js';
import type { AgentServices } from '../services.js';

export interface SlotSearch {
  /** The zone the times are read in. */
  zone: string;
  slots: OfferedSlot[];
  /** Set when the user named one exact time and it is free: that slot. */
  exact?: OfferedSlot;
  /** Set when the user named a time that is not free: how Sarah should name what they asked for. */
  unavailable?: string;
}

/** The calendar preference a request maps to, in the request's own zone. */
export function preferenceOf(request: TimeRequest, withTime: boolean): SlotPreference {
  return {
    date: request.date,
    dateFrom: request.range?.from,
    dateTo: request.range?.to,
    weekdays: request.weekdays,
    partOfDay: withTime || request.time === undefined ? request.partOfDay : undefined,
    timeOfDay: withTime ? request.time : undefined,
    after: request.after,
    before: request.before,
  };
}

export function label(slot: Slot, zone: string, now: Date): OfferedSlot {
  return { ...slot, label: slotLabel(slot, zone, describeZone(zone, now)) };
}

/** "Friday, November 27 at 2:00 PM" for a requested time, in the request's zone. */
function describeRequest(request: TimeRequest, now: Date): string | undefined {
  if (request.time === undefined) return undefined;
  const base = request.date
    ? DateTime.fromISO(request.date, { zone: request.zone })
    : DateTime.fromJSDate(now).setZone(request.zone);
  const at = base.set({ hour: Math.floor(request.time / 60), minute: request.time % 60 });
  const clock = at.toFormat('h:mm a');
  return request.date ? `${at.toFormat('cccc, LLLL d')} at ${clock}` : clock;
}

/**
 * Finds what to offer for the user's words: the exact time when it is free; otherwise the nearest
 * times on the day (or span) they asked for; otherwise the same time on other days; otherwise the
 * first open times. The language model never computes a date: this does.
 */
export async function searchSlots(
  calendar: AgentServices['calendar'],
  request: TimeRequest | undefined,
  options: { now: Date; zone: string; count?: number },
): Promise<SlotSearch> {
  const { now } = options;
  const zone = request?.zone ?? options.zone;
  const count = options.count ?? 3;
  const find = (preference: SlotPreference | undefined, n: number, nearTime?: number) =>
    calendar.findSlots({ now, userTimeZone: zone, count: n, preference, nearTime });
  const labelled = (slots: Slot[]) => slots.map((s) => label(s, zone, now));

  if (!request) return { zone, slots: labelled(await find(undefined, count)) };
  if (request.time === undefined || request.approximate) {
    const around = await find(preferenceOf(request, false), count, request.time);
    if (around.length === 0)
      return { zone, slots: labelled(await find(undefined, count)), unavailable: 'That day' };
    // "Thursday afternoon" or "around 3": the best match is proposed, the user can still say no.
    const proposeFirst = Boolean(request.date && (request.partOfDay || request.time !== undefined));
    const slots = labelled(proposeFirst ? around.slice(0, 1) : around);
    return { zone, slots, exact: proposeFirst ? slots[0] : undefined };
  }
  const exact = await find(preferenceOf(request, true), 1);
  if (exact[0]) {
    const slot = label(exact[0], zone, now);
    return { zone, slots: [slot], exact: slot };
  }
  const asked = describeRequest(request, now) ?? 'That time';
  // Same weekday and time in a later week is what people usually accept instead ("Friday at 2"
  // when this Friday is a holiday): propose that one time.
  if (request.date) {
    const weekday = DateTime.fromISO(request.date, { zone }).weekday;
    const later = await find({ weekdays: [weekday], timeOfDay: request.time, dateFrom: request.date }, 1);
    if (later[0]) {
      const slot = label(later[0], zone, now);
      return { zone, slots: [slot], exact: slot, unavailable: asked };
    }
  }
  const sameDay = await find(preferenceOf(request, false), count, request.time);
  if (sameDay.length > 0 && (request.date || request.range))
    return { zone, slots: labelled(sameDay), unavailable: asked };
  const sameTime = await find({ timeOfDay: request.time }, count);
  if (sameTime.length > 0) return { zone, slots: labelled(sameTime), unavailable: asked };
  return { zone, slots: labelled(await find(undefined, count, request.time)), unavailable: asked };
}
