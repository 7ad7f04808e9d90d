import { describe, expect, it } from 'vitest';
import { EmbeddedCalendar } from '../../src/services/calendar/embedded.js';
import type { BookingRow, CalendarRepository } from '../../src/services/calendar/types.js';

/** Bookings in memory with the store's two unique rules: one row per id, one per rep and start. */
function memoryRepository(options: { loseNextAnswer?: boolean } = {}) {
  const rows = new Map<string, BookingRow & { status: string }>();
  let loseNext = options.loseNextAnswer ?? false;
  const repository: CalendarRepository = {
    listReps: async () => [],
    listBusy: async () => [],
    insertBooking: async (row) => {
      const taken = [...rows.values()].some(
        (r) => r.status === 'confirmed' && r.repId === row.repId && r.startAt === row.startAt,
      );
      if (rows.has(row.id) || taken) return 'conflict';
      rows.set(row.id, { ...row, status: 'confirmed' });
      if (loseNext) {
        loseNext = false;
        throw new Error('Query read timeout');
      }
      return 'booked';
    },
    getBooking: async (id) => rows.get(id),
    cancelBooking: async (id) => {
      const row = rows.get(id);
      if (row) row.status = 'cancelled';
      return Boolean(row);
    },
    updateAttendee: async () => true,
  };
  return { repository, rows };
}

const slot = {
  repId: 'rep-1',
  startUtc: '2026-12-01T15:00:00Z',
  endUtc: '2026-12-01T15:30:00Z',
  label: 'Tuesday, December 1 at 10:00 AM Eastern time',
};
const request = (sessionId: string) => ({
  slot,
  sessionId,
  attendeeEmail: 'pat@acme-widgets.com',
  userTimeZone: 'America/New_York',
  now: new Date('2026-11-25T15:00:00Z'),
});
const options = { meetingMinutes: 30, horizonDays: 14 };

describe('embedded booking when an insert answer is lost', () => {
  it('the retry finds its own row and confirms that booking, not a second one', async () => {
    const { repository, rows } = memoryRepository({ loseNextAnswer: true });
    const calendar = new EmbeddedCalendar(repository, options);
    await expect(calendar.book(request('s-1'))).rejects.toThrow(/timeout/);
    expect(rows.size).toBe(1);
    const retried = await calendar.book(request('s-1'));
    expect(retried).toMatchObject({ status: 'booked', bookingId: [...rows.keys()][0] });
    expect(rows.size).toBe(1);
  });

  it("another conversation's row for the slot is a conflict", async () => {
    const { repository } = memoryRepository();
    const calendar = new EmbeddedCalendar(repository, options);
    expect((await calendar.book(request('s-1'))).status).toBe('booked');
    expect(await calendar.book(request('s-2'))).toEqual({ status: 'conflict' });
  });

  it('a slot cancelled earlier in the same conversation can be booked again', async () => {
    const { repository, rows } = memoryRepository();
    const calendar = new EmbeddedCalendar(repository, options);
    const first = await calendar.book(request('s-1'));
    if (first.status !== 'booked') throw new Error('not booked');
    await repository.cancelBooking(first.bookingId);
    const again = await calendar.book(request('s-1'));
    expect(again.status).toBe('booked');
    expect(again.status === 'booked' && again.bookingId).not.toBe(first.bookingId);
    expect([...rows.values()].filter((r) => r.status === 'confirmed')).toHaveLength(1);
  });
});
