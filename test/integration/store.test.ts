import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, migrateToLatest, migrations, openDatabase, ping } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { dropSchema, openPostgresSchema, uniqueSchema } from '../support/postgres.js';

interface Backend {
  name: string;
  dialect: 'sqlite' | 'postgres';
  open(): Promise<Database>;
  cleanup(database: Database): Promise<void>;
}

let tempDir: string | undefined;
const pgSchema = uniqueSchema('store_test');

const backends: Backend[] = [
  {
    name: 'SQLite in memory',
    dialect: 'sqlite',
    open: () => openDatabase({ sqlitePath: ':memory:' }),
    cleanup: (database) => database.close(),
  },
  {
    name: 'SQLite file',
    dialect: 'sqlite',
    async open() {
      tempDir = await mkdtemp(join(tmpdir(), 'sarah-store-'));
      // a missing parent directory must be created
      return openDatabase({ sqlitePath: join(tempDir, 'nested dir', 'sarah.db') });
    },
    async cleanup(database) {
      await database.close();
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  },
  {
    name: 'PostgreSQL',
    dialect: 'postgres',
    async open() {
      return openPostgresSchema(pgSchema);
    },
    async cleanup(database) {
      try {
        await dropSchema(database, pgSchema);
      } finally {
        await database.close();
      }
    },
  },
];

describe.each(backends)('store on $name', (backend) => {
  let database: Database;
  let store: Store;
  const t0 = Date.parse('2030-03-04T12:00:00.000Z');
  const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();

  async function newSession(): Promise<string> {
    const id = randomUUID();
    await store.sessions.create({ id, channel: 'web', startedAt: at(0), state: 'GREETING' });
    return id;
  }

  beforeAll(async () => {
    database = await backend.open();
    store = new Store(database);
    // Every registered migration runs, in name order, on a fresh database.
    expect(await migrateToLatest(database.db)).toEqual(Object.keys(migrations).sort());
  });

  afterAll(async () => {
    if (database) await backend.cleanup(database);
  });

  it('opens the expected dialect and answers a ping', async () => {
    expect(database.dialect).toBe(backend.dialect);
    await expect(ping(database.db)).resolves.toBeUndefined();
  });

  it('runs migrations again without error or work', async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('names the migration that failed', async () => {
    const broken = {
      ...migrations,
      '9999_broken': {
        up: async (db: Parameters<typeof migrateToLatest>[0]) =>
          void (await sql`select * from no_such_table`.execute(db)),
      },
    };
    await expect(migrateToLatest(database.db, broken)).rejects.toThrow(/migration "9999_broken" failed/);
    // the failed migration was not recorded, so the real list is still current
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('enforces foreign keys', async () => {
    await expect(
      store.transitions.record({ id: randomUUID(), sessionId: randomUUID(), from: 'A', to: 'B', at: at(0) }),
    ).rejects.toThrow();
  });

  it('creates, updates, ends and reads a session', async () => {
    const id = randomUUID();
    await store.sessions.create({
      id,
      channel: 'voice',
      startedAt: '2030-03-04T13:00:00+01:00',
      userTimeZone: 'Europe/Paris',
      state: 'GREETING',
    });
    expect(await store.sessions.get(id)).toEqual({
      id,
      channel: 'voice',
      startedAt: '2030-03-04T12:00:00.000Z',
      endedAt: null,
      userTimeZone: 'Europe/Paris',
      state: 'GREETING',
      endReason: null,
      handoff: false,
    });
    expect(await store.sessions.updateState(id, 'DISCOVERY')).toBe(true);
    expect(await store.sessions.end(id, { endedAt: at(300), reason: 'user_left', handoff: true })).toBe(true);
    expect(await store.sessions.get(id)).toMatchObject({
      state: 'DISCOVERY',
      endedAt: at(300),
      endReason: 'user_left',
      handoff: true,
    });
    expect(await store.sessions.get(randomUUID())).toBeUndefined();
    expect(await store.sessions.updateState(randomUUID(), 'X')).toBe(false);
  });

  it('rejects an unknown channel', async () => {
    await expect(
      store.sessions.create({
        id: randomUUID(),
        channel: 'fax' as 'web',
        startedAt: at(0),
        state: 'GREETING',
      }),
    ).rejects.toThrow();
  });

  it('lists transitions in the order recorded, even with equal timestamps', async () => {
    const sessionId = await newSession();
    const steps: Array<[string, string]> = [
      ['GREETING', 'DISCOVERY'],
      ['DISCOVERY', 'VALUE_DEMO'],
      ['VALUE_DEMO', 'QUALIFICATION'],
      ['QUALIFICATION', 'NEXT_STEPS'],
    ];
    for (const [from, to] of steps) {
      await store.transitions.record({
        id: randomUUID(),
        sessionId,
        from,
        to,
        reason: `to ${to}`,
        at: at(10),
      });
    }
    await store.transitions.record({
      id: randomUUID(),
      sessionId,
      from: 'NEXT_STEPS',
      to: 'CLOSING',
      at: at(20),
    });
    const listed = await store.transitions.list(sessionId);
    expect(listed.map((t) => [t.from, t.to])).toEqual([...steps, ['NEXT_STEPS', 'CLOSING']]);
    expect(listed[0]).toMatchObject({ sessionId, reason: 'to DISCOVERY', at: at(10) });
    expect(listed[4]?.reason).toBeNull();
    expect(await store.transitions.list(await newSession())).toEqual([]);
  });

  it('upserts qualification and round-trips the integrations array', async () => {
    const sessionId = await newSession();
    await store.qualification.save(
      sessionId,
      { teamSize: 12, integrations: ['salesforce', 'hubspot'], tier: 'self_serve' },
      at(1),
    );
    expect(await store.qualification.get(sessionId)).toEqual({
      sessionId,
      teamSize: 12,
      monthlyVolume: null,
      useCase: null,
      integrations: ['salesforce', 'hubspot'],
      industry: null,
      urgency: null,
      tier: 'self_serve',
      updatedAt: at(1),
    });
    await store.qualification.save(
      sessionId,
      {
        teamSize: 40,
        monthlyVolume: 500,
        useCase: 'sales',
        integrations: [],
        industry: 'saas',
        urgency: 'this_month',
        tier: 'sales_ready',
      },
      at(2),
    );
    expect(await store.qualification.get(sessionId)).toEqual({
      sessionId,
      teamSize: 40,
      monthlyVolume: 500,
      useCase: 'sales',
      integrations: [],
      industry: 'saas',
      urgency: 'this_month',
      tier: 'sales_ready',
      updatedAt: at(2),
    });
    await expect(
      store.qualification.save(sessionId, { teamSize: 2.5, integrations: [], tier: 'self_serve' }, at(3)),
    ).rejects.toThrow(RangeError);
    expect(await store.qualification.get(randomUUID())).toBeUndefined();
  });

  it('upserts consent', async () => {
    const sessionId = await newSession();
    expect(await store.consent.get(sessionId)).toBeUndefined();
    await store.consent.record(sessionId, true, at(1));
    expect(await store.consent.get(sessionId)).toEqual({ sessionId, transcription: true, at: at(1) });
    await store.consent.record(sessionId, false, at(2));
    expect(await store.consent.get(sessionId)).toEqual({ sessionId, transcription: false, at: at(2) });
  });

  it('appends and lists transcript messages in order', async () => {
    const sessionId = await newSession();
    const lines = [
      { role: 'assistant', text: 'Hi, I am Sarah.' },
      { role: 'user', text: 'Hello!' },
      { role: 'assistant', text: 'What brings you to PandaDoc?' },
    ];
    for (const line of lines) {
      await store.transcripts.append({ id: randomUUID(), sessionId, ...line, at: at(5) });
    }
    const listed = await store.transcripts.list(sessionId);
    expect(listed.map(({ role, text }) => ({ role, text }))).toEqual(lines);
    expect(listed.every((m) => m.sessionId === sessionId && m.at === at(5))).toBe(true);
  });

  it('seeds default reps once', async () => {
    expect(await store.reps.seedDefaultsIfEmpty()).toBe(3);
    expect(await store.reps.seedDefaultsIfEmpty()).toBe(0);
    const reps = await store.reps.listActive();
    expect(reps).toHaveLength(3);
    expect(reps.map((r) => r.timeZone).sort()).toEqual([
      'America/Los_Angeles',
      'America/New_York',
      'Europe/London',
    ]);
    for (const rep of reps) {
      expect(rep.workDays).toEqual([1, 2, 3, 4, 5]);
      expect(rep.email).toMatch(/@example\.com$/);
      expect(rep.workStart).toMatch(/^\d{2}:\d{2}$/);
      expect(rep.active).toBe(true);
    }
    expect(reps.find((r) => r.timeZone === 'Europe/London')).toMatchObject({
      workStart: '09:00',
      workEnd: '17:30',
    });
  });

  describe('bookings', () => {
    let repIds: string[] = [];

    beforeAll(async () => {
      await store.reps.seedDefaultsIfEmpty();
      repIds = (await store.reps.listActive()).map((r) => r.id);
    });

    const booking = (sessionId: string, repId: string, startAt: string, endAt: string) => ({
      id: randomUUID(),
      sessionId,
      repId,
      startAt,
      endAt,
      attendeeEmail: 'pat@example.com',
      attendeeName: 'Pat',
      userTimeZone: 'America/Chicago',
      createdAt: at(0),
    });

    it("finds an address's upcoming booking, except the asking conversation's own", async () => {
      const [mine, other] = [await newSession(), await newSession()];
      const email = `lee.${randomUUID().slice(0, 8)}@example.com`;
      const past = {
        ...booking(other, repIds[1]!, '2031-05-01T15:00:00Z', '2031-05-01T15:30:00Z'),
        attendeeEmail: email,
      };
      expect(await store.bookings.tryBook(past)).toBe('booked');
      expect(await store.bookings.hasUpcomingFor(email, '2031-05-02T00:00:00Z')).toBe(false);
      const next = {
        ...booking(mine, repIds[1]!, '2031-05-03T15:00:00Z', '2031-05-03T15:30:00Z'),
        attendeeEmail: email,
      };
      expect(await store.bookings.tryBook(next)).toBe('booked');
      expect(await store.bookings.hasUpcomingFor(email.toUpperCase(), '2031-05-02T00:00:00Z')).toBe(true);
      expect(await store.bookings.hasUpcomingFor(email, '2031-05-02T00:00:00Z', mine)).toBe(false);
      expect(await store.bookings.hasUpcomingFor(email, '2031-05-02T00:00:00Z', other)).toBe(true);
      await store.bookings.cancel(next.id);
      expect(await store.bookings.hasUpcomingFor(email, '2031-05-02T00:00:00Z')).toBe(false);
    });

    it('lets exactly one of two concurrent attempts take a slot', async () => {
      const [a, b] = [await newSession(), await newSession()];
      const repId = repIds[0]!;
      const outcomes = await Promise.all([
        store.bookings.tryBook(booking(a, repId, '2031-01-06T15:00:00.000Z', '2031-01-06T15:30:00.000Z')),
        store.bookings.tryBook(booking(b, repId, '2031-01-06T15:00:00.000Z', '2031-01-06T15:30:00.000Z')),
      ]);
      expect([...outcomes].sort()).toEqual(['booked', 'conflict']);
      expect((await store.bookings.countForSession(a)) + (await store.bookings.countForSession(b))).toBe(1);
    });

    it('treats different spellings of one instant as the same slot', async () => {
      const sessionId = await newSession();
      const repId = repIds[1]!;
      expect(
        await store.bookings.tryBook(
          booking(sessionId, repId, '2031-01-07T15:00:00Z', '2031-01-07T15:30:00Z'),
        ),
      ).toBe('booked');
      expect(
        await store.bookings.tryBook(
          booking(sessionId, repId, '2031-01-07T10:00:00-05:00', '2031-01-07T10:30:00-05:00'),
        ),
      ).toBe('conflict');
      // another rep at the same time is fine
      expect(
        await store.bookings.tryBook(
          booking(sessionId, repIds[2]!, '2031-01-07T15:00:00Z', '2031-01-07T15:30:00Z'),
        ),
      ).toBe('booked');
      expect(await store.bookings.countForSession(sessionId)).toBe(2);
    });

    it('rethrows violations that are not slot conflicts', async () => {
      const sessionId = await newSession();
      await expect(
        store.bookings.tryBook(
          booking(sessionId, randomUUID(), '2031-02-01T15:00:00Z', '2031-02-01T15:30:00Z'),
        ),
      ).rejects.toThrow();
      const first = booking(sessionId, repIds[0]!, '2031-02-02T15:00:00Z', '2031-02-02T15:30:00Z');
      expect(await store.bookings.tryBook(first)).toBe('booked');
      // The same booking id again is a conflict: the calendar reads the row back to see whose it
      // is (a retried insert whose first answer was lost finds its own booking).
      expect(
        await store.bookings.tryBook({
          ...first,
          startAt: '2031-02-03T15:00:00Z',
          endAt: '2031-02-03T15:30:00Z',
        }),
      ).toBe('conflict');
      expect((await store.bookings.get(first.id))?.startAt).toBe('2031-02-02T15:00:00.000Z');
      await expect(
        store.bookings.tryBook(booking(sessionId, repIds[0]!, '2031-02-04T15:00:00', '2031-02-04T15:30:00Z')),
      ).rejects.toThrow(RangeError);
    });

    it('lists confirmed bookings starting in [from, to) and reads one back', async () => {
      const sessionId = await newSession();
      const slots = ['2031-03-02T09:00:00.000Z', '2031-03-02T10:00:00.000Z', '2031-03-02T11:00:00.000Z'];
      const made = [];
      for (const start of slots) {
        const b = booking(
          sessionId,
          repIds[2]!,
          start,
          new Date(Date.parse(start) + 30 * 60_000).toISOString(),
        );
        expect(await store.bookings.tryBook(b)).toBe('booked');
        made.push(b);
      }
      const listed = await store.bookings.listBetween('2031-03-02T09:00:00Z', '2031-03-02T11:00:00.000Z');
      expect(listed.map((b) => b.startAt)).toEqual(slots.slice(0, 2));
      expect(listed.every((b) => b.status === 'confirmed' && b.repId === repIds[2])).toBe(true);

      expect(await store.bookings.get(made[0]!.id)).toEqual({
        id: made[0]!.id,
        sessionId,
        repId: repIds[2],
        startAt: slots[0],
        endAt: '2031-03-02T09:30:00.000Z',
        attendeeEmail: 'pat@example.com',
        attendeeName: 'Pat',
        userTimeZone: 'America/Chicago',
        status: 'confirmed',
        createdAt: at(0),
        externalId: null,
        requestId: null,
      });
      expect(await store.bookings.get(randomUUID())).toBeUndefined();
      expect(await store.bookings.listBetween('2031-03-03T00:00:00Z', '2031-03-04T00:00:00Z')).toEqual([]);
    });

    it("keeps the outside calendar's event id and request id of a booking", async () => {
      const b = {
        ...booking(await newSession(), repIds[0]!, '2031-04-01T15:00:00Z', '2031-04-01T15:30:00Z'),
        externalId: 'abc123def456',
        requestId: 'req-1',
      };
      expect(await store.bookings.tryBook(b)).toBe('booked');
      expect(await store.bookings.get(b.id)).toMatchObject({
        externalId: 'abc123def456',
        requestId: 'req-1',
      });
    });
  });

  it('keeps one snapshot per chat, writable only by the generation that holds it', async () => {
    const id = await newSession();
    expect(await store.snapshots.save(id, '{"turn":1}', 0, at(1))).toBe(true);
    expect(await store.snapshots.save(id, '{"turn":2}', 0, at(2))).toBe(true);
    expect(await store.snapshots.park(id, 0, at(3))).toBe(true);
    expect(await store.snapshots.get(id)).toEqual({
      sessionId: id,
      snapshot: '{"turn":2}',
      generation: 0,
      savedAt: at(2),
      parkedAt: at(3),
    });
    // Two instances claim at once: exactly one wins.
    const claims = await Promise.all([store.snapshots.claim(id, 0), store.snapshots.claim(id, 0)]);
    expect(claims.filter((c) => c === 1)).toHaveLength(1);
    expect(claims.filter((c) => c === undefined)).toHaveLength(1);
    // The old holder can no longer write, park or delete it; the new one can.
    expect(await store.snapshots.save(id, '{"stale":true}', 0, at(4))).toBe(false);
    expect(await store.snapshots.park(id, 0, at(4))).toBe(false);
    await store.snapshots.remove(id, 0);
    expect((await store.snapshots.get(id))?.snapshot).toBe('{"turn":2}');
    expect((await store.snapshots.get(id))?.parkedAt).toBeNull();
    expect(await store.snapshots.save(id, '{"turn":3}', 1, at(5))).toBe(true);
    await store.snapshots.remove(id, 1);
    expect(await store.snapshots.get(id)).toBeUndefined();
  });

  it('validates feedback and keeps valid entries', async () => {
    const sessionId = randomUUID(); // feedback needs no session row
    for (const score of [11, -1, 3.5]) {
      await expect(
        store.feedback.save({ id: randomUUID(), sessionId, score, createdAt: at(0) }),
      ).rejects.toThrow(RangeError);
    }
    await expect(
      store.feedback.save({
        id: randomUUID(),
        sessionId,
        score: 5,
        comment: 'x'.repeat(2001),
        createdAt: at(0),
      }),
    ).rejects.toThrow(/at most 2000/);
    await store.feedback.save({ id: randomUUID(), sessionId, score: 0, createdAt: at(1) });
    await store.feedback.save({
      id: randomUUID(),
      sessionId,
      score: 10,
      comment: 'x'.repeat(2000),
      createdAt: at(2),
    });
    await store.feedback.save({
      id: randomUUID(),
      sessionId,
      score: 7,
      comment: 'Helpful',
      createdAt: at(3),
    });
    const listed = await store.feedback.list(10);
    expect(listed.map((f) => f.score)).toEqual([7, 10, 0]);
    expect(listed[0]).toMatchObject({ sessionId, comment: 'Helpful', createdAt: at(3) });
    expect(listed[2]?.comment).toBeNull();
    expect(await store.feedback.list(2)).toHaveLength(2);
  });

  it('counts emails per session', async () => {
    const sessionId = randomUUID();
    expect(await store.emails.countForSession(sessionId)).toBe(0);
    await store.emails.record({
      id: randomUUID(),
      sessionId,
      toAddress: 'pat@example.com',
      subject: 'Your templates',
      resourceUrl: 'https://example.com/t',
      createdAt: at(0),
    });
    await store.emails.record({
      id: randomUUID(),
      sessionId,
      toAddress: 'pat@example.com',
      subject: 'Pricing',
      createdAt: at(1),
    });
    await store.emails.record({
      id: randomUUID(),
      sessionId: randomUUID(),
      toAddress: 'sam@example.com',
      subject: 'Other',
      createdAt: at(1),
    });
    expect(await store.emails.countForSession(sessionId)).toBe(2);
  });

  it('makes a configured team the active reps, matched by email, with their calendar ids', async () => {
    await store.reps.seedDefaultsIfEmpty();
    const team = [
      // an existing sample rep, now with a Google calendar
      { name: 'Avery Collins', email: 'AVERY.COLLINS@example.com', timeZone: 'America/New_York' },
      { name: 'Rosa Diaz', email: 'rosa@acme.test', timeZone: 'America/Chicago', calendarId: 'c_rosa@group' },
    ];
    expect(await store.reps.applyTeam(team)).toEqual({ added: 1, updated: 1, deactivated: 2 });
    const reps = await store.reps.listActive();
    expect(reps.map((r) => [r.name, r.calendarId, r.workStart, r.workEnd, r.workDays.join('')])).toEqual([
      ['Avery Collins', 'AVERY.COLLINS@example.com', '09:00', '17:00', '12345'],
      ['Rosa Diaz', 'c_rosa@group', '09:00', '17:00', '12345'],
    ]);
    // applying it again changes nothing and keeps the ids
    expect(await store.reps.applyTeam(team)).toEqual({ added: 0, updated: 2, deactivated: 0 });
    expect((await store.reps.listActive()).map((r) => r.id)).toEqual(reps.map((r) => r.id));
  });

  it.runIf(backend.dialect === 'sqlite')(
    'keeps one database across transactions and queues concurrent queries',
    async () => {
      const sessionId = await newSession();
      await Promise.all([
        database.db.transaction().execute(async (trx) => {
          await trx.updateTable('sessions').set({ state: 'IN_TRX' }).where('id', '=', sessionId).execute();
          await new Promise((resolve) => setTimeout(resolve, 20));
        }),
        // issued while the transaction holds the only connection: must wait, not fail
        store.sessions.get(sessionId),
      ]);
      expect((await store.sessions.get(sessionId))?.state).toBe('IN_TRX');
      const fk = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(database.db);
      expect(Number(fk.rows[0]?.foreign_keys)).toBe(1);
    },
  );

  it.runIf(backend.name === 'SQLite file')('uses WAL for file databases', async () => {
    const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(database.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    expect(existsSync(join(tempDir!, 'nested dir', 'sarah.db'))).toBe(true);
  });
});

describe('openDatabase', () => {
  it('rejects unsupported URLs and unsafe schema names', async () => {
    await expect(openDatabase({ url: 'mysql://localhost/x' })).rejects.toThrow(/Unsupported database URL/);
    await expect(
      openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/test', schema: 'x; drop' }),
    ).rejects.toThrow(/schema name/);
  });

  it('treats an empty url as unset (SQLite)', async () => {
    const database = await openDatabase({ url: '', sqlitePath: ':memory:' });
    try {
      expect(database.dialect).toBe('sqlite');
    } finally {
      await database.close();
      await database.close(); // idempotent
    }
  });
});
