import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { metrics } from '../../src/observability/metrics.js';
import { createAmplitudeAnalytics, type AmplitudeAnalytics } from '../../src/services/analytics/amplitude.js';
import { ANALYTICS_EVENT_NAMES, EVENT_CATALOGUE, cleanEvent } from '../../src/services/analytics/events.js';
import { pseudonymousId } from '../../src/services/analytics/pseudonym.js';
import type { AnalyticsProperties } from '../../src/services/analytics/types.js';
import { createOutbox } from '../../src/services/outbox/index.js';
import { startFakeAmplitude, type FakeAmplitude } from '../fakes/amplitude.js';
import { talk, testApp } from '../support/app.js';
import { outboxRig, type OutboxRig } from '../support/outbox_rig.js';

const silent = pino({ level: 'silent' });
const SALT = 'test-analytics-salt-0123456789';
const SESSION = '6f1c2d9e-0000-4000-8000-000000000001';
/**
 * The request timeout in the test about a slow Amplitude. The others wait longer: a loaded CI
 * machine can take more than 300 ms to answer, and a batch would then go out twice.
 */
const REQUEST_TIMEOUT_MS = 300;
const PATIENT_TIMEOUT_MS = 5_000;
const THROTTLE_MS = 30_000;

/** A valid value for every property in the catalogue, so each event can be exercised fully. */
const SAMPLE_PROPERTIES: Record<string, AnalyticsProperties> = {
  session_started: { channel: 'web' },
  consent_given: {},
  consent_declined: {},
  question_answered: { articleId: 'pricing-tables', hit: true },
  qualification_signal: { signal: 'teamSize' },
  tier_changed: { tier: 'sales_ready' },
  meeting_offered: { slots: 3 },
  meeting_booked: {},
  booking_failed: { reason: 'slot_taken' },
  handoff: { reason: 'billing' },
  feedback_submitted: { score: 9, with_comment: true },
  session_ended: {
    duration_s: 312,
    turns: 7,
    last_state: 'NEXT_STEPS',
    drop_off: false,
    reason: 'user_ended',
  },
};

/** Values that must never reach analytics, whichever property they hide in. */
const PERSONAL = {
  email: 'jo.lee@acme-example.com',
  name: 'Jo Lee',
  phone: '+1 415 555 0199',
  sentence: 'we are unhappy with the contract renewal',
};

interface Rig extends OutboxRig {
  analytics: AmplitudeAnalytics;
}

async function rig(
  fake: FakeAmplitude,
  env: Record<string, string> = {},
  requestTimeoutMs = PATIENT_TIMEOUT_MS,
): Promise<Rig> {
  const base = await outboxRig('amplitude');
  const config = loadConfig({
    AMPLITUDE_API_KEY: fake.apiKey,
    AMPLITUDE_SERVER_URL: fake.url,
    ANALYTICS_SALT: SALT,
    ...env,
  });
  const analytics = createAmplitudeAnalytics(config, base.outbox, {
    now: base.now,
    delivery: { requestTimeoutMs, throttleMs: THROTTLE_MS },
  })!;
  return {
    ...base,
    analytics,
    async deliverAll(maxPasses) {
      await analytics.flush();
      await base.deliverAll(maxPasses);
    },
  };
}

function trackSome(analytics: AmplitudeAnalytics, count: number): void {
  for (let i = 0; i < count; i += 1) analytics.track(SESSION, 'meeting_offered', { slots: i + 1 });
}

const insertIds = (fake: FakeAmplitude) => fake.ingested.map((e) => e.insert_id);

describe('the analytics event catalogue', () => {
  it('lists exactly the events of the issue', () => {
    expect([...ANALYTICS_EVENT_NAMES].sort()).toEqual(Object.keys(SAMPLE_PROPERTIES).sort());
  });

  it.each(ANALYTICS_EVENT_NAMES)('%s keeps its own properties and drops anything personal', (name) => {
    const allowed = SAMPLE_PROPERTIES[name]!;
    expect(Object.keys(allowed).sort()).toEqual(Object.keys(EVENT_CATALOGUE[name]).sort());
    const clean = cleanEvent(name, {
      ...allowed,
      email: PERSONAL.email,
      name: PERSONAL.name,
      phone: PERSONAL.phone,
      userText: PERSONAL.sentence,
    });
    expect(clean?.properties).toEqual(allowed);
    expect(clean?.dropped.sort()).toEqual(['email', 'name', 'phone', 'userText']);
  });

  it.each(ANALYTICS_EVENT_NAMES)('%s refuses personal data smuggled into an allowed property', (name) => {
    const smuggled = Object.fromEntries(
      Object.keys(EVENT_CATALOGUE[name]).map((key, i) => [key, Object.values(PERSONAL)[i % 4]!]),
    );
    expect(cleanEvent(name, smuggled)?.properties).toEqual({});
  });

  it('refuses events it does not know, and out-of-range values', () => {
    expect(cleanEvent('knowledge_searched', { found: true })).toBeUndefined();
    expect(cleanEvent('__proto__')).toBeUndefined();
    expect(cleanEvent('feedback_submitted', { score: 11 })?.dropped).toEqual(['score']);
    expect(cleanEvent('feedback_submitted', { score: 7.5 })?.dropped).toEqual(['score']);
    expect(cleanEvent('tier_changed', { tier: 'enterprise' })?.dropped).toEqual(['tier']);
    expect(cleanEvent('handoff', { reason: '4155550199' })?.dropped).toEqual(['reason']);
  });
});

describe('Amplitude through the outbox', () => {
  let fake: FakeAmplitude;
  let r: Rig;

  beforeEach(async () => {
    fake = await startFakeAmplitude();
    r = await rig(fake);
  });

  afterEach(async () => {
    await fake.close();
    await r.database.close();
  });

  it('sends cleaned, pseudonymous events in one batch, keyed by the outbox row id', async () => {
    r.analytics.track(SESSION, 'session_started', { channel: 'web' });
    r.analytics.track(SESSION, 'question_answered', { articleId: 'pricing-tables', hit: true, query: 'hi' });
    r.analytics.track(SESSION, 'knowledge_searched', { found: true });
    await r.deliverAll();

    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.apiKey).toBe(fake.apiKey);
    expect(fake.ingested.map((e) => e.event_type)).toEqual(['session_started', 'question_answered']);
    const id = pseudonymousId(SALT, SESSION);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    for (const event of fake.ingested) {
      expect(event.user_id).toBe(id);
      expect(event.device_id).toBe(id);
      expect(JSON.stringify(event)).not.toContain(SESSION);
      expect(event.time).toBe(Date.parse('2026-11-25T15:00:00Z'));
    }
    expect(fake.ingested[1]!.event_properties).toEqual({ articleId: 'pricing-tables', hit: true });
    const rows = await r.outbox.repository.list('amplitude');
    expect(insertIds(fake).sort()).toEqual(rows.map((row) => row.id).sort());
    expect(rows.map((row) => row.status)).toEqual(['delivered', 'delivered']);
    expect(rows.every((row) => !row.payload.includes(SESSION))).toBe(true);
  });

  it('keeps events while Amplitude is down (connection refused) and sends each once after', async () => {
    await fake.down();
    trackSome(r.analytics, 3);
    await r.analytics.flush();
    await r.outbox.deliverDue();
    expect(await r.statuses()).toEqual(['pending', 'pending', 'pending']);
    const rows = await r.outbox.repository.list('amplitude');
    expect(
      rows.every((row) => row.attempts === 1 && row.lastError?.startsWith('Amplitude answered nothing')),
    ).toBe(true);

    await r.outbox.deliverDue(); // the backoff has not elapsed: nothing is tried
    await fake.up();
    await r.deliverAll();
    expect(await r.statuses()).toEqual(['delivered', 'delivered', 'delivered']);
    expect(fake.ingested).toHaveLength(3);
    expect(fake.repeats).toBe(0);
  });

  it('retries a batch Amplitude took but answered too slowly; the insert_id keeps it single', async () => {
    await r.database.close();
    r = await rig(fake, {}, REQUEST_TIMEOUT_MS);
    fake.slowMs = 3 * REQUEST_TIMEOUT_MS;
    fake.fail('slow');
    trackSome(r.analytics, 2);
    await r.analytics.flush();
    const started = Date.now();
    await r.outbox.deliverDue();
    expect(Date.now() - started).toBeLessThan(2 * REQUEST_TIMEOUT_MS + 500);
    expect(await r.statuses()).toEqual(['pending', 'pending']);

    await r.deliverAll();
    expect(await r.statuses()).toEqual(['delivered', 'delivered']);
    expect(fake.requests).toHaveLength(2);
    expect(fake.ingested).toHaveLength(2); // Amplitude dedupes the resent copies by insert_id
    expect(fake.repeats).toBe(2);
  });

  it('waits out a burst of 429s (throttling body, Retry-After) before trying again', async () => {
    fake.fail(
      { status: 429, retryAfterS: 2 },
      { status: 429, retryAfterS: 2 },
      { status: 429, retryAfterS: 2 },
    );
    trackSome(r.analytics, 2);
    await r.analytics.flush();
    await r.outbox.deliverDue();
    const [row] = await r.outbox.repository.list('amplitude');
    expect(row!.lastError).toMatch(/429/);
    expect(Date.parse(row!.nextAttemptAt) - Date.parse('2026-11-25T15:00:00Z')).toBe(THROTTLE_MS);

    r.advance(THROTTLE_MS - 1);
    await r.outbox.deliverDue();
    expect(fake.requests).toHaveLength(1); // still throttled: no request

    await r.deliverAll();
    expect(fake.requests.map((q) => q.answered)).toEqual([429, 429, 429, 200]);
    expect(fake.ingested).toHaveLength(2);
  });

  it('retries through 5xx answers and malformed or cut-off responses', async () => {
    // Five failures in a row: one short of the attempts allowed (6).
    fake.fail({ status: 500 }, 'malformed', 'no_code', 'cut', { status: 503 });
    trackSome(r.analytics, 4);
    await r.deliverAll();
    expect(fake.requests.map((q) => q.answered)).toEqual([500, 'malformed', 'no_code', 'cut', 503, 200]);
    expect(await r.statuses()).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    expect(fake.ingested).toHaveLength(4);
    expect(new Set(insertIds(fake)).size).toBe(4);
  });

  it('survives flapping: down, up with errors, down again, then steady', async () => {
    trackSome(r.analytics, 3);
    await r.analytics.flush();
    const steps: Array<() => Promise<void> | void> = [
      () => fake.down(),
      () => fake.up(),
      () => fake.fail({ status: 502 }),
      () => fake.down(),
      () => fake.up(),
    ];
    for (const step of steps) {
      await step();
      await r.outbox.deliverDue();
      r.advance(60_000);
      if (step === steps[2]) trackSome(r.analytics, 2); // new events keep arriving meanwhile
    }
    await r.deliverAll();
    expect(await r.statuses()).toEqual(Array(5).fill('delivered'));
    expect(fake.ingested).toHaveLength(5);
    expect(new Set(insertIds(fake)).size).toBe(5);
    expect(fake.repeats).toBe(0);
  });

  it('parks events after the last attempt when Amplitude keeps refusing them (400), and counts it', async () => {
    const before =
      (await metrics.outboxFailed.get()).values.find((v) => v.labels.kind === 'amplitude')?.value ?? 0;
    fake.fail(...Array(6).fill({ status: 400 }));
    trackSome(r.analytics, 1);
    await r.deliverAll(10);
    expect(await r.statuses()).toEqual(['failed']);
    expect(fake.requests).toHaveLength(6);
    const after =
      (await metrics.outboxFailed.get()).values.find((v) => v.labels.kind === 'amplitude')?.value ?? 0;
    expect(after - before).toBe(1);
  });

  it('is refused at start-up without a salt for the ids', () => {
    expect(() => loadConfig({ AMPLITUDE_API_KEY: 'k', AMPLITUDE_SERVER_URL: fake.url })).toThrow(
      /ANALYTICS_SALT/,
    );
  });

  it('flushes on shutdown, and what could not be sent goes out after the next start', async () => {
    r.outbox.start();
    trackSome(r.analytics, 2);
    await r.analytics.flush();
    const report = await r.outbox.stop(3_000);
    expect(report.pending).toBe(0);
    expect(fake.ingested).toHaveLength(2);

    // Amplitude down at shutdown: the rows stay in the store for the next process.
    await fake.down();
    const next = createOutbox({ database: r.database }, silent, { wakeDelayMs: 5 });
    const analytics = createAmplitudeAnalytics(
      loadConfig({ AMPLITUDE_API_KEY: fake.apiKey, AMPLITUDE_SERVER_URL: fake.url, ANALYTICS_SALT: SALT }),
      next,
      { delivery: { requestTimeoutMs: REQUEST_TIMEOUT_MS } },
    )!;
    next.start();
    analytics.track(SESSION, 'session_ended', {
      duration_s: 5,
      turns: 1,
      last_state: 'DISCOVERY',
      drop_off: true,
    });
    await analytics.flush();
    const stopped = await next.stop(1_000);
    expect(stopped).toMatchObject({ pending: 1 });

    // The next process starts after Amplitude is back and once the row's backoff has run out.
    await fake.up();
    const [row] = (await r.outbox.repository.list('amplitude')).filter((x) => x.status === 'pending');
    expect(row).toMatchObject({ attempts: 1 });
    const due = createOutbox({ database: r.database }, silent, {
      now: () => new Date(Date.parse(row!.nextAttemptAt) + 1),
    });
    createAmplitudeAnalytics(
      loadConfig({ AMPLITUDE_API_KEY: fake.apiKey, AMPLITUDE_SERVER_URL: fake.url, ANALYTICS_SALT: SALT }),
      due,
    );
    expect(await due.deliverDue()).toBe(1);
    expect(fake.ingested.map((e) => e.event_type)).toEqual([
      'meeting_offered',
      'meeting_offered',
      'session_ended',
    ]);
  });
});

describe('analytics of a real conversation', () => {
  let app: App;
  let fake: FakeAmplitude;

  beforeAll(async () => {
    app = await testApp();
    fake = await startFakeAmplitude();
  });

  afterAll(async () => {
    await fake.close();
    await app.close();
  });

  it('sends only catalogued facts: no name, email, phone, words or session id in any event', async () => {
    const outbox = createOutbox(app.store, silent, { wakeDelayMs: 5 });
    const config = loadConfig({
      AMPLITUDE_API_KEY: fake.apiKey,
      AMPLITUDE_SERVER_URL: fake.url,
      ANALYTICS_SALT: SALT,
    });
    const analytics = createAmplitudeAnalytics(config, outbox)!;
    const t = await talk(app, { services: { analytics } });
    for (const line of [
      `Yes, that's fine. I'm ${PERSONAL.name}, call me on ${PERSONAL.phone}`,
      'How do I add a pricing table to my template?',
      'We have 25 sales reps and use Salesforce',
      'Yes, please find a time',
      'The second one works',
      `my email is ${PERSONAL.email}`,
      'yes',
    ]) {
      await t.say(line);
    }
    await t.conversation.end('user_ended');
    await analytics.flush();
    await outbox.stop(5_000);

    const names = fake.ingested.map((e) => e.event_type);
    for (const expected of [
      'session_started',
      'consent_given',
      'question_answered',
      'qualification_signal',
      'tier_changed',
      'meeting_offered',
      'meeting_booked',
      'session_ended',
    ]) {
      expect(names, expected).toContain(expected);
    }
    const sessionId = t.conversation.context.sessionId;
    const words = [
      PERSONAL.email,
      PERSONAL.name,
      'Jo',
      'Lee',
      '415',
      '0199',
      sessionId,
      'pricing table',
      'Salesforce',
    ];
    for (const event of fake.ingested) {
      // What the event says: its name and properties. Times and ids (hashes, numbers) are ours and
      // may contain any run of digits; the ids are checked on their own just below.
      const { event_type, event_properties, user_properties } = event as Record<string, unknown>;
      const text = JSON.stringify({ event_type, event_properties, user_properties });
      for (const word of words) expect(text, `${event.event_type} contains ${word}`).not.toContain(word);
      expect(event.user_id).toBe(pseudonymousId(SALT, sessionId));
      // every property is one the catalogue allows, with an allowed value
      const clean = cleanEvent(event.event_type, event.event_properties as AnalyticsProperties);
      expect(clean?.dropped, event.event_type).toEqual([]);
    }
  });
});
