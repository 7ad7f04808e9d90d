import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { candidateSlots, pickOffer, slotLabel } from '../../src/services/calendar/slots.js';
import type { SalesRep, Slot, SlotPreference } from '../../src/services/calendar/types.js';

const LONDON_REP: SalesRep = {
  id: 'rep-london',
  name: 'Priya',
  timeZone: 'Europe/London',
  workDays: [1, 2, 3, 4, 5],
  workStart: '09:00',
  workEnd: '17:30',
};

const USER_ZONE = 'America/New_York';

/** Monday 16 to Friday 20 November 2026: both zones on standard time (5 hours apart). */
function londonWeek(busy = new Set<string>(), preference?: SlotPreference): Slot[] {
  return candidateSlots({
    reps: [LONDON_REP],
    busy,
    from: DateTime.fromISO('2026-11-16T00:00:00', { zone: 'Europe/London' }),
    until: DateTime.fromISO('2026-11-20T23:59:00', { zone: 'Europe/London' }),
    meetingMinutes: 30,
    userTimeZone: USER_ZONE,
    preference,
  });
}

function minutesIn(iso: string, zone: string): number {
  const local = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return local.hour * 60 + local.minute;
}

describe('candidateSlots', () => {
  it('offers only slots inside the rep hours and the user day', () => {
    const slots = londonWeek();
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) {
      const repLocal = DateTime.fromISO(slot.startUtc, { zone: 'utc' }).setZone('Europe/London');
      expect(repLocal.weekday).toBeLessThanOrEqual(5);
      const repStart = minutesIn(slot.startUtc, 'Europe/London');
      const repEnd = minutesIn(slot.endUtc, 'Europe/London');
      expect(repStart).toBeGreaterThanOrEqual(9 * 60);
      expect(repEnd).toBeLessThanOrEqual(17 * 60 + 30);
      const userStart = minutesIn(slot.startUtc, USER_ZONE);
      const userEnd = minutesIn(slot.endUtc, USER_ZONE);
      expect(userStart).toBeGreaterThanOrEqual(8 * 60);
      expect(userEnd).toBeLessThanOrEqual(19 * 60);
      expect(Date.parse(slot.endUtc) - Date.parse(slot.startUtc)).toBe(30 * 60_000);
      expect(slot.repId).toBe('rep-london');
    }
  });

  it('gives exactly the 08:00–12:00 New York starts each weekday (13:00–17:00 London)', () => {
    const slots = londonWeek();
    // 13:00, 13:30, ..., 17:00 London = 9 starts a day, 5 days.
    expect(slots).toHaveLength(45);
    const monday = slots.filter((s) => s.startUtc.startsWith('2026-11-16'));
    expect(monday.map((s) => s.startUtc)).toEqual([
      '2026-11-16T13:00:00Z',
      '2026-11-16T13:30:00Z',
      '2026-11-16T14:00:00Z',
      '2026-11-16T14:30:00Z',
      '2026-11-16T15:00:00Z',
      '2026-11-16T15:30:00Z',
      '2026-11-16T16:00:00Z',
      '2026-11-16T16:30:00Z',
      '2026-11-16T17:00:00Z',
    ]);
  });

  it('returns slots sorted by start time', () => {
    const starts = londonWeek().map((s) => s.startUtc);
    expect(starts).toEqual([...starts].sort());
  });

  it('excludes busy slots', () => {
    const all = londonWeek();
    const busy = new Set(['rep-london|2026-11-17T14:00:00Z', 'rep-london|2026-11-18T16:30:00Z']);
    const free = londonWeek(busy);
    expect(free).toHaveLength(all.length - 2);
    const starts = free.map((s) => s.startUtc);
    expect(starts).not.toContain('2026-11-17T14:00:00Z');
    expect(starts).not.toContain('2026-11-18T16:30:00Z');
    expect(starts).toContain('2026-11-17T13:30:00Z');
  });

  it('a busy mark for another rep does not hide this rep', () => {
    const free = londonWeek(new Set(['someone-else|2026-11-17T14:00:00Z']));
    expect(free.map((s) => s.startUtc)).toContain('2026-11-17T14:00:00Z');
  });

  it('an afternoon preference only returns 12:00–17:00 user-local starts', () => {
    const slots = londonWeek(new Set(), { partOfDay: 'afternoon' });
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) {
      const start = minutesIn(slot.startUtc, USER_ZONE);
      expect(start).toBeGreaterThanOrEqual(12 * 60);
      expect(start).toBeLessThan(17 * 60);
    }
    // The rep's last start (17:00 London) is 12:00 in New York: one per day.
    expect(slots).toHaveLength(5);
  });

  it('a morning preference with a weekday keeps only that day', () => {
    const slots = londonWeek(new Set(), { weekday: 3, partOfDay: 'morning' });
    expect(slots.length).toBe(8); // 08:00..11:30 New York
    for (const slot of slots) {
      const local = DateTime.fromISO(slot.startUtc, { zone: 'utc' }).setZone(USER_ZONE);
      expect(local.weekday).toBe(3);
      expect(local.hour).toBeLessThan(12);
    }
  });

  it('a date and time of day preference picks the one matching start', () => {
    const slots = londonWeek(new Set(), { date: '2026-11-19', timeOfDay: 10 * 60 + 30 });
    expect(slots.map((s) => s.startUtc)).toEqual(['2026-11-19T15:30:00Z']);
  });

  it('never offers slots outside the from/until window', () => {
    const slots = candidateSlots({
      reps: [LONDON_REP],
      busy: new Set(),
      from: DateTime.fromISO('2026-11-16T15:10:00Z'),
      until: DateTime.fromISO('2026-11-16T16:00:00Z'),
      meetingMinutes: 30,
      userTimeZone: USER_ZONE,
    });
    expect(slots.map((s) => s.startUtc)).toEqual(['2026-11-16T15:30:00Z', '2026-11-16T16:00:00Z']);
  });

  it('keeps a New York rep at 09:00–16:30 local across the March DST change (weekdays)', () => {
    const rep: SalesRep = {
      id: 'rep-ny',
      name: 'Sam',
      timeZone: 'America/New_York',
      workDays: [1, 2, 3, 4, 5],
      workStart: '09:00',
      workEnd: '17:00',
    };
    const slots = candidateSlots({
      reps: [rep],
      busy: new Set(),
      from: DateTime.fromISO('2026-03-06T00:00:00', { zone: 'America/New_York' }),
      until: DateTime.fromISO('2026-03-10T23:59:00', { zone: 'America/New_York' }),
      meetingMinutes: 30,
      userTimeZone: 'America/New_York',
    });
    const days = new Set<string>();
    for (const slot of slots) {
      const local = DateTime.fromISO(slot.startUtc, { zone: 'utc' }).setZone('America/New_York');
      days.add(local.toISODate()!);
      const start = local.hour * 60 + local.minute;
      expect(start).toBeGreaterThanOrEqual(9 * 60);
      expect(start).toBeLessThanOrEqual(16 * 60 + 30);
    }
    expect([...days].sort()).toEqual(['2026-03-06', '2026-03-09', '2026-03-10']);
    expect(slots).toHaveLength(3 * 16);
    // Before the change New York is UTC-5, after it UTC-4.
    expect(slots[0]!.startUtc).toBe('2026-03-06T14:00:00Z');
    expect(slots.find((s) => s.startUtc.startsWith('2026-03-09'))!.startUtc).toBe('2026-03-09T13:00:00Z');
  });

  // BUG: slots are built with `day.plus({ minutes: m })` from local midnight, which is exact-time
  // arithmetic, so on the day the clocks change every slot is shifted by an hour (10:00–17:30 EDT
  // on 2026-03-08 for a 09:00–17:00 rep). Affects reps whose work days include the change day.
  it('keeps rep hours on the DST change day itself for a rep who works Sundays', () => {
    const rep: SalesRep = {
      id: 'rep-ny-7',
      name: 'Alex',
      timeZone: 'America/New_York',
      workDays: [1, 2, 3, 4, 5, 6, 7],
      workStart: '09:00',
      workEnd: '17:00',
    };
    const slots = candidateSlots({
      reps: [rep],
      busy: new Set(),
      from: DateTime.fromISO('2026-03-08T00:00:00', { zone: 'America/New_York' }),
      until: DateTime.fromISO('2026-03-08T23:59:00', { zone: 'America/New_York' }),
      meetingMinutes: 30,
      userTimeZone: 'America/New_York',
    });
    const localStarts = slots.map((s) => minutesIn(s.startUtc, 'America/New_York'));
    expect(Math.min(...localStarts)).toBe(9 * 60);
    expect(Math.max(...localStarts)).toBe(16 * 60 + 30);
  });
});

describe('pickOffer', () => {
  function slotAt(iso: string, repId = 'r1'): Slot {
    const end = new Date(Date.parse(iso) + 30 * 60_000).toISOString().replace('.000Z', 'Z');
    return { repId, startUtc: iso, endUtc: end };
  }

  const halfHourly = [
    '2026-11-16T13:00:00Z',
    '2026-11-16T13:30:00Z',
    '2026-11-16T14:00:00Z',
    '2026-11-16T14:30:00Z',
    '2026-11-16T15:00:00Z',
    '2026-11-16T15:30:00Z',
    '2026-11-16T16:00:00Z',
    '2026-11-16T16:30:00Z',
    '2026-11-16T17:00:00Z',
  ].map((iso) => slotAt(iso));

  it('spaces offers at least 90 minutes apart by default', () => {
    const offer = pickOffer(halfHourly, 3);
    expect(offer.map((s) => s.startUtc)).toEqual([
      '2026-11-16T13:00:00Z',
      '2026-11-16T14:30:00Z',
      '2026-11-16T16:00:00Z',
    ]);
  });

  it('honours a custom gap', () => {
    const offer = pickOffer(halfHourly, 3, 60);
    expect(offer.map((s) => s.startUtc)).toEqual([
      '2026-11-16T13:00:00Z',
      '2026-11-16T14:00:00Z',
      '2026-11-16T15:00:00Z',
    ]);
  });

  it('returns fewer than asked when the slots cannot be spread', () => {
    const offer = pickOffer(halfHourly.slice(0, 3), 3);
    expect(offer).toHaveLength(1);
    expect(pickOffer([], 3)).toEqual([]);
  });

  it('offers one slot per start time, the first rep listed', () => {
    const twoReps = [slotAt('2026-11-16T13:00:00Z', 'a'), slotAt('2026-11-16T13:00:00Z', 'b')];
    const offer = pickOffer(twoReps, 3);
    expect(offer).toEqual([twoReps[0]]);
  });

  it('all offered slots are pairwise at least the gap apart', () => {
    const offer = pickOffer(londonWeek(), 5);
    expect(offer).toHaveLength(5);
    for (let i = 0; i < offer.length; i++) {
      for (let j = i + 1; j < offer.length; j++) {
        expect(
          Math.abs(Date.parse(offer[i]!.startUtc) - Date.parse(offer[j]!.startUtc)),
        ).toBeGreaterThanOrEqual(90 * 60_000);
      }
    }
  });
});

describe('slotLabel', () => {
  it('says weekday, date, time and the zone abbreviation in the user zone', () => {
    const label = slotLabel(
      { repId: 'r', startUtc: '2026-12-03T19:00:00Z', endUtc: '2026-12-03T19:30:00Z' },
      'America/New_York',
    );
    expect(label).toBe('Thursday, December 3 at 2:00 PM EST');
  });

  it('uses the daylight abbreviation in summer and the user zone, not the rep zone', () => {
    const slot: Slot = { repId: 'r', startUtc: '2026-07-09T15:30:00Z', endUtc: '2026-07-09T16:00:00Z' };
    expect(slotLabel(slot, 'America/New_York')).toBe('Thursday, July 9 at 11:30 AM EDT');
    expect(slotLabel(slot, 'America/Chicago')).toMatch(/^Thursday, July 9 at 10:30 AM (CDT|GMT-5)$/);
  });

  it('contains a weekday, a clock time and a zone abbreviation', () => {
    const label = slotLabel(londonWeek()[0]!, USER_ZONE);
    expect(label).toMatch(
      /^(Monday|Tuesday|Wednesday|Thursday|Friday), \w+ \d{1,2} at \d{1,2}:\d{2} (AM|PM) E[SD]T$/,
    );
  });
});
