import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { inviteRedirected, meetingCancelled, meetingMoved } from '../../src/conversation/index.js';
import { startWebhookReceiver, type FakeWebhookReceiver } from '../fakes/webhook_receiver.js';
import { talk } from '../support/app.js';
import { testApp } from '../support/app.js';
import { startSink, type Sink } from '../support/smtp_sink.js';

const SECRET = 'meeting-changes-webhook-secret-0123';

let sink: Sink;
let crm: FakeWebhookReceiver;
let app: App;

beforeAll(async () => {
  sink = await startSink();
  crm = await startWebhookReceiver(SECRET);
  app = await testApp({
    SMTP_URL: sink.url,
    EMAIL_FROM: 'Sarah at PandaDoc <sarah@sarah-test.example>',
    HANDOFF_WEBHOOK_URL: crm.url,
    HANDOFF_WEBHOOK_SECRET: SECRET,
  });
});

afterAll(async () => {
  await app.close();
  await Promise.all([sink.close(), crm.close()]);
});

/** Waits for the outbox to hand `count` messages to the SMTP server. */
async function mailsArrived(count: number): Promise<ParsedMail[]> {
  const deadline = Date.now() + 10_000;
  while (sink.received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return sink.received.slice(0, count);
}

/** The invite of a message as unfolded lines, from its text/calendar part. */
function inviteLines(mail: ParsedMail): string[] {
  const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
  expect(part, `no calendar part in "${mail.subject}"`).toBeDefined();
  return part!.content.toString('utf8').replace(/\r\n /g, '').split('\r\n');
}

const field = (lines: string[], name: string) =>
  lines.find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1);

describe('changing a call booked in the chat', () => {
  it("keeps the trialist's calendar in step: one event, updated when moved or readdressed, removed when cancelled", async () => {
    const t = await talk(app);
    await t.say('We have 12 reps on HubSpot');
    await t.say('yes, Tuesday at 10am');
    await t.say('sam@example.com');
    await t.say('yes');
    const first = t.conversation.context.booking;
    expect(first?.startUtc).toBe('2026-12-01T15:00:00Z');

    await t.say('can we move it to Thursday at 3 instead?');
    const moved = t.conversation.context.booking;
    expect(moved?.startUtc).toBe('2026-12-03T20:00:00Z');
    expect(moved?.bookingId).not.toBe(first!.bookingId);
    expect(t.lastReply()).toBe(
      meetingMoved('Thursday, December 3 at 3:00 PM Eastern time', 'sam@example.com'),
    );

    await t.say('Actually, use my work email instead: sam.rivera@acme-example.com');
    expect(t.conversation.context.booking?.email).toBe('sam.rivera@acme-example.com');
    expect(t.lastReply()).toBe(
      inviteRedirected('Thursday, December 3 at 3:00 PM Eastern time', 'sam.rivera@acme-example.com'),
    );

    await t.say('actually please cancel the meeting');
    expect(t.conversation.context.booking).toBeUndefined();
    // The whole reply: the cancellation, without a contradicting "nothing is booked" after it.
    expect(t.lastReply()).toBe(meetingCancelled());
    await t.conversation.end('test');

    const [booked, movedMail, readdressed, cancelled] = await mailsArrived(4);
    expect(sink.received).toHaveLength(4);
    const invites = [booked!, movedMail!, readdressed!, cancelled!].map(inviteLines);

    // One UID throughout (the first booking's id), so calendars change the one event they hold.
    for (const lines of invites) expect(field(lines, 'UID')).toBe(first!.bookingId);
    expect(invites.map((lines) => field(lines, 'SEQUENCE'))).toEqual(['0', '1', '2', '3']);
    expect(invites.map((lines) => field(lines, 'METHOD'))).toEqual([
      'REQUEST',
      'REQUEST',
      'REQUEST',
      'CANCEL',
    ]);
    expect(invites.map((lines) => field(lines, 'DTSTART'))).toEqual([
      '20261201T150000Z',
      '20261203T200000Z',
      '20261203T200000Z',
      '20261203T200000Z',
    ]);
    expect(field(invites[3]!, 'STATUS')).toBe('CANCELLED');

    expect(booked!.to).toMatchObject({ value: [{ address: 'sam@example.com' }] });
    expect(movedMail!.to).toMatchObject({ value: [{ address: 'sam@example.com' }] });
    expect(movedMail!.subject).toMatch(/^Your PandaDoc call has moved: Thursday, December 3 at 3:00 PM EST$/);
    expect(readdressed!.to).toMatchObject({ value: [{ address: 'sam.rivera@acme-example.com' }] });
    expect(cancelled!.to).toMatchObject({ value: [{ address: 'sam.rivera@acme-example.com' }] });
    expect(cancelled!.subject).toMatch(/^Cancelled: your PandaDoc call on Thursday, December 3/);

    // The CRM hears of each change, with the booking as it now stands.
    const deadline = Date.now() + 10_000;
    while (crm.processed.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const notices = crm.processed.filter(
      (n) => (n.session as { id: string }).id === t.conversation.sessionId,
    );
    expect(notices.map((n) => [n.type, n.reason])).toEqual([
      ['booking', 'booked'],
      ['booking_changed', 'moved'],
      ['booking_changed', 'new_address'],
      ['booking_changed', 'cancelled'],
    ]);
    expect(notices[1]).toMatchObject({
      booking: { bookingId: moved!.bookingId, startUtc: '2026-12-03T20:00:00Z' },
      previousBookingId: first!.bookingId,
      contact: { email: 'sam@example.com' },
    });
    expect(notices[3]).toMatchObject({ contact: { email: 'sam.rivera@acme-example.com' } });
    expect(crm.requests.every((r) => r.signatureValid)).toBe(true);
  });

  it('says so when the cancellation email cannot be queued, and the call is still cancelled', async () => {
    const email = app.services.email;
    const t = await talk(app, {
      services: {
        email: { ...email, sendBookingCancellation: () => Promise.reject(new Error('store down')) },
      },
    });
    await t.say('We have 12 reps on HubSpot');
    await t.say('yes, Tuesday at 11am');
    await t.say('robin@example.com');
    await t.say('yes');
    expect(t.conversation.context.booking).toBeDefined();
    await t.say('please cancel the meeting');
    expect(t.conversation.context.booking).toBeUndefined();
    expect(t.lastReply()).toBe(meetingCancelled(false));
    await t.conversation.end('test');
  });
});
