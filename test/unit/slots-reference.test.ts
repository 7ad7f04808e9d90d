import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isRepHoliday } from '../../src/services/calendar/holidays.js';
import { candidateSlots, minutesOf } from '../../src/services/calendar/slots.js';
import type { SalesRep, Slot } from '../../src/services/calendar/types.js';

// The fast walk does zone arithmetic once per day; this reference does it per slot through luxon,
// the slow obvious way. Both must agree, DST switch days included.
const REPS: SalesRep[] = [
  {
    id: 'ny',
    name: 'NY',
    timeZone: 'America/New_York',
    workDays: [1, 2, 3, 4, 5],
    workStart: '09:00',
    workEnd: '17:00',
  },
  {
    id: 'ldn',
    name: 'LDN',
    timeZone: 'Europe/London',
    workDays: [1, 2, 3, 4, 5],
    workStart: '09:00',
    workEnd: '17:30',
  },
  {
    id: 'la',
    name: 'LA',
    timeZone: 'America/Los_Angeles',
    workDays: [1, 2, 3, 4, 5],
    workStart: '08:00',
    workEnd: '16:00',
  },
  // A rep whose DST switch (2 AM to 3 AM) falls inside working hours on a Sunday shift.
  {
    id: 'syd',
    name: 'SYD',
    timeZone: 'Australia/Sydney',
    workDays: [1, 2, 3, 4, 5, 6, 7],
    workStart: '01:00',
    workEnd: '05:00',
  },
];

function reference(from: DateTime, until: DateTime, userZone: string, busy: Set<string>): Slot[] {
  const slots: Slot[] = [];
  for (const rep of REPS) {
    for (let day = from.setZone(rep.timeZone).startOf('day'); day <= until; day = day.plus({ days: 1 })) {
      if (!rep.workDays.includes(day.weekday) || isRepHoliday(rep.timeZone, day)) continue;
      for (let m = minutesOf(rep.workStart); m + 30 <= minutesOf(rep.workEnd); m += 30) {
        const start = day.set({ hour: Math.floor(m / 60), minute: m % 60 });
        if (start < from || start > until) continue;
        const startUtc = start.toUTC().toISO({ suppressMilliseconds: true })!;
        if (busy.has(`${rep.id}|${startUtc}`)) continue;
        const local = start.setZone(userZone);
        const minute = local.hour * 60 + local.minute;
        if (minute < 8 * 60 || minute + 30 > 18 * 60) continue;
        slots.push({
          repId: rep.id,
          startUtc,
          endUtc: start.plus({ minutes: 30 }).toUTC().toISO({ suppressMilliseconds: true })!,
        });
      }
    }
  }
  return slots.sort((a, b) => a.startUtc.localeCompare(b.startUtc) || a.repId.localeCompare(b.repId));
}

describe('candidateSlots agrees with a per-slot luxon reference', () => {
  it.each([
    ['US spring forward', '2026-03-06T12:00:00Z'],
    ['EU spring forward', '2026-03-27T12:00:00Z'],
    ['US fall back', '2026-10-30T12:00:00Z'],
    ['EU fall back', '2026-10-23T12:00:00Z'],
    ['Sydney spring forward', '2026-10-02T12:00:00Z'],
    ['Thanksgiving week', '2026-11-25T15:00:00Z'],
  ])('%s', (_name, nowIso) => {
    const from = DateTime.fromISO(nowIso, { zone: 'utc' }).plus({ minutes: 120 });
    const until = from.plus({ days: 14 });
    const busy = new Set([
      `ny|${from.plus({ days: 1 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 }).toISO({ suppressMilliseconds: true })!.replace('.000', '')}`,
    ]);
    for (const userZone of [
      'America/New_York',
      'Europe/Berlin',
      'Asia/Kolkata',
      'Australia/Sydney',
      'Pacific/Chatham',
    ]) {
      const fast = candidateSlots({
        reps: REPS,
        busy,
        from,
        until,
        meetingMinutes: 30,
        userTimeZone: userZone,
      });
      expect(fast, userZone).toEqual(reference(from, until, userZone, busy));
    }
  });
});
