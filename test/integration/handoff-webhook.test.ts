import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handoffSummary } from '../../src/agent/handoff_summary.js';
import { SessionContext } from '../../src/agent/context.js';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_THRESHOLDS } from '../../src/conversation/index.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../src/services/handoff/signature.js';
import {
  NoopHandoffNotifier,
  type HandoffNotifier,
  type HandoffSummary,
} from '../../src/services/handoff/types.js';
import { createHandoffNotifier } from '../../src/services/handoff/webhook.js';
import { createOutbox } from '../../src/services/outbox/index.js';
import { migrateToLatest, openDatabase } from '../../src/store/index.js';
import { startWebhookReceiver, type FakeWebhookReceiver } from '../fakes/webhook_receiver.js';
import { outboxRig, type OutboxRig } from '../support/outbox_rig.js';

const silent = pino({ level: 'silent' });
const SECRET = 'whsec-test-0123456789abcdef';
/**
 * The request timeout in the test about a slow receiver. The others wait longer: a loaded CI
 * machine can take more than 300 ms to answer, and a notice would then go out twice.
 */
const TIMEOUT_MS = 300;
const PATIENT_TIMEOUT_MS = 5_000;

const SUMMARY: HandoffSummary = {
  sessionId: 'sess-42',
  channel: 'web',
  at: '2026-11-25T15:00:00.000Z',
  reason: 'billing',
  tier: 'sales_ready',
  signals: { teamSize: 25, integrations: ['salesforce'], useCase: 'sales' },
  booking: null,
  contactEmail: 'jo.lee@acme-example.com',
};

interface Rig extends OutboxRig {
  notifier: HandoffNotifier;
}

async function rig(url: string, timeoutMs = PATIENT_TIMEOUT_MS): Promise<Rig> {
  const base = await outboxRig('handoff_webhook', { random: () => 0.5 });
  const config = loadConfig({ HANDOFF_WEBHOOK_URL: url, HANDOFF_WEBHOOK_SECRET: SECRET });
  const notifier = createHandoffNotifier(config, base.outbox, { timeoutMs });
  return { ...base, notifier };
}

describe('hand-off webhook configuration', () => {
  it('does nothing when no webhook is set', async () => {
    const database = await openDatabase({ sqlitePath: ':memory:' });
    await migrateToLatest(database.db);
    const outbox = createOutbox({ database }, silent);
    const notifier = createHandoffNotifier(loadConfig({}), outbox);
    expect(notifier).toBeInstanceOf(NoopHandoffNotifier);
    await notifier.handedOff(SUMMARY);
    expect(await outbox.repository.list()).toEqual([]);
    await database.close();
  });

  it('is refused at start-up without its secret, or with a short one', () => {
    expect(() => loadConfig({ HANDOFF_WEBHOOK_URL: 'https://crm.example.com/hook' })).toThrow(
      /HANDOFF_WEBHOOK_SECRET/,
    );
    expect(() =>
      loadConfig({ HANDOFF_WEBHOOK_URL: 'https://crm.example.com/hook', HANDOFF_WEBHOOK_SECRET: 'short' }),
    ).toThrow(/HANDOFF_WEBHOOK_SECRET/);
    const parts = loadConfig({
      HANDOFF_WEBHOOK_URL: 'https://crm.example.com/hook',
      HANDOFF_WEBHOOK_SECRET: SECRET,
    }).parts;
    expect(parts.find((p) => p.part === 'handoff')).toMatchObject({ mode: 'production' });
  });

  it('summarises a conversation without its transcript', () => {
    const context = new SessionContext(
      'sess-7',
      'voice',
      'Europe/Paris',
      DEFAULT_THRESHOLDS,
      () => new Date('2026-11-25T15:00:00Z'),
    );
    context.updateSignals({ teamSize: 12, integrations: ['hubspot'] });
    context.rememberEmail('sam@example.org');
    expect(handoffSummary(context, 'frustration')).toEqual({
      sessionId: 'sess-7',
      channel: 'voice',
      at: '2026-11-25T15:00:00.000Z',
      reason: 'frustration',
      tier: 'sales_ready',
      signals: { teamSize: 12, integrations: ['hubspot'] },
      booking: null,
      contactEmail: 'sam@example.org',
    });
  });
});

describe('hand-off webhook through the outbox', () => {
  let receiver: FakeWebhookReceiver;
  let r: Rig;

  beforeEach(async () => {
    receiver = await startWebhookReceiver(SECRET);
    r = await rig(receiver.url);
  });

  afterEach(async () => {
    await receiver.close();
    await r.database.close();
  });

  it('POSTs a signed JSON summary the receiver can verify', async () => {
    await r.notifier.handedOff(SUMMARY);
    await r.notifier.booked({
      ...SUMMARY,
      reason: 'booked',
      booking: { bookingId: 'b-1', startUtc: '2026-11-26T19:00:00.000Z', timeZone: 'America/New_York' },
    });
    await r.deliverAll();

    expect(receiver.requests.map((q) => [q.signatureValid, q.answered])).toEqual([
      [true, 202],
      [true, 202],
    ]);
    const [handoff, booking] = receiver.processed;
    expect(handoff).toMatchObject({
      type: 'handoff',
      occurredAt: SUMMARY.at,
      session: { id: 'sess-42', channel: 'web' },
      reason: 'billing',
      tier: 'sales_ready',
      signals: {
        teamSize: 25,
        monthlyVolume: null,
        useCase: 'sales',
        integrations: ['salesforce'],
        industry: null,
        urgency: null,
      },
      booking: null,
      contact: { email: 'jo.lee@acme-example.com' },
    });
    expect(booking).toMatchObject({ type: 'booking', booking: { bookingId: 'b-1' } });
    expect(Object.keys(handoff!).sort()).toEqual(
      ['booking', 'contact', 'id', 'occurredAt', 'reason', 'session', 'signals', 'tier', 'type'].sort(),
    );

    const request = receiver.requests[0]!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-sarah-event']).toBe('handoff');
    expect(request.headers['x-sarah-delivery']).toBe(handoff!.id);
    const signature = String(request.headers[SIGNATURE_HEADER]);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // Our own helper for receivers agrees, and rejects a tampered body, a wrong secret or an old request.
    expect(verifyWebhookSignature(SECRET, signature, request.body)).toBe(true);
    expect(verifyWebhookSignature(SECRET, signature, request.body.replace('billing', 'legal'))).toBe(false);
    expect(verifyWebhookSignature('another-secret-0123', signature, request.body)).toBe(false);
    expect(
      verifyWebhookSignature(SECRET, signature, request.body, { now: new Date(Date.now() + 10 * 60_000) }),
    ).toBe(false);
  });

  it('keeps the notice while the CRM is down and delivers it once it is back', async () => {
    await receiver.down();
    await r.notifier.handedOff(SUMMARY);
    await r.outbox.deliverDue();
    const [row] = await r.outbox.repository.list('handoff_webhook');
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toMatch(/^unreachable/);
    await receiver.up();
    await r.deliverAll();
    expect(await r.statuses()).toEqual(['delivered']);
    expect(receiver.processed).toHaveLength(1);
  });

  it('retries a receiver slower than the timeout; the delivery id keeps it single', async () => {
    await r.database.close();
    r = await rig(receiver.url, TIMEOUT_MS);
    receiver.slowMs = 4 * TIMEOUT_MS;
    receiver.fail('slow');
    await r.notifier.handedOff(SUMMARY);
    const started = Date.now();
    await r.outbox.deliverDue();
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 500);
    expect(await r.statuses()).toEqual(['pending']);
    await r.deliverAll();
    expect(await r.statuses()).toEqual(['delivered']);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.processed).toHaveLength(1);
    expect(receiver.repeats).toBe(1);
    // Each attempt is signed afresh with the same delivery id.
    expect(receiver.requests[0]!.headers['x-sarah-delivery']).toBe(
      receiver.requests[1]!.headers['x-sarah-delivery'],
    );
  });

  it('honours Retry-After on a burst of 429s (seconds or a date)', async () => {
    receiver.fail(
      { status: 429, retryAfter: '20' },
      { status: 503, retryAfter: new Date(Date.now() + 40_000).toUTCString() },
      { status: 429 },
    );
    await r.notifier.handedOff(SUMMARY);
    await r.outbox.deliverDue();
    let [row] = await r.outbox.repository.list('handoff_webhook');
    expect(Date.parse(row!.nextAttemptAt) - r.now().getTime()).toBe(20_000);
    r.advance(20_000);
    await r.outbox.deliverDue();
    [row] = await r.outbox.repository.list('handoff_webhook');
    const wait = Date.parse(row!.nextAttemptAt) - r.now().getTime();
    expect(wait).toBeGreaterThan(38_000);
    expect(wait).toBeLessThanOrEqual(40_000);
    await r.deliverAll();
    expect(receiver.requests.map((q) => q.answered)).toEqual([429, 503, 429, 202]);
    expect(receiver.processed).toHaveLength(1);
  });

  it('retries 5xx, cut connections and a wrong signature; parks a body the CRM refuses for good', async () => {
    receiver.fail({ status: 500 }, 'cut', { status: 401 }, { status: 502 });
    await r.notifier.handedOff(SUMMARY);
    await r.deliverAll();
    expect(receiver.requests.map((q) => q.answered)).toEqual([500, 'cut', 401, 502, 202]);
    expect(await r.statuses()).toEqual(['delivered']);

    receiver.fail({ status: 422 });
    await r.notifier.booked({ ...SUMMARY, reason: 'booked' });
    await r.deliverAll();
    const rows = await r.outbox.repository.list('handoff_webhook');
    expect(rows.map((row) => row.status).sort()).toEqual(['delivered', 'failed']);
    expect(rows.find((row) => row.status === 'failed')!.lastError).toBe('refused: receiver answered 422');
  });

  it('treats a 2xx with a malformed body as delivered (the body is never read)', async () => {
    receiver.fail('garbage');
    await r.notifier.handedOff(SUMMARY);
    await r.deliverAll();
    expect(await r.statuses()).toEqual(['delivered']);
    expect(receiver.requests).toHaveLength(1);
  });

  it('survives flapping and never processes a notice twice', async () => {
    for (const reason of ['billing', 'legal', 'bug']) await r.notifier.handedOff({ ...SUMMARY, reason });
    await receiver.down();
    await r.outbox.deliverDue();
    r.advance(60_000);
    await receiver.up();
    receiver.fail({ status: 503 }, 'cut');
    await r.outbox.deliverDue();
    r.advance(60_000);
    await receiver.down();
    await r.outbox.deliverDue();
    r.advance(60_000);
    await receiver.up();
    await r.deliverAll();
    expect(await r.statuses()).toEqual(['delivered', 'delivered', 'delivered']);
    expect(receiver.processed.map((b) => b.reason).sort()).toEqual(['billing', 'bug', 'legal']);
    expect(receiver.repeats).toBe(0);
  });

  it('flushes on shutdown', async () => {
    r.outbox.start();
    await r.notifier.handedOff(SUMMARY);
    await r.notifier.booked({ ...SUMMARY, reason: 'booked' });
    const report = await r.outbox.stop(3_000);
    expect(report).toMatchObject({ pending: 0, timedOut: false });
    expect(receiver.processed).toHaveLength(2);
  });
});
