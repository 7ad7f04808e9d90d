import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, type App, type OutsideParts } from '../../src/app.js';
import { loadLlmPlugin } from '../../src/agent/llm_factory.js';
import { loadConfig } from '../../src/config.js';
import { ASK_FOLLOW_UP_EMAIL, COPY, calendarUnavailable } from '../../src/conversation/index.js';
import { installFrameworkLogger } from '../../src/observability/logger.js';
import { guardCalendar } from '../../src/resilience/guarded_services.js';
import { buildServer } from '../../src/server/server.js';
import type { CalendarService } from '../../src/services/calendar/types.js';
import { talk, type Transcript } from '../support/app.js';
import { scanBeforeClose } from '../support/pii_scan.js';

const BOOKING_URL = 'https://www.pandadoc.com/book-a-call';
/** The bar for a turn during an outage, fallback line included. */
const TURN_BUDGET_MS = 2000;
const ASK_FOR_TIMES = 'Can we find a time for a call with sales?';

let app: App | undefined;
let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  await app?.close();
  server = app = undefined;
});

/** The real app with some outside parts replaced; app.ts guards them like any other. */
async function appWith(parts: Partial<OutsideParts>): Promise<App> {
  const logger = pino({ level: 'silent' });
  installFrameworkLogger(logger, 'silent');
  const config = loadConfig({ BOOKING_FALLBACK_URL: BOOKING_URL });
  await loadLlmPlugin(config);
  app = scanBeforeClose(await createApp(config, logger, { sqlitePath: ':memory:', parts }));
  server = await buildServer(app, logger);
  return app;
}

const down = () =>
  vi.fn(() => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));

/** Says one line and checks Sarah answered it within the turn budget. */
async function timedSay(t: Transcript, text: string): Promise<string> {
  const before = t.agent.length;
  const started = performance.now();
  await t.say(text);
  expect(performance.now() - started, `"${text}" answered in time`).toBeLessThan(TURN_BUDGET_MS);
  expect(t.agent.length, `"${text}" answered`).toBeGreaterThan(before);
  return t.lastReply();
}

async function breakerOnMetrics(dependency: string): Promise<number | undefined> {
  const text = (await server!.inject({ method: 'GET', url: '/metrics' })).body;
  const line = new RegExp(`^sarah_dependency_breaker_state\\{dependency="${dependency}"\\} (\\d)$`, 'm').exec(
    text,
  );
  return line ? Number(line[1]) : undefined;
}

async function readiness() {
  const response = await server!.inject({ method: 'GET', url: '/readyz' });
  return { code: response.statusCode, body: response.json() as unknown };
}

describe('every outside call goes through its guard', () => {
  it('a calendar outage: the booking page and a follow-up are offered, nothing is booked, the breaker opens', async () => {
    const findSlots = down();
    const book = down();
    const calendar: CalendarService = { findSlots, book, cancel: down(), updateAttendee: down() };
    const app = await appWith({ calendar });
    const t = await talk(app);

    await timedSay(t, 'Yes, keep a transcript. We are 20 people on HubSpot');
    const reply = await timedSay(t, 'Yes please, can we find a time for a call?');
    expect(reply).toContain(calendarUnavailable(BOOKING_URL));
    expect(reply).not.toMatch(/error/i);
    expect(t.tools.find((c) => c.name === 'check_availability')?.error).toBe(true);

    // "Yes" takes the offered follow-up by email; no booking is claimed anywhere.
    expect(await timedSay(t, 'yes please')).toContain(ASK_FOLLOW_UP_EMAIL);
    await timedSay(t, 'sam@acme.io');
    expect(t.tools.at(-1)).toMatchObject({ name: 'request_human', output: { followUp: true } });

    // The trialist keeps asking: each turn still answers in time, and the breaker opens.
    let turns = 1;
    while (app.guards.calendar.breakerState !== 'open' && turns < 10) {
      expect(await timedSay(t, ASK_FOR_TIMES)).toMatch(/scheduling tool/i);
      turns += 1;
    }
    expect(app.guards.calendar.breakerState).toBe('open');
    const attemptsWhileDown = findSlots.mock.calls.length;
    // One findSlots a turn when the calendar is healthy; the outage may add at most 20%.
    expect(attemptsWhileDown).toBeLessThanOrEqual(1.2 * turns);

    // Open: the next turn does not even try, and still offers the way forward.
    expect(await timedSay(t, ASK_FOR_TIMES)).toContain(BOOKING_URL);
    expect(findSlots.mock.calls.length).toBe(attemptsWhileDown);
    expect(book).not.toHaveBeenCalled();
    expect(t.conversation.context.booking).toBeUndefined();
    expect(t.agent.join(' ')).not.toMatch(/you're booked|all set/i);

    expect(await breakerOnMetrics('calendar')).toBe(2);
    expect(await breakerOnMetrics('knowledge')).toBe(0);
    const ready = await readiness();
    expect(ready.code).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ready',
      dependencies: {
        calendar: { breaker: 'open' },
        knowledge: { breaker: 'closed' },
        email: { breaker: 'closed' },
      },
    });
    await t.conversation.end('test');
  });

  it('a calendar that fails on the insert: no booking is claimed, and the insert is not retried', async () => {
    const app = await appWith({});
    const book = vi.fn(() => Promise.reject(Object.assign(new Error('backend error'), { status: 503 })));
    const failingInsert: CalendarService = {
      findSlots: (request) => app.services.calendar.findSlots(request),
      book,
      cancel: (id) => app.services.calendar.cancel(id),
      updateAttendee: (id, email) => app.services.calendar.updateAttendee(id, email),
    };
    const t = await talk(app, { services: { calendar: guardCalendar(failingInsert, app.guards.calendar) } });
    await timedSay(t, 'We are 30 people on Salesforce');
    await timedSay(t, 'Yes please');
    await timedSay(t, 'the first one');
    await timedSay(t, 'robin@example.com');
    const reply = await timedSay(t, 'yes');
    expect(reply).toContain(BOOKING_URL);
    expect(reply).not.toMatch(/booked|all set/i);
    expect(book).toHaveBeenCalledTimes(1);
    expect(t.conversation.context.booking).toBeUndefined();
    const slot = t.conversation.context.offeredSlots[0]!;
    expect(await app.store.bookings.listBetween(slot.startUtc, slot.endUtc)).toHaveLength(0);
    await t.conversation.end('test');
  });

  it('a knowledge outage: Sarah says she cannot reach the articles and keeps what she was told', async () => {
    const search = down();
    const app = await appWith({ knowledge: { search } });
    const t = await talk(app);
    await timedSay(t, 'We are 12 people using HubSpot');
    expect(await timedSay(t, 'How do I set up approvals?')).toContain(COPY.knowledgeUnavailable);
    expect(t.conversation.context.signals.teamSize).toBe(12);
    expect(search).toHaveBeenCalled();
    expect((await readiness()).body).toMatchObject({ status: 'ready', dependencies: { knowledge: {} } });
    await t.conversation.end('test');
  });

  it('an email outage: Sarah says the guide did not go and points to the help center', async () => {
    const sendResource = down();
    const app = await appWith({
      email: { sendResource, sendBookingConfirmation: down(), sendBookingCancellation: down() },
    });
    const t = await talk(app);
    await timedSay(t, 'Hi, I am jo@acme.io and we are a team of 2');
    await timedSay(t, 'Can we book a demo?');
    expect(await timedSay(t, 'yes please')).toContain(COPY.emailNotSent);
    expect(sendResource).toHaveBeenCalled();
    await t.conversation.end('test');
  });
});
