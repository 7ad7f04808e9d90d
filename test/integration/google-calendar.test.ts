import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, formatParts, loadConfig, type AppConfig } from '../../src/config.js';
import { classifyFailure } from '../../src/resilience/failure.js';
import { EmbeddedCalendar } from '../../src/services/calendar/embedded.js';
import { GoogleCalendar, type GoogleCalendarRepository } from '../../src/services/calendar/google.js';
import { createGoogleCalendarClient } from '../../src/services/calendar/google_client.js';
import { CalendarApiError } from '../../src/services/calendar/google_errors.js';
import {
  createGoogleCalendar,
  googleCalendarRepository,
} from '../../src/services/calendar/google_factory.js';
import type { BookingRequest, Slot } from '../../src/services/calendar/types.js';
import { Store, migrateToLatest, openDatabase } from '../../src/store/index.js';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '../fakes/google_calendar.js';

const AVERY = 'avery@acme.test';
const IMOGEN = 'imogen@acme.test';
const TEAM = [
  { name: 'Avery Collins', email: AVERY, timeZone: 'America/New_York' },
  { name: 'Imogen Hartley', email: IMOGEN, timeZone: 'Europe/London', workEnd: '17:30' },
];
/** Monday 23 November 2026, 07:00 in New York. */
const NOW = new Date('2026-11-23T12:00:00Z');
const warnings: object[] = [];
const logger = { warn: (details: object) => void warnings.push(details) };

let fake: FakeGoogleCalendar;
let store: Store;
let config: AppConfig;

function configFor(team: object[] = TEAM, extra: Record<string, string> = {}): AppConfig {
  return loadConfig({
    GOOGLE_SERVICE_ACCOUNT_JSON: fake.serviceAccountJson,
    GOOGLE_CALENDAR_ROOT_URL: fake.url,
    CALENDAR_REPS: JSON.stringify(team),
    MEETING_MINUTES: '30',
    BOOKING_HORIZON_DAYS: '14',
    ...extra,
  });
}

async function calendarFor(team: object[] = TEAM, options: { requestTimeoutMs?: number } = {}) {
  config = configFor(team);
  await store.reps.applyTeam(config.env.CALENDAR_REPS!);
  return createGoogleCalendar(config, store, logger, options);
}

async function repId(email: string): Promise<string> {
  return (await store.reps.listActive()).find((r) => r.email === email)!.id;
}

function slotAt(rep: string, startIso: string, minutes = 30): Slot {
  const start = Date.parse(startIso);
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return { repId: rep, startUtc: iso(start), endUtc: iso(start + minutes * 60_000) };
}

/** A booking request from a fresh session (bookings reference their session). */
async function bookingRequest(slot: Slot): Promise<BookingRequest> {
  const sessionId = randomUUID();
  await store.sessions.create({
    id: sessionId,
    channel: 'web',
    startedAt: NOW.toISOString(),
    state: 'GREETING',
  });
  return {
    slot,
    sessionId,
    attendeeEmail: 'jo.lee@trial.test',
    attendeeName: 'Jo Lee',
    userTimeZone: 'America/Chicago',
    now: NOW,
  };
}

async function bookingRows(): Promise<number> {
  return (await store.bookings.listBetween('2026-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).length;
}

const liveEvents = (calendarId: string) => fake.events(calendarId).filter((e) => e.status === 'confirmed');
const ownEvents = (calendarId: string) => liveEvents(calendarId).filter((e) => e.summary !== 'Busy');

async function thrown(promise: Promise<unknown>): Promise<CalendarApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CalendarApiError);
  return error as CalendarApiError;
}

beforeEach(async () => {
  warnings.length = 0;
  fake = await startFakeGoogleCalendar();
  fake.addCalendar(AVERY);
  fake.addCalendar(IMOGEN);
  const database = await openDatabase({ sqlitePath: ':memory:' });
  await migrateToLatest(database.db);
  store = new Store(database);
});

afterEach(async () => {
  await store.close();
  await fake.close();
});

describe('configuration', () => {
  it('switches the calendar to production when the key is set, and prints no secret', () => {
    const parts = configFor().parts;
    expect(parts.find((p) => p.part === 'calendar')).toMatchObject({ mode: 'production' });
    const text = formatParts(parts);
    expect(text).not.toContain('PRIVATE KEY');
    expect(loadConfig({}).parts.find((p) => p.part === 'calendar')?.mode).toBe('embedded');
    expect(loadConfig({}).googleCalendar).toBeUndefined();
  });

  it('reads the key from a file path as well as inline JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sarah-google-'));
    try {
      const file = join(dir, 'key.json');
      await writeFile(file, fake.serviceAccountJson);
      const fromFile = loadConfig({ GOOGLE_SERVICE_ACCOUNT_JSON: file }).googleCalendar!;
      expect(fromFile.credentials).toMatchObject({ clientEmail: fake.clientEmail, tokenUri: fake.tokenUrl });
      expect(fromFile.rootUrl).toBe('https://www.googleapis.com/');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['not JSON', '{ nope', /not valid JSON/],
    ['a missing file', '/nonexistent/key.json', /cannot read the key file/],
    ['an OAuth client file', JSON.stringify({ installed: { client_id: 'x' } }), /service_account/],
    [
      'a mangled key',
      JSON.stringify({
        type: 'service_account',
        client_email: 'a@b.iam.gserviceaccount.com',
        private_key: '-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----',
      }),
      /not a readable PEM key/,
    ],
  ])('stops start-up on %s, naming the variable and never echoing the key', (_what, value, message) => {
    let error: unknown;
    try {
      loadConfig({ GOOGLE_SERVICE_ACCOUNT_JSON: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/GOOGLE_SERVICE_ACCOUNT_JSON: /);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).message).not.toContain('AAAA');
  });

  it('checks CALENDAR_REPS and GOOGLE_CALENDAR_ROOT_URL', () => {
    expect(() =>
      loadConfig({ CALENDAR_REPS: '[{"name":"A","email":"a@b.test","timeZone":"Mars/Base"}]' }),
    ).toThrow(/CALENDAR_REPS\.0\.timeZone: expected an IANA time zone/);
    expect(() => loadConfig({ CALENDAR_REPS: 'avery@acme.test' })).toThrow(
      /CALENDAR_REPS: expected a JSON array/,
    );
    expect(() => loadConfig({ GOOGLE_CALENDAR_ROOT_URL: 'ftp://x' })).toThrow(/GOOGLE_CALENDAR_ROOT_URL/);
    expect(loadConfig({ CALENDAR_REPS: JSON.stringify(TEAM) }).env.CALENDAR_REPS).toHaveLength(2);
  });
});

describe('finding slots', () => {
  it("honours Google's busy times and the rep's working hours in the user's zone", async () => {
    const calendar = await calendarFor([TEAM[0]!]);
    // Tuesday 24 November: 09:00-11:00 New York is taken, and a ten-minute call at 13:10.
    fake.addBusy(AVERY, '2026-11-24T14:00:00Z', '2026-11-24T16:00:00Z');
    fake.addBusy(AVERY, '2026-11-24T18:10:00Z', '2026-11-24T18:20:00Z');
    const slots = await calendar.findSlots({
      now: NOW,
      userTimeZone: 'America/Chicago',
      count: 20,
      preference: { date: '2026-11-24' },
      nearTime: 9 * 60,
    });
    const starts = slots.map((s) => s.startUtc).sort();
    expect(starts[0]).toBe('2026-11-24T16:00:00Z'); // 11:00 New York, 10:00 Chicago
    expect(starts).not.toContain('2026-11-24T18:00:00Z'); // overlaps the 13:10 call
    expect(starts).toContain('2026-11-24T18:30:00Z');
    for (const slot of slots) {
      const rep = DateTime.fromISO(slot.startUtc, { zone: 'America/New_York' });
      const user = DateTime.fromISO(slot.startUtc, { zone: 'America/Chicago' });
      expect(rep.hour * 60 + rep.minute).toBeGreaterThanOrEqual(9 * 60);
      expect(rep.hour * 60 + rep.minute + 30).toBeLessThanOrEqual(17 * 60);
      expect(user.toISODate()).toBe('2026-11-24');
      expect(user.hour).toBeGreaterThanOrEqual(8);
    }
    // Only the asked-for day was read from Google, in one request.
    expect(fake.count('freeBusy')).toBe(1);
    const query = fake.requests.find((r) => r.route === 'freeBusy')!.body as {
      timeMin: string;
      timeMax: string;
    };
    expect(query.timeMin).toBe('2026-11-24T06:00:00.000Z');
    expect(Date.parse(query.timeMax) - Date.parse(query.timeMin)).toBeLessThan(25 * 3_600_000);
  });

  it('offers the first open times across reps and stops walking once the offer is full', async () => {
    const calendar = await calendarFor();
    const slots = await calendar.findSlots({ now: NOW, userTimeZone: 'Europe/Paris', count: 3 });
    expect(slots).toHaveLength(3);
    // Two hours' notice: 14:00 UTC at the earliest (09:00 New York; London is open from 09:00 UTC).
    expect(slots[0]!.startUtc).toBe('2026-11-23T14:00:00Z');
    const gaps = slots.slice(1).map((s, i) => Date.parse(s.startUtc) - Date.parse(slots[i]!.startUtc));
    expect(gaps.every((g) => g >= 90 * 60_000)).toBe(true);
  });

  it('offers what the embedded calendar offers when Google shows no busy time', async () => {
    const google = await calendarFor();
    const embedded = new EmbeddedCalendar(
      {
        listReps: () => store.reps.listActive(),
        listBusy: async () => [],
        insertBooking: () => Promise.resolve('conflict'),
        getBooking: () => Promise.resolve(undefined),
        cancelBooking: () => Promise.resolve(false),
        updateAttendee: () => Promise.resolve(false),
      },
      { meetingMinutes: 30, horizonDays: 14 },
    );
    const requests = [
      { now: NOW, userTimeZone: 'Asia/Tokyo', count: 3 },
      {
        now: NOW,
        userTimeZone: 'America/Los_Angeles',
        count: 3,
        preference: { partOfDay: 'morning' as const },
      },
      { now: NOW, userTimeZone: 'Europe/Paris', count: 2, preference: { weekday: 5 }, nearTime: 15 * 60 },
      {
        now: NOW,
        userTimeZone: 'UTC',
        count: 3,
        preference: { dateFrom: '2026-11-26', dateTo: '2026-11-30' },
      },
    ];
    for (const request of requests) {
      expect(await google.findSlots(request)).toEqual(await embedded.findSlots(request));
    }
  });

  it('follows the rep across a daylight-saving change', async () => {
    const calendar = await calendarFor([TEAM[0]!]);
    // New York leaves daylight time on Sunday 1 November 2026: 09:00 moves from 13:00 to 14:00 UTC.
    const friday = new Date('2026-10-30T10:00:00Z');
    const before = await calendar.findSlots({
      now: friday,
      userTimeZone: 'UTC',
      count: 1,
      preference: { date: '2026-10-30' },
    });
    const after = await calendar.findSlots({
      now: friday,
      userTimeZone: 'UTC',
      count: 1,
      preference: { date: '2026-11-02' },
    });
    expect(before[0]!.startUtc).toBe('2026-10-30T13:00:00Z');
    expect(after[0]!.startUtc).toBe('2026-11-02T14:00:00Z');
  });

  it("merges the store's own bookings and hides week-long absences", async () => {
    const calendar = await calendarFor([TEAM[0]!]);
    const avery = await repId(AVERY);
    fake.addBusy(AVERY, '2026-11-23T00:00:00Z', '2026-11-28T00:00:00Z'); // out of office all week
    const sessionId = randomUUID();
    await store.sessions.create({
      id: sessionId,
      channel: 'web',
      startedAt: NOW.toISOString(),
      state: 'GREETING',
    });
    await store.bookings.tryBook({
      id: randomUUID(),
      sessionId,
      repId: avery,
      startAt: '2026-11-30T14:00:00Z',
      endAt: '2026-11-30T14:30:00Z',
      attendeeEmail: 'x@y.test',
      userTimeZone: 'UTC',
      createdAt: NOW.toISOString(),
    });
    const [first] = await calendar.findSlots({ now: NOW, userTimeZone: 'America/New_York', count: 1 });
    expect(first!.startUtc).toBe('2026-11-30T14:30:00Z');
  });

  it('leaves out a rep whose calendar Google cannot read, and fails when it can read none', async () => {
    const calendar = await calendarFor([
      ...TEAM,
      { name: 'Ghost', email: 'ghost@acme.test', timeZone: 'UTC' },
    ]);
    const slots = await calendar.findSlots({ now: NOW, userTimeZone: 'UTC', count: 3 });
    const ghost = await repId('ghost@acme.test');
    expect(slots.length).toBe(3);
    expect(slots.some((s) => s.repId === ghost)).toBe(false);
    expect(warnings).toHaveLength(1);

    const lonely = await calendarFor([{ name: 'Ghost', email: 'ghost@acme.test', timeZone: 'UTC' }]);
    const error = await thrown(lonely.findSlots({ now: NOW, userTimeZone: 'UTC', count: 3 }));
    expect(error).toMatchObject({ reason: 'notFound', retryable: false });
  });
});

describe('booking', () => {
  it('inserts one event with the attendee, a Meet request and an id derived from the booking', async () => {
    const calendar = await calendarFor();
    const avery = await repId(AVERY);
    const slot = slotAt(avery, '2026-11-24T15:00:00Z');
    const result = await calendar.book(await bookingRequest(slot));
    expect(result).toMatchObject({ status: 'booked', slot });
    const bookingId = (result as { bookingId: string }).bookingId;

    const [event] = ownEvents(AVERY);
    expect(ownEvents(AVERY)).toHaveLength(1);
    expect(event).toMatchObject({
      id: bookingId.replaceAll('-', ''),
      start: { dateTime: slot.startUtc, timeZone: 'America/New_York' },
      end: { dateTime: slot.endUtc },
      attendees: [{ email: 'jo.lee@trial.test', displayName: 'Jo Lee' }],
    });
    expect(event!.conferenceData).toMatchObject({
      createRequest: { requestId: bookingId, conferenceSolutionKey: { type: 'hangoutsMeet' } },
      entryPoints: [{ entryPointType: 'video' }],
    });
    const insert = fake.requests.find((r) => r.route === 'insert')!;
    expect(insert.query).toMatchObject({ conferenceDataVersion: '1', sendUpdates: 'all' });
    // The exact slot was re-checked right before the insert.
    expect(fake.requests.map((r) => r.route).filter((r) => r !== 'token')).toEqual(['freeBusy', 'insert']);

    expect(await store.bookings.get(bookingId)).toMatchObject({
      status: 'confirmed',
      repId: avery,
      externalId: event!.id,
      requestId: bookingId,
      attendeeEmail: 'jo.lee@trial.test',
    });
  });

  it('answers a repeated booking with the same booking and no second event', async () => {
    const calendar = await calendarFor();
    const request = await bookingRequest(slotAt(await repId(AVERY), '2026-11-24T15:00:00Z'));
    const first = await calendar.book(request);
    const again = await calendar.book(request);
    expect(again).toEqual(first);
    expect(ownEvents(AVERY)).toHaveLength(1);
    expect(fake.count('insert')).toBe(1);
    expect(await bookingRows()).toBe(1);
  });

  it.each([
    ['a 503 after the event was made', { mode: 'server_error', applied: true } as const],
    ['a dropped connection after the event was made', { mode: 'dropped' } as const],
    ['a cut-off answer after the event was made', { mode: 'malformed' } as const],
  ])('makes exactly one event, and books it, after %s', async (_what, fault) => {
    const calendar = await calendarFor();
    const request = await bookingRequest(slotAt(await repId(AVERY), '2026-11-24T15:00:00Z'));
    fake.fault({ route: 'insert', times: 1, ...fault });

    // The lost answer is settled by reading our event back: booked, with no second insert.
    const result = await calendar.book(request);
    expect(result.status).toBe('booked');
    expect(fake.count('insert')).toBe(1);
    expect(ownEvents(AVERY)).toHaveLength(1);
    expect(await bookingRows()).toBe(1);
    expect(await store.bookings.get((result as { bookingId: string }).bookingId)).toMatchObject({
      externalId: ownEvents(AVERY)[0]!.id,
    });
    // A retry of the same request (the guard's) gets the same booking back.
    expect(await calendar.book(request)).toEqual(result);
    expect(ownEvents(AVERY)).toHaveLength(1);
  });

  it('claims nothing when the answer is lost and the event cannot be read back, then the retry finds it', async () => {
    const calendar = await calendarFor();
    const request = await bookingRequest(slotAt(await repId(AVERY), '2026-11-24T15:00:00Z'));
    fake.fault({ route: 'insert', mode: 'server_error', applied: true, times: 1 });
    fake.fault({ route: 'get', mode: 'server_error', times: 1 });

    const error = await thrown(calendar.book(request));
    expect(error.retryable).toBe(true);
    expect(classifyFailure(error).transient).toBe(true);
    // Google has the event, but nothing is claimed: no booking row yet.
    expect(ownEvents(AVERY)).toHaveLength(1);
    expect(await bookingRows()).toBe(0);

    // The guard's retry: same request. freeBusy now sees our own event; it is recognised as ours.
    const result = await calendar.book(request);
    expect(result.status).toBe('booked');
    expect(ownEvents(AVERY)).toHaveLength(1);
    expect(await bookingRows()).toBe(1);
  });

  it("treats Google's 409 duplicate on a retried insert as success", async () => {
    const calendar = await calendarFor();
    const request = await bookingRequest(slotAt(await repId(AVERY), '2026-11-24T15:00:00Z'));
    // The first insert lands but its answer is lost, the read-back fails too, and freeBusy (a
    // replica) has not seen the event yet.
    fake.fault({ route: 'insert', mode: 'server_error', applied: true, times: 1 });
    fake.fault({ route: 'get', mode: 'server_error', times: 1 });
    await thrown(calendar.book(request));
    const event = ownEvents(AVERY)[0]!;
    event.transparency = 'transparent'; // hide it from freeBusy for the retry
    const result = await calendar.book(request);
    expect(result.status).toBe('booked');
    expect(fake.count('insert')).toBe(2);
    expect(fake.requests.at(-1)?.route).toBe('get'); // the 409 was checked against the event
    expect(liveEvents(AVERY)).toHaveLength(1);
    expect(await bookingRows()).toBe(1);
  });

  it('says conflict when the slot got busy between the offer and the booking', async () => {
    const calendar = await calendarFor();
    const [offered] = await calendar.findSlots({ now: NOW, userTimeZone: 'America/New_York', count: 1 });
    fake.addBusy(AVERY, offered!.startUtc, offered!.endUtc);
    fake.addBusy(IMOGEN, offered!.startUtc, offered!.endUtc);
    expect(await calendar.book(await bookingRequest(offered!))).toEqual({ status: 'conflict' });
    expect(fake.count('insert')).toBe(0);
    expect(await bookingRows()).toBe(0);
  });

  it("says conflict without calling Google's insert when another session booked the slot here", async () => {
    const calendar = await calendarFor();
    const slot = slotAt(await repId(AVERY), '2026-11-24T15:00:00Z');
    expect((await calendar.book(await bookingRequest(slot))).status).toBe('booked');
    expect(await calendar.book(await bookingRequest(slot))).toEqual({ status: 'conflict' });
    expect(fake.count('insert')).toBe(1);
  });

  it('lets one of two sessions racing for a slot win, leaving one event', async () => {
    const calendar = await calendarFor();
    const slot = slotAt(await repId(AVERY), '2026-11-24T15:00:00Z');
    const [a, b] = [await bookingRequest(slot), await bookingRequest(slot)];
    const results = await Promise.all([calendar.book(a), calendar.book(b)]);
    expect(results.map((r) => r.status).sort()).toEqual(['booked', 'conflict']);
    expect(liveEvents(AVERY)).toHaveLength(1);
    expect(await bookingRows()).toBe(1);
  });

  it.each([
    ['429 on the insert', { route: 'insert', mode: 'rate_limited' } as const],
    ['503 on the insert', { route: 'insert', mode: 'server_error' } as const],
    ['503 on the re-check', { route: 'freeBusy', mode: 'server_error' } as const],
    ['401 on the insert', { route: 'insert', mode: 'unauthorized' } as const],
  ])('records no booking without a confirmed insert (%s)', async (_what, fault) => {
    const calendar = await calendarFor();
    fake.fault({ ...fault, times: 1 });
    await thrown(calendar.book(await bookingRequest(slotAt(await repId(AVERY), '2026-11-24T15:00:00Z'))));
    expect(await bookingRows()).toBe(0);
    expect(ownEvents(AVERY)).toHaveLength(0);
  });

  it('takes the event back when the store cannot record the booking', async () => {
    config = configFor();
    await store.reps.applyTeam(config.env.CALENDAR_REPS!);
    const repository: GoogleCalendarRepository = {
      ...googleCalendarRepository(store),
      insertBooking: () => Promise.reject(new Error('store is down')),
    };
    const calendar = new GoogleCalendar(createGoogleCalendarClient(config.googleCalendar!), repository, {
      meetingMinutes: 30,
      horizonDays: 14,
    });
    await expect(
      calendar.book(await bookingRequest(slotAt(await repId(AVERY), '2026-11-24T15:00:00Z'))),
    ).rejects.toThrow('store is down');
    expect(fake.events(AVERY).map((e) => e.status)).toEqual(['cancelled']);
    expect(await bookingRows()).toBe(0);
  });
});

describe('changing a booking', () => {
  async function booked() {
    const calendar = await calendarFor();
    const request = await bookingRequest(slotAt(await repId(AVERY), '2026-11-24T15:00:00Z'));
    const result = await calendar.book(request);
    return { calendar, request, bookingId: (result as { bookingId: string }).bookingId };
  }

  it('cancels in Google and in the store; a second cancel finds nothing', async () => {
    const { calendar, bookingId } = await booked();
    expect(await calendar.cancel(bookingId)).toBe(true);
    expect(fake.events(AVERY).map((e) => e.status)).toEqual(['cancelled']);
    expect((await store.bookings.get(bookingId))?.status).toBe('cancelled');
    expect(await calendar.cancel(bookingId)).toBe(false);
    expect(await calendar.cancel(randomUUID())).toBe(false);
  });

  it('counts an event already deleted in Google (410) as cancelled', async () => {
    const { calendar, bookingId } = await booked();
    fake.events(AVERY)[0]!.status = 'cancelled'; // the rep deleted it in Google
    expect(await calendar.cancel(bookingId)).toBe(true);
    expect((await store.bookings.get(bookingId))?.status).toBe('cancelled');
  });

  it('books the same slot again after a cancel, under a new id', async () => {
    const { calendar, request, bookingId } = await booked();
    await calendar.cancel(bookingId);
    const again = await calendar.book(request);
    expect(again.status).toBe('booked');
    expect((again as { bookingId: string }).bookingId).not.toBe(bookingId);
    expect(liveEvents(AVERY)).toHaveLength(1);
  });

  it('moves the invite to a corrected address', async () => {
    const { calendar, bookingId } = await booked();
    expect(await calendar.updateAttendee(bookingId, 'jo@trial.test')).toBe(true);
    expect(fake.events(AVERY)[0]!.attendees).toEqual([
      { email: 'jo@trial.test', responseStatus: 'needsAction' },
    ]);
    expect(fake.requests.find((r) => r.route === 'patch')?.query).toMatchObject({ sendUpdates: 'all' });
    expect((await store.bookings.get(bookingId))?.attendeeEmail).toBe('jo@trial.test');
    expect(await calendar.updateAttendee(randomUUID(), 'jo@trial.test')).toBe(false);
  });
});

describe('errors a guard can classify', () => {
  const search = (calendar: GoogleCalendar) =>
    calendar.findSlots({ now: NOW, userTimeZone: 'UTC', count: 3 });

  it('429: retryable, with the Retry-After wait', async () => {
    const calendar = await calendarFor();
    fake.fault({ route: 'freeBusy', mode: 'rate_limited', retryAfterS: 12, times: 1 });
    const error = await thrown(search(calendar));
    expect(error).toMatchObject({
      status: 429,
      reason: 'rateLimitExceeded',
      retryable: true,
      retryAfterMs: 12_000,
      retryAfterSeconds: 12,
    });
    expect(classifyFailure(error)).toEqual({ transient: true, retryAfterMs: 12_000 });
    expect(fake.count('freeBusy')).toBe(1); // the client itself never retries
  });

  it('5xx: retryable', async () => {
    const calendar = await calendarFor();
    fake.fault({ route: 'freeBusy', mode: 'server_error', status: 500, times: 1 });
    const error = await thrown(search(calendar));
    expect(error).toMatchObject({ status: 500, reason: 'backendError', retryable: true });
    expect(classifyFailure(error).transient).toBe(true);
    expect((await search(calendar)).length).toBe(3); // and the next call works
  });

  it('slow: a timeout, retryable', async () => {
    const calendar = await calendarFor(TEAM, { requestTimeoutMs: 200 });
    fake.fault({ route: 'freeBusy', mode: 'slow', delayMs: 1_000, times: 1 });
    const started = Date.now();
    const error = await thrown(search(calendar));
    expect(Date.now() - started).toBeLessThan(900);
    expect(error).toMatchObject({ status: undefined, reason: 'timeout', retryable: true });
    expect(classifyFailure(error).transient).toBe(true);
  });

  it('malformed body: retryable', async () => {
    const calendar = await calendarFor();
    fake.fault({ route: 'freeBusy', mode: 'malformed', times: 1 });
    const error = await thrown(search(calendar));
    expect(error).toMatchObject({ reason: 'malformedResponse', retryable: true });
  });

  it('401 on a bad token: not retryable, and the next call fetches a new token', async () => {
    const calendar = await calendarFor();
    await search(calendar);
    fake.revokeTokens();
    const error = await thrown(search(calendar));
    expect(error).toMatchObject({ status: 401, reason: 'authError', retryable: false });
    expect(classifyFailure(error).transient).toBe(false);
    expect((await search(calendar)).length).toBe(3);
    expect(fake.count('token')).toBe(2);
  });

  it('other 4xx: not retryable', async () => {
    const calendar = await calendarFor();
    const error = await thrown(
      calendar.book(await bookingRequest(slotAt(await repId(AVERY), '2026-11-24T15:00:00Z', 0))),
    );
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(classifyFailure(error).transient).toBe(false);
  });

  it('Google unreachable: a network error, retryable', async () => {
    const calendar = await calendarFor();
    await search(calendar);
    await fake.close();
    const error = await thrown(search(calendar));
    expect(error).toMatchObject({ status: undefined, reason: 'network', retryable: true });
    expect(classifyFailure(error).transient).toBe(true);
  });

  it('a failing token endpoint: retryable when it is Google trouble', async () => {
    const calendar = await calendarFor();
    fake.fault({ route: 'token', mode: 'server_error', times: 1 });
    const error = await thrown(search(calendar));
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(fake.count('token')).toBe(1); // no library retries underneath the guard
  });
});
