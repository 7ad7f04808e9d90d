import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { purgeExpired } from '../../src/store/retention.js';
import { testApp, talk } from '../support/app.js';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

const NOW = new Date('2026-11-25T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe('data kept only as long as it should be', () => {
  it('stores transcripts without card numbers, phone numbers, street addresses or emails', async () => {
    const t = await talk(app);
    await t.say('Yes, you can keep a transcript.');
    await t.say('My card is 4242 4242 4242 4242 and my phone is +1 415 555 0134.');
    await t.say('We are at 1600 Amphitheatre Parkway and I am jo@acme-example.com');
    await t.conversation.end('test');
    const rows = await app.store.transcripts.list(t.conversation.sessionId);
    const stored = rows.map((r) => r.text).join('\n');
    expect(rows.length).toBeGreaterThan(2);
    for (const secret of ['4242 4242', '555 0134', 'Amphitheatre', 'jo@acme-example.com'])
      expect(stored).not.toContain(secret);
    expect(stored).toContain('[card]');
  });

  it('purges transcripts and sent-email records after 30 days and bookings 13 months after the meeting', async () => {
    const { db } = app.store.database;
    const sessionId = randomUUID();
    await app.store.sessions.create({
      id: sessionId,
      channel: 'web',
      startedAt: daysAgo(500),
      userTimeZone: 'UTC',
      state: 'GREETING',
    });
    const transcript = (days: number) =>
      app.store.transcripts.append({
        id: randomUUID(),
        sessionId,
        role: 'user',
        text: 'hi',
        at: daysAgo(days),
      });
    await transcript(31);
    await transcript(29);
    const email = (days: number) =>
      db
        .insertInto('emails_sent')
        .values({
          id: randomUUID(),
          session_id: sessionId,
          to_address: 'x@example.com',
          subject: 's',
          resource_url: null,
          created_at: daysAgo(days),
        })
        .execute();
    await email(45);
    await email(2);
    const [rep] = await app.store.reps.listActive();
    const booking = (days: number) =>
      app.store.bookings.tryBook({
        id: randomUUID(),
        sessionId,
        repId: rep!.id,
        startAt: daysAgo(days),
        endAt: new Date(new Date(daysAgo(days)).getTime() + 30 * 60_000).toISOString(),
        attendeeEmail: 'x@example.com',
        userTimeZone: 'UTC',
        createdAt: daysAgo(days + 1),
      });
    await booking(400);
    await booking(100);
    // A chat snapshot a crash left behind two days ago, and one of a live chat.
    await app.store.snapshots.save(sessionId, '{}', 0, daysAgo(2));
    await app.store.snapshots.save('live-session', '{}', 0, daysAgo(0));

    const deleted = await purgeExpired(db, { transcriptDays: 30, bookingDays: 396 }, NOW);
    expect(deleted).toEqual({ transcriptMessages: 1, emailsSent: 1, bookings: 1, snapshots: 1 });
    expect(await app.store.snapshots.get('live-session')).toBeDefined();
    expect(await app.store.transcripts.list(sessionId)).toHaveLength(1);
    // A second run finds nothing more to delete.
    expect(await purgeExpired(db, { transcriptDays: 30, bookingDays: 396 }, NOW)).toEqual({
      transcriptMessages: 0,
      emailsSent: 0,
      bookings: 0,
      snapshots: 0,
    });
  });
});

describe('sessions a crash left open', () => {
  it('are closed as interrupted at the next start, and only those older than any live conversation', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sarah-crash-'));
    const sqlitePath = path.join(dir, 'sarah.db');
    const logger = pino({ level: 'silent' });
    const first = await createApp(loadConfig({}), logger, { sqlitePath });
    const stale = randomUUID();
    const fresh = randomUUID();
    const now = Date.now();
    for (const [id, minutesAgo] of [
      [stale, 120],
      [fresh, 5],
    ] as const)
      await first.store.sessions.create({
        id,
        channel: 'web',
        startedAt: new Date(now - minutesAgo * 60_000).toISOString(),
        userTimeZone: 'UTC',
        state: 'DISCOVERY',
      });
    await first.close(); // the "crash": both sessions are still open
    const next = await createApp(loadConfig({}), logger, { sqlitePath });
    try {
      expect((await next.store.sessions.get(stale))?.endReason).toBe('interrupted');
      expect((await next.store.sessions.get(fresh))?.endedAt).toBeNull();
    } finally {
      await next.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
