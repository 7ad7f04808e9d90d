import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { EmbeddedEmailSender } from '../../src/services/email/embedded.js';
import { buildInvite } from '../../src/services/email/ics.js';
import { createSmtpSender, type SmtpEmailSender } from '../../src/services/email/smtp.js';
import type { BookingConfirmation } from '../../src/services/email/types.js';
import { Store, migrateToLatest, openDatabase } from '../../src/store/index.js';
import { outboxRig, type OutboxRig } from '../support/outbox_rig.js';
import { startSink, type Sink } from '../support/smtp_sink.js';
import { startFakeGoogleCalendar } from '../fakes/google_calendar.js';

/**
 * The SMTP timeout in the test that is about a slow server. The others wait longer: a loaded CI
 * machine can take more than 300 ms to answer, and the message would then be sent twice.
 */
const SLOW_SERVER_TIMEOUT_MS = 300;
const TIMEOUT_MS = 5_000;
const FROM = 'Sarah at PandaDoc <sarah@sarah-test.example>';

/** A server that answers every connection with noise instead of an SMTP greeting. */
async function startGarbageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: TcpServer = createTcpServer((socket) => {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const BOOKING: BookingConfirmation = {
  sessionId: 's-1',
  bookingId: 'b6d3c1f2-1111-4222-8333-444455556666',
  to: 'jo.lee@acme-example.com',
  startUtc: '2026-11-26T19:00:00.000Z',
  endUtc: '2026-11-26T19:30:00.000Z',
  userTimeZone: 'America/New_York',
  host: { name: 'Dana Smith' },
  meetingUrl: 'https://meet.example.com/abc-defg-hij',
};

interface Rig extends OutboxRig {
  email: SmtpEmailSender;
}

async function rig(url: string, env: Record<string, string> = {}, timeoutMs = TIMEOUT_MS): Promise<Rig> {
  const base = await outboxRig('email');
  const email = createSmtpSender(loadConfig({ SMTP_URL: url, EMAIL_FROM: FROM, ...env }), base.outbox, {
    now: base.now,
    delivery: { timeoutMs },
  })!;
  return { ...base, email };
}

const sendResource = (email: SmtpEmailSender, n: number) =>
  email.sendResource({
    sessionId: 's-1',
    to: `trialist${n}@acme-example.com`,
    subject: `Your PandaDoc guide ${n}`,
    resourceUrl: 'https://support.pandadoc.com/hc/en-us/articles/pricing-tables',
  });

describe('the calendar invite', () => {
  it('is a METHOD:REQUEST event in UTC with the booking id as UID, folded and escaped', () => {
    const ics = buildInvite({
      uid: 'booking-1',
      start: new Date('2026-11-26T19:00:00Z'),
      end: new Date('2026-11-26T19:30:00Z'),
      stamp: new Date('2026-11-25T15:00:00Z'),
      summary: 'Call; with sales, today',
      description: `Line one\nline two ${'x'.repeat(120)}`,
      organizer: { name: 'Sarah "the AI" at PandaDoc', email: 'sarah@example.com' },
      attendee: { email: 'jo@example.com' },
    });
    expect(ics).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(ics).toContain('\r\nUID:booking-1\r\n');
    expect(ics).toContain('\r\nDTSTART:20261126T190000Z\r\n');
    expect(ics).toContain('\r\nDTEND:20261126T193000Z\r\n');
    expect(ics).toContain('\r\nDTSTAMP:20261125T150000Z\r\n');
    expect(ics).toContain('SUMMARY:Call\\; with sales\\, today');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('ORGANIZER;CN="Sarah the AI at PandaDoc":mailto:sarah@example.com');
    expect(unfolded).toContain(
      'ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:jo@example.com',
    );
    expect(unfolded).toContain(`DESCRIPTION:Line one\\nline two ${'x'.repeat(120)}`);

    // Folding never splits a multi-byte character.
    const accented = buildInvite({
      uid: 'booking-2',
      start: new Date('2026-11-26T19:00:00Z'),
      end: new Date('2026-11-26T19:30:00Z'),
      stamp: new Date('2026-11-25T15:00:00Z'),
      summary: 'Überprüfung '.repeat(12),
      description: 'Rückruf',
      organizer: { email: 'sarah@example.com' },
      attendee: { email: 'jo@example.com' },
    });
    for (const line of accented.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(accented.replace(/\r\n /g, '')).toContain(`SUMMARY:${'Überprüfung '.repeat(12)}`);
  });
});

describe('SMTP email through the outbox', () => {
  let sink: Sink;
  let r: Rig;

  beforeEach(async () => {
    sink = await startSink();
    r = await rig(sink.url);
  });

  afterEach(async () => {
    await sink.close();
    await r.database.close();
  });

  it('sends the resource email to a real SMTP server', async () => {
    await sendResource(r.email, 1);
    expect(sink.received).toHaveLength(0); // queued, not sent inline
    await r.deliverAll();
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.subject).toBe('Your PandaDoc guide 1');
    expect(mail.from?.value[0]).toMatchObject({
      address: 'sarah@sarah-test.example',
      name: 'Sarah at PandaDoc',
    });
    expect(mail.to).toMatchObject({ value: [{ address: 'trialist1@acme-example.com' }] });
    expect(mail.text).toContain('https://support.pandadoc.com/hc/en-us/articles/pricing-tables');
    expect(mail.messageId).toMatch(/@sarah-test\.example>$/);
    expect(await r.statuses()).toEqual(['delivered']);
  });

  it('sends the booking confirmation with a correct .ics invite', async () => {
    await r.email.sendBookingConfirmation(BOOKING);
    await r.deliverAll();
    const mail = sink.received[0]!;
    expect(mail.subject).toBe('Your PandaDoc call: Thursday, November 26 at 2:00 PM EST');
    expect(mail.text).toContain('with Dana Smith');
    expect(mail.text).toContain(BOOKING.meetingUrl);
    const invite = mail.attachments.find((a) => a.filename === 'invite.ics');
    expect(invite?.contentType).toBe('application/ics');
    const ics = invite!.content.toString('utf8').replace(/\r\n /g, '');
    const lines = ics.split('\r\n');
    expect(lines).toContain('METHOD:REQUEST');
    expect(lines).toContain(`UID:${BOOKING.bookingId}`);
    expect(lines).toContain('DTSTART:20261126T190000Z');
    expect(lines).toContain('DTEND:20261126T193000Z');
    expect(lines).toContain('DTSTAMP:20261125T150000Z');
    expect(lines).toContain('ORGANIZER;CN="Sarah at PandaDoc":mailto:sarah@sarah-test.example');
    expect(lines).toContain(
      `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${BOOKING.to}`,
    );
    expect(lines).toContain(`LOCATION:${BOOKING.meetingUrl}`);
    // Mail clients show the invitation from the text/calendar alternative.
    const calendarPart = mail.attachments.find((a) => a.contentType === 'text/calendar');
    expect(calendarPart?.content.toString('utf8')).toContain(`UID:${BOOKING.bookingId}`);
  });

  it('leaves the invite to Google Calendar when it books the calls, so no call is in a calendar twice', async () => {
    const google = await startFakeGoogleCalendar();
    try {
      const withGoogle = await rig(sink.url, { GOOGLE_SERVICE_ACCOUNT_JSON: google.serviceAccountJson });
      await withGoogle.email.sendBookingConfirmation(BOOKING);
      await withGoogle.email.sendBookingCancellation({
        sessionId: BOOKING.sessionId,
        inviteUid: BOOKING.bookingId,
        to: BOOKING.to,
        startUtc: BOOKING.startUtc,
        endUtc: BOOKING.endUtc,
        userTimeZone: BOOKING.userTimeZone,
        sequence: 1,
      });
      await withGoogle.deliverAll();
      await withGoogle.database.close();
    } finally {
      await google.close();
    }
    const [booked, cancelled] = sink.received;
    expect(booked?.subject).toBe('Your PandaDoc call: Thursday, November 26 at 2:00 PM EST');
    expect(booked?.text).toContain('Your calendar invitation comes in a separate email.');
    expect(cancelled?.subject).toBe('Cancelled: your PandaDoc call on Thursday, November 26 at 2:00 PM EST');
    for (const mail of [booked!, cancelled!]) {
      expect(
        mail.attachments.filter((a) => a.contentType.includes('calendar') || a.filename?.endsWith('.ics')),
      ).toEqual([]);
    }
  });

  it('keeps emails while the server is down and sends each once when it is back', async () => {
    await sink.down();
    for (let n = 1; n <= 3; n += 1) await sendResource(r.email, n);
    await r.outbox.deliverDue();
    const rows = await r.outbox.repository.list('email');
    expect(rows.map((row) => row.status)).toEqual(['pending', 'pending', 'pending']);
    expect(rows.every((row) => row.lastError?.startsWith('unreachable'))).toBe(true);
    // The address in a failure message never reaches the store.
    expect(rows.some((row) => row.lastError?.includes('@'))).toBe(false);

    await sink.up();
    await r.deliverAll();
    expect(await r.statuses()).toEqual(['delivered', 'delivered', 'delivered']);
    expect(sink.received.map((m) => m.subject).sort()).toEqual([
      'Your PandaDoc guide 1',
      'Your PandaDoc guide 2',
      'Your PandaDoc guide 3',
    ]);
  });

  it('gives up on a server that does not greet in time, and delivers after it recovers', async () => {
    const impatient = await rig(sink.url, {}, SLOW_SERVER_TIMEOUT_MS);
    sink.slowGreeting(1, 4 * SLOW_SERVER_TIMEOUT_MS);
    await sendResource(impatient.email, 1);
    const started = Date.now();
    await impatient.outbox.deliverDue();
    expect(Date.now() - started).toBeLessThan(3 * SLOW_SERVER_TIMEOUT_MS + 500);
    expect(await impatient.statuses()).toEqual(['pending']);
    await impatient.deliverAll();
    expect(sink.received).toHaveLength(1);
    await impatient.database.close();
  });

  it('retries temporary refusals (4xx) and parks permanent ones (5xx) at once', async () => {
    sink.refuseRecipient(451, 451);
    await sendResource(r.email, 1); // 451, 451, then accepted
    await r.deliverAll();
    sink.refuseRecipient(550);
    await sendResource(r.email, 2); // 550: never retried
    await r.deliverAll();
    const rows = await r.outbox.repository.list('email');
    expect(rows.map((row) => [row.status, row.attempts])).toEqual([
      ['delivered', 3],
      ['failed', 1],
    ]);
    expect(rows[1]!.lastError).toMatch(/^refused: .*550/);
    expect(sink.received.map((m) => m.subject)).toEqual(['Your PandaDoc guide 1']);
  });

  it('survives flapping without sending anything twice', async () => {
    for (let n = 1; n <= 4; n += 1) await sendResource(r.email, n);
    await sink.down();
    await r.outbox.deliverDue();
    r.advance(60_000);
    await sink.up();
    sink.refuseRecipient(421);
    await r.outbox.deliverDue();
    r.advance(60_000);
    await sink.down();
    await r.outbox.deliverDue();
    r.advance(60_000);
    await sink.up();
    await r.deliverAll();
    expect(await r.statuses()).toEqual(Array(4).fill('delivered'));
    const ids = sink.received.map((m) => m.messageId);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  it('flushes on shutdown', async () => {
    r.outbox.start();
    await sendResource(r.email, 1);
    await r.email.sendBookingConfirmation(BOOKING);
    const report = await r.outbox.stop(3_000);
    expect(report).toMatchObject({ pending: 0, timedOut: false });
    expect(sink.received).toHaveLength(2);
  });
});

describe('SMTP against a server that does not speak SMTP', () => {
  it('retries instead of losing the email', async () => {
    const garbage = await startGarbageServer();
    const r = await rig(garbage.url);
    try {
      await sendResource(r.email, 1);
      await r.outbox.deliverDue();
      const [row] = await r.outbox.repository.list('email');
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    } finally {
      await garbage.close();
      await r.database.close();
    }
  });
});

describe('the embedded email sender', () => {
  it('records booking confirmations like resources', async () => {
    const database = await openDatabase({ sqlitePath: ':memory:' });
    await migrateToLatest(database.db);
    const store = new Store(database);
    const sender = new EmbeddedEmailSender({ record: (row) => store.emails.record(row) });
    await sender.sendBookingConfirmation(BOOKING);
    expect(await store.emails.countForSession('s-1')).toBe(1);
    await database.close();
  });

  it('start-up refuses SMTP_URL without a sender', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' })).toThrow(/EMAIL_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'http://x', EMAIL_FROM: FROM })).toThrow(/SMTP_URL/);
  });
});
