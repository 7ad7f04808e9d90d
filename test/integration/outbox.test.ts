import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '../../src/observability/metrics.js';
import {
  createOutbox,
  parseRetryAfter,
  retryDelayMs,
  type DeliveryOutcome,
  type DispatcherOptions,
  type OutboxHandler,
  type OutboxMessage,
} from '../../src/services/outbox/index.js';
import { migrateToLatest, openDatabase, type Database } from '../../src/store/index.js';
import { dropSchema, openPostgresSchema, uniqueSchema } from '../support/postgres.js';

const silent = pino({ level: 'silent' });

interface Backend {
  name: string;
  /** Two independent connections to the same database, as two processes would have. */
  open(): Promise<[Database, Database]>;
  cleanup(databases: Database[]): Promise<void>;
}

let tempDir = '';
const schema = uniqueSchema('outbox_test');

const backends: Backend[] = [
  {
    name: 'SQLite file',
    async open() {
      tempDir = await mkdtemp(join(tmpdir(), 'sarah-outbox-'));
      const path = join(tempDir, 'outbox.db');
      const first = await openDatabase({ sqlitePath: path });
      await migrateToLatest(first.db);
      return [first, await openDatabase({ sqlitePath: path })];
    },
    async cleanup(databases) {
      for (const database of databases) await database.close();
      await rm(tempDir, { recursive: true, force: true });
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const first = await openPostgresSchema(schema);
      await migrateToLatest(first.db);
      return [first, await openPostgresSchema(schema)];
    },
    async cleanup(databases) {
      try {
        await dropSchema(databases[0]!, schema);
      } finally {
        for (const database of databases) await database.close();
      }
    },
  },
];

/** A handler whose answers the test scripts; records what it was given. */
function scriptedHandler(
  kind: string,
  answer: (message: OutboxMessage<{ n: number }>) => DeliveryOutcome | Promise<DeliveryOutcome>,
  options: { batchSize?: number; timeoutMs?: number } = {},
) {
  const calls: Array<Array<OutboxMessage<{ n: number }>>> = [];
  const handler: OutboxHandler<{ n: number }> = {
    kind,
    batchSize: options.batchSize ?? 10,
    timeoutMs: options.timeoutMs ?? 2_000,
    async deliver(messages) {
      calls.push(messages);
      return Promise.all(messages.map(answer));
    },
  };
  return { handler, calls, delivered: () => calls.flat().map((m) => m.payload.n) };
}

async function counterValue(
  counter: { get(): Promise<{ values: Array<{ labels: object; value: number }> }> },
  kind: string,
) {
  const { values } = await counter.get();
  return values.find((v) => (v.labels as { kind?: string }).kind === kind)?.value ?? 0;
}

describe('retry delays', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('grow exponentially with equal jitter and stop at the cap', () => {
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(1_000);
    expect(retryDelayMs(4, policy, undefined, () => 0)).toBe(4_000);
    expect(retryDelayMs(4, policy, undefined, () => 1)).toBe(8_000);
    expect(retryDelayMs(30, policy, undefined, () => 1)).toBe(60_000);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, policy)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it("honour a receiver's Retry-After when it asks for longer, within an hour", () => {
    expect(retryDelayMs(1, policy, 30_000, () => 0)).toBe(30_000);
    expect(retryDelayMs(6, policy, 1_000, () => 1)).toBe(32_000);
    expect(retryDelayMs(1, policy, 86_400_000)).toBe(3_600_000);
  });

  it('read Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-11-25T15:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 15:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe.each(backends)('outbox on $name', (backend) => {
  let first: Database;
  let second: Database;
  let clock = new Date('2026-11-25T15:00:00Z');
  const options: Partial<DispatcherOptions> = {
    now: () => clock,
    pollIntervalMs: 60_000,
    wakeDelayMs: 5,
    leaseMs: 30_000,
    maxAttempts: 4,
    backoff: { baseMs: 1_000, maxMs: 10_000 },
    random: () => 0.5,
  };
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  let kindSeq = 0;
  const newKind = () => `test_${backend.name.replace(/\W/g, '')}_${(kindSeq += 1)}`;

  beforeAll(async () => {
    [first, second] = await backend.open();
  });

  afterAll(async () => {
    await backend.cleanup([first, second]);
  });

  it('delivers enqueued rows once, marks them delivered and counts them', async () => {
    const kind = newKind();
    const outbox = createOutbox({ database: first }, silent, options);
    const target = scriptedHandler(kind, () => ({ status: 'delivered' }));
    outbox.register(target.handler);
    for (let n = 1; n <= 3; n += 1) await outbox.enqueue(kind, { n });

    expect(await outbox.deliverDue()).toBe(3);
    expect(await outbox.deliverDue()).toBe(0);
    expect(target.delivered().sort()).toEqual([1, 2, 3]);
    const rows = await outbox.repository.list(kind);
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(rows.every((r) => r.attempts === 1 && r.deliveredAt !== null && r.leaseToken === null)).toBe(true);
    expect(await counterValue(metrics.outboxDelivered, kind)).toBe(3);
    expect((await metrics.outboxPending.get()).values.find((v) => v.labels.kind === kind)?.value).toBe(0);
  });

  it('retries a failed delivery after a growing backoff, then delivers it', async () => {
    const kind = newKind();
    const outbox = createOutbox({ database: first }, silent, options);
    let failures = 2;
    const target = scriptedHandler(kind, () =>
      failures-- > 0 ? { status: 'retry', error: 'receiver down' } : { status: 'delivered' },
    );
    outbox.register(target.handler);
    const id = await outbox.enqueue(kind, { n: 1 });

    expect(await outbox.deliverDue()).toBe(0);
    let row = await outbox.repository.find(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'receiver down' });
    // attempt 1 failed: 1 s with half jitter (random 0.5) = 750 ms
    expect(Date.parse(row!.nextAttemptAt) - clock.getTime()).toBe(750);
    expect(await outbox.deliverDue()).toBe(0); // not due yet: nothing is claimed
    expect(target.calls).toHaveLength(1);

    advance(750);
    expect(await outbox.deliverDue()).toBe(0);
    row = await outbox.repository.find(id);
    expect(Date.parse(row!.nextAttemptAt) - clock.getTime()).toBe(1_500);
    advance(1_500);
    expect(await outbox.deliverDue()).toBe(1);
    expect(await outbox.repository.find(id)).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(await counterValue(metrics.outboxRetried, kind)).toBe(2);
  });

  it("waits at least the receiver's Retry-After", async () => {
    const kind = newKind();
    const outbox = createOutbox({ database: first }, silent, options);
    outbox.register(
      scriptedHandler(kind, () => ({ status: 'retry', error: '429', retryAfterMs: 45_000 })).handler,
    );
    const id = await outbox.enqueue(kind, { n: 1 });
    await outbox.deliverDue();
    const row = await outbox.repository.find(id);
    expect(Date.parse(row!.nextAttemptAt) - clock.getTime()).toBe(45_000);
  });

  it('parks a row as failed after maxAttempts, without personal data in the error, and counts it', async () => {
    const kind = newKind();
    const outbox = createOutbox({ database: first }, silent, options);
    const target = scriptedHandler(kind, () => ({
      status: 'retry',
      error: 'mailbox jo.lee@acme.com is full',
    }));
    outbox.register(target.handler);
    const id = await outbox.enqueue(kind, { n: 1 });
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await outbox.deliverDue();
      advance(20_000);
    }
    expect(target.calls).toHaveLength(4);
    const row = await outbox.repository.find(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 4 });
    expect(row!.lastError).toBe('gave up after 4 attempts: mailbox [email] is full');
    expect(await counterValue(metrics.outboxFailed, kind)).toBe(1);

    // An operator can put it back once the receiver is fixed.
    expect(await outbox.repository.requeueFailed(kind, clock.toISOString())).toBe(1);
    expect(await outbox.repository.find(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('parks a refused row at once and keeps going with the rest of the batch', async () => {
    const kind = newKind();
    const outbox = createOutbox({ database: first }, silent, options);
    outbox.register(
      scriptedHandler(kind, (m) =>
        m.payload.n === 2 ? { status: 'rejected', error: 'malformed' } : { status: 'delivered' },
      ).handler,
    );
    const ids = [];
    for (let n = 1; n <= 3; n += 1) ids.push(await outbox.enqueue(kind, { n }));
    expect(await outbox.deliverDue()).toBe(2);
    const statuses = await Promise.all(ids.map(async (id) => (await outbox.repository.find(id))!.status));
    expect(statuses).toEqual(['delivered', 'failed', 'delivered']);
  });

  it('retries the whole batch when the handler throws or overruns its timeout', async () => {
    const kind = newKind();
    const outbox = createOutbox({ database: first }, silent, options);
    let mode: 'throw' | 'hang' | 'ok' = 'throw';
    const handler: OutboxHandler<{ n: number }> = {
      kind,
      batchSize: 10,
      timeoutMs: 100,
      async deliver(messages) {
        if (mode === 'throw') throw new Error('socket hang up');
        if (mode === 'hang') await new Promise((resolve) => setTimeout(resolve, 1_000));
        return messages.map(() => ({ status: 'delivered' }) as const);
      },
    };
    outbox.register(handler);
    const id = await outbox.enqueue(kind, { n: 1 });
    await outbox.deliverDue();
    expect(await outbox.repository.find(id)).toMatchObject({
      status: 'pending',
      lastError: 'socket hang up',
    });
    mode = 'hang';
    advance(10_000);
    await outbox.deliverDue();
    expect(await outbox.repository.find(id)).toMatchObject({
      status: 'pending',
      lastError: 'no outcome within 100 ms',
    });
    mode = 'ok';
    advance(10_000);
    expect(await outbox.deliverDue()).toBe(1);
  });

  it('drains more than one batch in a pass and leaves kinds without a handler alone', async () => {
    const kind = newKind();
    const orphan = newKind();
    const outbox = createOutbox({ database: first }, silent, options);
    const target = scriptedHandler(kind, () => ({ status: 'delivered' }), { batchSize: 4 });
    outbox.register(target.handler);
    for (let n = 1; n <= 10; n += 1) await outbox.enqueue(kind, { n });
    const orphanId = await outbox.enqueue(orphan, { n: 0 });
    expect(await outbox.deliverDue()).toBe(10);
    expect(target.calls.map((c) => c.length)).toEqual([4, 4, 2]);
    expect(await outbox.repository.find(orphanId)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('never hands one row to two dispatchers at once (two connections, concurrent passes)', async () => {
    const kind = newKind();
    const a = createOutbox({ database: first }, silent, options);
    const b = createOutbox({ database: second }, silent, options);
    const seen = new Map<number, number>();
    const slow = () =>
      scriptedHandler(
        kind,
        async (m) => {
          seen.set(m.payload.n, (seen.get(m.payload.n) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 5));
          return { status: 'delivered' };
        },
        { batchSize: 5 },
      );
    a.register(slow().handler);
    b.register(slow().handler);
    for (let n = 1; n <= 60; n += 1) await a.enqueue(kind, { n });

    const passes = await Promise.all([a.deliverDue(), b.deliverDue()]);
    expect(passes.reduce((sum, n) => sum + n, 0)).toBe(60);
    expect(seen.size).toBe(60);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
  });

  it('takes a row back from a claimer that died once its lease runs out', async () => {
    const kind = newKind();
    const outbox = createOutbox({ database: first }, silent, options);
    const target = scriptedHandler(kind, () => ({ status: 'delivered' }));
    outbox.register(target.handler);
    const id = await outbox.enqueue(kind, { n: 1 });
    // Another process claims the row and crashes before writing an outcome.
    const [claimed] = await outbox.repository.claim({
      kind,
      limit: 1,
      now: clock.toISOString(),
      leaseUntil: new Date(clock.getTime() + 30_000).toISOString(),
      token: 'crashed-process',
    });
    expect(claimed?.id).toBe(id);
    expect(await outbox.deliverDue()).toBe(0);
    advance(30_001);
    expect(await outbox.deliverDue()).toBe(1);
    // The late claimer cannot overwrite the outcome.
    expect(await outbox.repository.reschedule(id, 'crashed-process', clock.toISOString(), 'late')).toBe(
      false,
    );
    expect(await outbox.repository.find(id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('sends soon after an enqueue once started, and flushes what is due on stop', async () => {
    const kind = newKind();
    const outbox = createOutbox({ database: first }, silent, options);
    const target = scriptedHandler(kind, () => ({ status: 'delivered' }));
    outbox.register(target.handler);
    outbox.start();
    await outbox.enqueue(kind, { n: 1 });
    await expect.poll(() => target.delivered(), { timeout: 2_000 }).toEqual([1]);

    // Rows written just before shutdown go out during stop().
    const late = [outbox.enqueue(kind, { n: 2 }), outbox.enqueue(kind, { n: 3 })];
    const report = await outbox.stop(2_000);
    await Promise.all(late);
    expect(report).toEqual({ delivered: 2, pending: 0, timedOut: false });
    expect(target.delivered().sort()).toEqual([1, 2, 3]);
  });

  it('stops at its deadline with a stuck receiver; the rows wait for the next start', async () => {
    const kind = newKind();
    const outbox = createOutbox({ database: first }, silent, options);
    outbox.register(
      scriptedHandler(kind, () => new Promise<DeliveryOutcome>(() => undefined), { timeoutMs: 5_000 })
        .handler,
    );
    for (let n = 1; n <= 2; n += 1) await outbox.enqueue(kind, { n });
    const started = Date.now();
    const report = await outbox.stop(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report).toMatchObject({ delivered: 0, pending: 2, timedOut: true });

    // Next start (another process, on the other connection), after the lease of the stuck one ran out.
    advance(30_001);
    const next = createOutbox({ database: second }, silent, options);
    const target = scriptedHandler(kind, () => ({ status: 'delivered' }));
    next.register(target.handler);
    expect(await next.deliverDue()).toBe(2);
    expect(target.delivered().sort()).toEqual([1, 2]);
  });

  it('purges delivered rows after the retention period', async () => {
    const kind = newKind();
    const outbox = createOutbox({ database: first }, silent, options);
    outbox.register(scriptedHandler(kind, () => ({ status: 'delivered' })).handler);
    const id = await outbox.enqueue(kind, { n: 1 });
    await outbox.deliverDue();
    await outbox.repository.purgeDelivered(new Date(clock.getTime() - 1).toISOString());
    expect(await outbox.repository.find(id)).toMatchObject({ status: 'delivered' });
    expect(
      await outbox.repository.purgeDelivered(new Date(clock.getTime() + 1).toISOString()),
    ).toBeGreaterThan(0);
    expect(await outbox.repository.find(id)).toBeUndefined();
  });
});
