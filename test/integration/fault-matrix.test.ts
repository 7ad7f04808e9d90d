import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadLlmPlugin } from '../../src/agent/llm_factory.js';
import { loadConfig } from '../../src/config.js';
import { installFrameworkLogger } from '../../src/observability/logger.js';
import { talk, type Transcript } from '../support/app.js';
import { startProductionFakes, type ProductionFakes } from '../support/production_fakes.js';
import { scanBeforeClose } from '../support/pii_scan.js';

/**
 * The fault matrix at the level a trialist sees it: every production part runs against its fake,
 * one part at a time is broken (down, slow beyond its timeout, 429 bursts, malformed answers,
 * flapping), and a real conversation goes on. Each cell checks the turn is answered within 2 s with
 * the right line, nothing is claimed that did not happen, and nothing is lost once the part is back.
 * The per-client detail (retry counts, Retry-After, breaker states) is in each part's own tests.
 */
let fakes: ProductionFakes;
const apps: App[] = [];
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  installFrameworkLogger(logger, 'silent');
  fakes = await startProductionFakes();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await fakes.close();
});

/** A fresh app in production mode (every part on its fake), with a fresh knowledge cache. */
async function productionApp(extra: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({
    ...fakes.env,
    BOOKING_FALLBACK_URL: 'https://www.pandadoc.com/book-a-demo',
    ...extra,
  });
  await loadLlmPlugin(config);
  const app = scanBeforeClose(await createApp(config, logger, { sqlitePath: ':memory:' }));
  apps.push(app);
  return app;
}

/** Says `text` and returns how long the turn took. */
async function timedTurn(t: Transcript, text: string): Promise<number> {
  const started = performance.now();
  await t.say(text);
  return performance.now() - started;
}

const QUESTION = 'How do I add a signature field for my client?';

describe('knowledge (Unleash) under faults: the shipped corpus answers', () => {
  const faults = ['server_error', 'slow', 'rate_limited', 'malformed', 'flapping'] as const;
  for (const fault of faults) {
    it(`${fault}: answered within 2 s from the corpus`, async () => {
      const app = await productionApp();
      fakes.unleash.setMode(fault);
      fakes.unleash.slowMs = 2000; // twice UNLEASH_TIMEOUT_MS
      try {
        const t = await talk(app);
        await t.say("Yes that's fine.");
        // A distinct question per cell, so no cache from another cell answers it.
        const ms = await timedTurn(t, `${QUESTION} (${fault})`);
        expect(ms).toBeLessThan(2000);
        const search = t.tools.find((tool) => tool.name === 'search_knowledge');
        expect(search?.error).toBe(false);
        expect((search?.output as { results: unknown[] }).results.length).toBeGreaterThan(0);
        expect(t.lastReply()).toMatch(/field|sign/i);
        await t.conversation.end('test');
      } finally {
        fakes.unleash.setMode('normal');
      }
    });
  }
});

describe('calendar (Google) under faults: no booking claimed, the booking link offered', () => {
  const faults = [
    { name: 'server_error', fault: { mode: 'server_error' as const } },
    { name: 'slow', fault: { mode: 'slow' as const, delayMs: 4000 } },
    { name: 'rate_limited', fault: { mode: 'rate_limited' as const, retryAfterS: 30 } },
    { name: 'malformed', fault: { mode: 'malformed' as const } },
    { name: 'dropped', fault: { mode: 'dropped' as const } },
  ];
  for (const { name, fault } of faults) {
    it(`${name}: every turn within 2 s, the fallback line, nothing booked`, async () => {
      const app = await productionApp();
      const t = await talk(app);
      await t.say("Yes that's fine. We're a team of 30 and we use HubSpot.");
      fakes.google.fault({ ...fault, route: ['freeBusy', 'insert'] });
      try {
        const ms = await timedTurn(t, 'Can we book a call with sales?');
        expect(ms).toBeLessThan(2000);
        expect(t.lastReply()).toMatch(/scheduling tool|pandadoc\.com\/book-a-demo|email/i);
        expect(t.conversation.context.booking).toBeUndefined();
      } finally {
        fakes.google.clearFaults();
      }
      await app.close();
      apps.splice(apps.indexOf(app), 1);
    });
  }

  it('a lost insert answer: Sarah finds her own event: one booking, one event', async () => {
    const app = await productionApp();
    const t = await talk(app);
    await t.say("Yes that's fine. We're a team of 30 and we use HubSpot.");
    await t.say('Can we book a call with sales?');
    const inserts = fakes.google.count('insert');
    // The insert's answer is lost after Google made the event.
    fakes.google.fault({ route: 'insert', mode: 'server_error', applied: true, times: 1 });
    await t.say('The first one works');
    await t.say('jo@acme-example.com');
    await t.say('yes');
    // One insert: the lost answer is settled by reading the event back, not by inserting again.
    expect(fakes.google.count('insert') - inserts).toBe(1);
    const booking = t.conversation.context.booking;
    expect(booking, JSON.stringify(t.agent.slice(-3))).toBeDefined();
    const events = ['avery.collins@example.com', 'imogen.hartley@example.com', 'mateo.alvarez@example.com']
      .flatMap((calendar) => fakes.google.events(calendar))
      .filter(
        (event) =>
          event.status !== 'cancelled' &&
          new Date(event.start.dateTime).getTime() === new Date(booking!.startUtc).getTime(),
      );
    expect(events).toHaveLength(1);
    fakes.google.clearFaults();
    await t.conversation.end('test');
  });
});

describe('analytics, email and the CRM webhook down: the conversation goes on, nothing is lost', () => {
  it(
    'queues while they are down and delivers everything once they are back',
    { timeout: 30_000 },
    async () => {
      const app = await productionApp();
      await Promise.all([fakes.amplitude.down(), fakes.webhook.down()]);
      const eventsBefore = fakes.amplitude.ingested.length;
      const noticesBefore = fakes.webhook.processed.length;
      try {
        const t = await talk(app);
        await t.say("Yes that's fine.");
        const ms = await timedTurn(t, 'I want to talk to a person please, this is a billing question');
        expect(ms).toBeLessThan(2000);
        expect(t.conversation.context.handoff).toBe(true);
        await t.conversation.end('test');
      } finally {
        await Promise.all([fakes.amplitude.up(), fakes.webhook.up()]);
      }
      // The outbox retries with backoff; once the parts are back, what was queued arrives, once.
      const deadline = Date.now() + 20_000;
      const delivered = () =>
        fakes.amplitude.ingested.length > eventsBefore &&
        fakes.webhook.processed.slice(noticesBefore).some((n) => n.reason === 'billing');
      while (!delivered() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(delivered()).toBe(true);
      expect(fakes.webhook.repeats).toBe(0);
      expect(fakes.amplitude.repeats).toBe(0);
    },
  );
});

describe('Redis down: limits and caches fall back to this process', () => {
  it('starts and answers without Redis', async () => {
    const app = await productionApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    const t = await talk(app);
    await t.say("Yes that's fine.");
    const ms = await timedTurn(t, 'How do templates work?');
    expect(ms).toBeLessThan(2000);
    expect(t.lastReply()).toMatch(/template/i);
    await t.conversation.end('test');
  });
});
