import pino from 'pino';
import type { DispatcherOptions } from '../../src/services/outbox/dispatcher.js';
import { createOutbox, type Outbox } from '../../src/services/outbox/index.js';
import { migrateToLatest, openDatabase, type Database } from '../../src/store/index.js';

/**
 * An outbox over a fresh in-memory store, on a clock the test moves, with test-sized timings: what
 * the Amplitude, SMTP and webhook tests each deliver through. A sender registers on `outbox`.
 */
export interface OutboxRig {
  database: Database;
  outbox: Outbox;
  now(): Date;
  advance(ms: number): void;
  /** The statuses of this kind's rows, oldest first. */
  statuses(): Promise<string[]>;
  /** Delivery passes, moving the clock a minute between them, until nothing is pending. */
  deliverAll(maxPasses?: number): Promise<void>;
}

export async function outboxRig(kind: string, options: Partial<DispatcherOptions> = {}): Promise<OutboxRig> {
  const database = await openDatabase({ sqlitePath: ':memory:' });
  await migrateToLatest(database.db);
  let clock = new Date('2026-11-25T15:00:00Z');
  const now = () => clock;
  const outbox = createOutbox({ database }, pino({ level: 'silent' }), {
    now,
    pollIntervalMs: 60_000,
    wakeDelayMs: 5,
    maxAttempts: 6,
    backoff: { baseMs: 1_000, maxMs: 10_000 },
    ...options,
  });
  const statuses = async () => (await outbox.repository.list(kind)).map((r) => r.status);
  return {
    database,
    outbox,
    now,
    advance: (ms) => (clock = new Date(clock.getTime() + ms)),
    statuses,
    async deliverAll(maxPasses = 20) {
      for (let pass = 0; pass < maxPasses; pass += 1) {
        await outbox.deliverDue();
        if (!(await statuses()).includes('pending')) return;
        clock = new Date(clock.getTime() + 60_000);
      }
    },
  };
}
