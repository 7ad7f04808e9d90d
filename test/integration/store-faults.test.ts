import type { FastifyInstance } from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadLlmPlugin } from '../../src/agent/llm_factory.js';
import { loadConfig } from '../../src/config.js';
import { TEAM_NOT_REACHED, calendarUnavailable } from '../../src/conversation/index.js';
import { installFrameworkLogger } from '../../src/observability/logger.js';
import { buildServer } from '../../src/server/server.js';
import type { OfferedSlot } from '../../src/agent/session/dialogue.js';
import type { StoreProblem } from '../../src/store/store_health.js';
import type { Tables } from '../../src/store/tables.js';
import { startTcpFaultProxy, type TcpFaultOptions, type TcpFaultProxy } from '../fakes/tcp_fault_proxy.js';
import { talk, type Transcript } from '../support/app.js';
import { reachablePostgresUrl, uniqueSchema } from '../support/postgres.js';

/**
 * The store as a row of the fault matrix (issue 7): the real app on PostgreSQL, reached through a
 * TCP proxy that breaks the network between them (down, slow beyond the query timeout, flapping)
 * in the middle of a booking. Each case checks that every turn is answered within 2 s with the
 * calendar's fallback line; that Sarah claims no booking or hand-off the store did not keep; that
 * the store reports itself unwritable while it is, and /readyz says so; and that once the network
 * is back it is ready again and the conversation's booking is stored, at the time chosen before
 * the fault, with the facts the user gave before it. Two gaps this found, outside the store, are
 * pinned at the end.
 *
 * Each case has a database of its own, not a schema: Kysely's migrator looks for its own tables in
 * every schema of the database, so schemas other test files migrate at the same time mislead it.
 */
const logger = pino({ level: 'silent' });
let baseUrl: URL;
let proxy: TcpFaultProxy;
let app: App | undefined;
let server: FastifyInstance | undefined;
let direct: Kysely<Tables> | undefined;
const databases: string[] = [];

beforeAll(async () => {
  installFrameworkLogger(logger, 'silent');
  baseUrl = new URL(await reachablePostgresUrl());
  proxy = await startTcpFaultProxy({ host: baseUrl.hostname, port: Number(baseUrl.port || 5432) });
});
afterEach(async () => {
  proxy.setMode('normal');
  await server?.close();
  await app?.close().catch(() => undefined);
  await direct?.destroy();
  server = app = direct = undefined;
});
afterAll(async () => {
  await proxy?.close();
  if (databases.length === 0) return;
  await admin(async (client) => {
    for (const name of databases) await client.query(`drop database if exists ${name} with (force)`);
  });
});

async function admin(work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl.toString(), connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database: the app reaches it through the proxy, the checks (`direct`) without. */
async function freshDatabase(): Promise<string> {
  const name = uniqueSchema('sarah_store_faults');
  await admin(async (client) => {
    await client.query(`create database ${name}`);
  });
  databases.push(name);
  const at = (host: string) => {
    const url = new URL(baseUrl);
    url.host = host;
    url.pathname = `/${name}`;
    return url.toString();
  };
  direct = new Kysely<Tables>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: at(baseUrl.host), max: 2 }) }),
  });
  return at(`${proxy.host}:${proxy.port}`);
}

/** The real app (embedded calendar and email, both kept in the store) on PostgreSQL via the proxy. */
async function proxiedApp(): Promise<App> {
  const config = loadConfig({
    DATABASE_URL: await freshDatabase(),
    // The hand-off goes through the outbox, a store write; the address is never reached here.
    HANDOFF_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
    HANDOFF_WEBHOOK_SECRET: 'a-secret-of-sixteen-plus',
  });
  await loadLlmPlugin(config);
  app = await createApp(config, logger);
  server = await buildServer(app, pino({ level: 'silent' }));
  return app;
}

async function readyz(): Promise<{ code: number; ms: number }> {
  const started = performance.now();
  const response = await server!.inject({ method: 'GET', url: '/readyz' });
  return { code: response.statusCode, ms: performance.now() - started };
}

/** Polls /readyz until it answers 200 (the probe is itself a write); how long that took, or undefined. */
async function msUntilReady(deadlineMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < deadlineMs) {
    if ((await readyz()).code === 200) return performance.now() - started;
    await sleep(50);
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Hand-off notices the outbox holds for a session (what the team's CRM will receive). */
async function notices(sessionId: string) {
  const rows = await direct!.selectFrom('outbox').select('payload').execute();
  return rows
    .map(
      (row) =>
        JSON.parse(row.payload) as {
          type?: string;
          reason?: string;
          session?: { id: string };
          signals?: Record<string, unknown>;
        },
    )
    .filter((n) => n.session?.id === sessionId);
}

const BOOKED = /you're booked/i;
const CLAIMS = /you're booked|all set|saved|I've asked a teammate|passed (it )?along/i;

type Fault = 'down' | 'slow' | 'flapping';

interface FaultRun {
  app: App;
  t: Transcript;
  email: string;
  chosen: OfferedSlot;
  turnsMs: number[];
  /** Sarah's answer to the address (the booking attempt) during the fault. */
  bookLine: string;
  /** Her answer to "yes please" to the follow-up she offered, when the booking failed. */
  followLine: string;
  followUp?: { queued?: boolean };
  bookedDuring: boolean;
  /** Every change of the store's health from the start of the fault. */
  problems: Array<StoreProblem | undefined>;
  problemDuring: StoreProblem | undefined;
  readyzDuring: { code: number; ms: number };
  readyAfterMs: number | undefined;
  /** The session's bookings and follow-up notices once the network is back, before anything more is said. */
  bookingsAfter: Array<{ id: string }>;
  followUpsAfter: number;
}

/**
 * A conversation up to a chosen time; then the fault, the address (the booking attempt) and, if
 * the booking failed, a yes to the follow-up Sarah offers instead; then the network comes back.
 */
async function runFault(fault: Fault, options: TcpFaultOptions): Promise<FaultRun> {
  const a = await proxiedApp();
  const email = `jo.${fault}@acme-example.com`;
  const t = await talk(a);
  const turnsMs: number[] = [];
  const turn = async (text: string) => {
    const started = performance.now();
    await t.say(text);
    turnsMs.push(performance.now() - started);
    return t.lastReply();
  };

  // Before the fault: the facts (stored), the times offered, one chosen.
  await turn('We have 25 sales reps and use Salesforce');
  await turn('Yes, please find a time');
  await turn('The second one works');
  await turn(`my email is ${email}`);
  const chosen = t.conversation.context.dialogue.booking.chosen;
  expect(chosen).toBeDefined();
  // Writes the last turn left running (the recorder does not wait for them) have landed.
  await sleep(150);

  const problems: Array<StoreProblem | undefined> = [];
  a.store.database.health.onChange(({ problem }) => problems.push(problem));
  proxy.setMode(fault, options);
  // Between turns, as an outage usually starts: pooled connections notice they were cut.
  await sleep(50);
  // The yes to the read-back is the booking attempt.
  const bookLine = await turn('yes');
  const bookedDuring = t.conversation.context.booking !== undefined;
  let followLine = '';
  let followUp: FaultRun['followUp'];
  if (!bookedDuring) {
    followLine = await turn('yes please');
    followUp = t.tools.findLast((c) => c.name === 'request_human')?.output as FaultRun['followUp'];
  }
  const problemDuring = a.store.database.health.problem;
  const readyzDuring = await readyz();

  proxy.setMode('normal');
  const readyAfterMs = await msUntilReady(3_000);
  const sessionId = t.conversation.sessionId;
  const bookingsAfter = await bookingRows(sessionId);
  const followUpsAfter = (await notices(sessionId)).filter((n) => n.reason === 'follow_up').length;
  return {
    app: a,
    t,
    email,
    chosen: chosen!,
    turnsMs,
    bookLine,
    followLine,
    followUp,
    bookedDuring,
    problems,
    problemDuring,
    readyzDuring,
    readyAfterMs,
    bookingsAfter,
    followUpsAfter,
  };
}

function bookingRows(sessionId: string) {
  return direct!.selectFrom('bookings').selectAll().where('session_id', '=', sessionId).execute();
}

describe('the store (PostgreSQL) under network faults', () => {
  const faults: Array<{ fault: Fault; options: TcpFaultOptions }> = [
    // Every live connection cut, new ones refused.
    { fault: 'down', options: {} },
    // 1.5 s each way: a round trip takes 3 s, over four times the 700 ms query and connect timeouts.
    { fault: 'slow', options: { delayMs: 1_500 } },
    // Cut every 60 ms, 10 ms each way: some statements land, some are cut in flight. Which ones is
    // up to timing, so this case checks that what Sarah says agrees with what was stored.
    { fault: 'flapping', options: { flapEveryMs: 60, delayMs: 10 } },
  ];

  for (const { fault, options } of faults) {
    it(`${fault}: answered within 2 s, claims only what was stored, unready, then ready with the booking stored`, async () => {
      const run = await runFault(fault, options);
      const { t, turnsMs } = run;
      const said = [run.bookLine, run.followLine].filter(Boolean);

      // Every turn, before and during the fault, within 2 s; readiness within its 2 s probe timeout.
      for (const ms of turnsMs) expect(ms).toBeLessThan(2_000);
      expect(run.readyzDuring.ms).toBeLessThan(2_500);

      if (run.bookedDuring) {
        // Only flapping can let the booking through; then it is stored.
        expect(fault).toBe('flapping');
        expect(run.bookLine).toMatch(BOOKED);
        expect(run.bookingsAfter).toHaveLength(1);
      } else {
        // The calendar keeps its bookings in the store: its fallback line, and no claim.
        expect(run.bookLine).toContain(calendarUnavailable(run.app.config.env.BOOKING_FALLBACK_URL));
        if (run.followUp?.queued === false) {
          expect(run.followLine).toContain(TEAM_NOT_REACHED);
          expect(said.join(' ')).not.toMatch(CLAIMS);
        } else {
          // The follow-up went through (flapping): said, and stored for the team.
          expect(run.followLine).toMatch(/asked a teammate/i);
          expect(run.followUpsAfter).toBe(1);
        }
        // A booking that failed is a write that failed (or never got a connection): the store said so.
        expect(run.problems).toContain('write_failed');
      }
      if (fault !== 'flapping') {
        expect(run.bookedDuring).toBe(false);
        expect(run.followUp).toMatchObject({ queued: false });
        expect(run.problemDuring).toBe('write_failed');
        expect(run.readyzDuring.code).toBe(503);
      }
      if (fault === 'down') {
        // Nothing reached the server, so nothing Sarah denied was stored. (When something did reach
        // it and only the answer was lost, it can be: see the known gap below.)
        expect(run.bookingsAfter).toHaveLength(0);
        expect(run.followUpsAfter).toBe(0);
      }

      // The network is back: ready again once a write succeeds (the probe's own, at the latest).
      expect(run.readyAfterMs).toBeDefined();
      expect(run.app.store.database.health.writable).toBe(true);

      // The same conversation books now, the user repeating nothing but the address; unless a
      // booking for it is already stored (made during the fault).
      if (run.bookingsAfter.length === 0) {
        await t.say(`my email is ${run.email}`);
        const started = performance.now();
        await t.say('yes');
        turnsMs.push(performance.now() - started);
        expect(turnsMs.at(-1)).toBeLessThan(2_000);
        expect(t.lastReply()).toMatch(BOOKED);
      }

      // Stored: one booking for this conversation, at the time chosen before the fault, for the
      // address given; the facts given before the fault; and for a booking Sarah confirmed, the
      // notice that tells the team, with those facts.
      const sessionId = t.conversation.sessionId;
      const rows = await bookingRows(sessionId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        attendee_email: run.email,
        status: 'confirmed',
        rep_id: run.chosen.repId,
      });
      expect(new Date(rows[0]!.start_at).getTime()).toBe(new Date(run.chosen.startUtc).getTime());
      const qualification = await direct!
        .selectFrom('qualification')
        .selectAll()
        .where('session_id', '=', sessionId)
        .executeTakeFirstOrThrow();
      expect(qualification).toMatchObject({ team_size: 25, tier: 'sales_ready' });
      expect(qualification.integrations).toMatch(/salesforce/i);
      const booking = t.conversation.context.booking;
      // Whatever Sarah said during the fault, her last word on the booking matches the store,
      // except where a booking she said had failed was stored anyway (known gap A below).
      const leftBehind = !run.bookedDuring && run.bookingsAfter.length > 0;
      if (!leftBehind) expect(booking?.bookingId).toBe(rows[0]!.id);
      if (fault === 'down') expect(leftBehind).toBe(false);
      const notice = (await notices(sessionId)).find((n) => n.type === 'booking');
      // A booking confirmed once the network was back: its notice is there. One confirmed in a
      // gap between cuts can lose its notice and invite to the next cut (known gap B below).
      const noticeLost = booking !== undefined && notice === undefined;
      if (booking && !run.bookedDuring) expect(noticeLost).toBe(false);
      if (noticeLost) expect(run.problems).toContain('write_failed');
      if (notice) expect(notice.signals).toMatchObject({ teamSize: 25, integrations: ['salesforce'] });

      await t.conversation.end('test');
    });
  }
});

/**
 * Two gaps these faults found around a booking, now closed:
 *
 * A. A write the store received but whose answer never came back is still committed. Over a slow
 *    network the booking insert reaches PostgreSQL after the client gave up on it, so Sarah says the
 *    calendar is not answering while the row is stored. Booking ids are now the same for the same
 *    conversation and slot, so once the network is back the retry finds its own row and the
 *    booking is Sarah's (the address cap does not count the conversation's own booking).
 * B. Once the booking is stored, the invite and the team's notice are queued as separate writes. If
 *    the store goes between the booking and those writes, Sarah no longer says the invite is on
 *    its way: the booking stands (it is on the rep's calendar) and she says no invite is coming.
 */
describe('a booking across a store fault', () => {
  it("A, slow: the booking whose answer was lost becomes Sarah's once the store is back", async () => {
    const run = await runFault('slow', { delayMs: 1_500 });
    expect(run.bookedDuring).toBe(false);
    expect(run.bookLine).toContain(calendarUnavailable(run.app.config.env.BOOKING_FALLBACK_URL));
    // The insert landed after the client gave up.
    expect(run.bookingsAfter).toHaveLength(1);
    await run.t.say(`my email is ${run.email}`);
    await run.t.say('yes');
    expect(run.t.conversation.context.booking?.bookingId).toBe(run.bookingsAfter[0]!.id);
    expect(run.t.lastReply()).not.toMatch(/already has a call/i);
    expect(run.t.lastReply()).toMatch(/booked/i);
    expect(await bookingRows(run.t.conversation.sessionId)).toHaveLength(1);
    await run.t.conversation.end('test');
  });

  it('B, down right after the booking: the booking stands and Sarah does not promise an invite', async () => {
    const a = await proxiedApp();
    // The store goes down the moment the booking is stored, before the invite and notice are queued.
    const calendar = a.services.calendar;
    const t = await talk(a, {
      services: {
        calendar: {
          ...calendar,
          book: async (request) => {
            const result = await calendar.book(request);
            proxy.setMode('down');
            return result;
          },
        },
      },
    });
    await t.say('We have 25 sales reps and use Salesforce');
    await t.say('Yes, please find a time');
    await t.say('The second one works');
    await t.say('my email is jo.gap-b@acme-example.com');
    await t.say('yes');
    proxy.setMode('normal');
    expect(await msUntilReady(3_000)).toBeDefined();
    const sessionId = t.conversation.sessionId;
    expect(await bookingRows(sessionId)).toHaveLength(1);
    expect(t.conversation.context.booking).toBeDefined();
    expect(t.lastReply()).not.toMatch(/invite is on its way/);
    expect(t.lastReply()).toMatch(/couldn't send the invite/);
    await t.conversation.end('test');
  });
});
