import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { scrubPii } from '../../observability/logger.js';
import { metrics } from '../../observability/metrics.js';
import { retryDelayMs, type BackoffPolicy } from './backoff.js';
import type { OutboxRepository, OutboxRow } from './repository.js';
import type { DeliveryOutcome, OutboxHandler, OutboxMessage } from './types.js';

export interface DispatcherOptions {
  /** How often due rows are looked for when nothing wakes the dispatcher. */
  pollIntervalMs: number;
  /** After an enqueue, wait this long before a pass so events written together go in one batch. */
  wakeDelayMs: number;
  /** How long a claim holds its rows; must outlast every handler's timeout. */
  leaseMs: number;
  /** Attempts before a row is parked as failed. */
  maxAttempts: number;
  backoff: BackoffPolicy;
  /** Delivered rows are deleted after this long. */
  retainDeliveredMs: number;
  /** Batches one kind may send in one pass before the others get their turn again. */
  maxBatchesPerPass: number;
  now: () => Date;
  random: () => number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  pollIntervalMs: 5_000,
  wakeDelayMs: 100,
  leaseMs: 2 * 60_000,
  maxAttempts: 10,
  // 2 s, 4 s, 8 s ... capped at 10 min: ten attempts span about half an hour of outage.
  backoff: { baseMs: 2_000, maxMs: 10 * 60_000 },
  retainDeliveredMs: 7 * 24 * 60 * 60_000,
  maxBatchesPerPass: 20,
  now: () => new Date(),
  random: Math.random,
};

export interface StopReport {
  /** Rows delivered while stopping. */
  delivered: number;
  /** Rows still pending afterwards (they stay in the store for the next start). */
  pending: number;
  /** Whether the deadline cut the drain short. */
  timedOut: boolean;
}

const PURGE_EVERY_MS = 60 * 60_000;

/**
 * Sends due outbox rows through the handler of their kind: claims a batch (a lease, so no other
 * dispatcher sends the same rows), delivers it, and writes each row's outcome: delivered, retried
 * later with exponential backoff and jitter, or parked as failed after `maxAttempts` or a refusal
 * for good. Kinds are drained side by side, so a slow receiver does not hold up the others.
 */
export class OutboxDispatcher {
  readonly #handlers = new Map<string, OutboxHandler>();
  readonly #options: DispatcherOptions;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #pass: Promise<number> | undefined;
  #passAgain = false;
  #state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  #lastPurge = 0;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly logger: Logger,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.#options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
  }

  register(handler: OutboxHandler<never>): void {
    if (this.#handlers.has(handler.kind)) throw new Error(`outbox kind "${handler.kind}" registered twice`);
    if (handler.timeoutMs >= this.#options.leaseMs) {
      throw new Error(`outbox kind "${handler.kind}": timeout must be shorter than the lease`);
    }
    this.#handlers.set(handler.kind, handler as OutboxHandler);
    metrics.outboxPending.set({ kind: handler.kind }, 0);
  }

  get kinds(): string[] {
    return [...this.#handlers.keys()];
  }

  /** Starts polling; rows left by a previous run are picked up on the first pass. */
  start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'running';
    this.#schedule(0);
  }

  /** Something was enqueued: deliver soon, after a short wait that lets a burst share a batch. */
  wake(): void {
    if (this.#state !== 'running') return;
    if (this.#pass) this.#passAgain = true;
    else this.#schedule(this.#options.wakeDelayMs);
  }

  /** One pass over every kind; resolves with the rows delivered. Concurrent calls share a pass. */
  runPass(): Promise<number> {
    this.#pass ??= this.#passOverKinds().finally(() => {
      this.#pass = undefined;
      if (this.#state === 'running') {
        this.#schedule(this.#passAgain ? this.#options.wakeDelayMs : this.#options.pollIntervalMs);
      }
      this.#passAgain = false;
    });
    return this.#pass;
  }

  /**
   * Stops polling and sends what is due within `deadlineMs`: the pass under way finishes, then
   * passes repeat while they still deliver something. Rows not sent stay pending in the store.
   */
  async stop(deadlineMs = 5_000): Promise<StopReport> {
    if (this.#state === 'stopped')
      return { delivered: 0, pending: await this.#pendingTotal(), timedOut: false };
    this.#state = 'stopping';
    this.#clearTimer();
    const deadline = Date.now() + deadlineMs;
    let delivered = 0;
    let timedOut = false;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        timedOut = true;
        break;
      }
      const result = await beforeDeadline(this.runPass(), remaining);
      if (result === TIMED_OUT) {
        timedOut = true;
        break;
      }
      delivered += result;
      if (result === 0) break;
    }
    this.#state = 'stopped';
    if (timedOut) this.logger.warn({ deadlineMs }, 'outbox: shutdown drain hit its deadline');
    return { delivered, pending: await this.#pendingTotal(), timedOut };
  }

  async #passOverKinds(): Promise<number> {
    const counts = await Promise.all([...this.#handlers.values()].map((h) => this.#drainKind(h)));
    await this.#refreshPendingGauge();
    await this.#purgeOldRows();
    return counts.reduce((sum, n) => sum + n, 0);
  }

  async #drainKind(handler: OutboxHandler): Promise<number> {
    let delivered = 0;
    for (let batch = 0; batch < this.#options.maxBatchesPerPass; batch += 1) {
      // A stop() that hit its deadline leaves this pass running; it must not start new batches.
      if (this.#state === 'stopped') break;
      let rows: OutboxRow[];
      const token = randomUUID();
      try {
        const now = this.#options.now();
        rows = await this.repository.claim({
          kind: handler.kind,
          limit: handler.batchSize,
          now: now.toISOString(),
          leaseUntil: new Date(now.getTime() + this.#options.leaseMs).toISOString(),
          token,
        });
      } catch (error) {
        this.#storeFailed(error, handler.kind);
        return delivered;
      }
      if (rows.length === 0) break;
      delivered += await this.#deliverBatch(handler, rows, token);
      if (rows.length < handler.batchSize) break;
    }
    return delivered;
  }

  async #deliverBatch(handler: OutboxHandler, rows: OutboxRow[], token: string): Promise<number> {
    const readable: Array<{ row: OutboxRow; message: OutboxMessage }> = [];
    const outcomes = new Map<string, DeliveryOutcome>();
    for (const row of rows) {
      try {
        readable.push({ row, message: toMessage(row) });
      } catch {
        outcomes.set(row.id, { status: 'rejected', error: 'payload is not valid JSON' });
      }
    }
    if (readable.length > 0) {
      const results = await this.#callHandler(
        handler,
        readable.map((r) => r.message),
      );
      readable.forEach(({ row }, index) => {
        outcomes.set(row.id, results[index] ?? { status: 'retry', error: 'handler returned no outcome' });
      });
    }
    let delivered = 0;
    const retried: string[] = [];
    for (const row of rows) {
      const outcome = outcomes.get(row.id) ?? { status: 'retry', error: 'no outcome' };
      try {
        if (await this.#settle(handler.kind, row, token, outcome)) delivered += 1;
        else if (outcome.status === 'retry') retried.push(outcome.error);
      } catch (error) {
        this.#storeFailed(error, handler.kind);
      }
    }
    if (retried.length > 0) {
      this.logger.warn(
        { kind: handler.kind, rows: retried.length, reason: scrubPii(retried[0] ?? '') },
        'outbox: delivery failed; will retry',
      );
    }
    return delivered;
  }

  /** The handler's outcomes, or a retry for every message if it throws or overruns its timeout. */
  async #callHandler(handler: OutboxHandler, messages: OutboxMessage[]): Promise<DeliveryOutcome[]> {
    const retryAll = (error: string): DeliveryOutcome[] => messages.map(() => ({ status: 'retry', error }));
    try {
      const result = await beforeDeadline(handler.deliver(messages), handler.timeoutMs);
      return result === TIMED_OUT ? retryAll(`no outcome within ${handler.timeoutMs} ms`) : result;
    } catch (error) {
      return retryAll(error instanceof Error ? error.message : String(error));
    }
  }

  /** Writes one row's outcome; true when it was delivered. */
  async #settle(kind: string, row: OutboxRow, token: string, outcome: DeliveryOutcome): Promise<boolean> {
    const now = this.#options.now();
    if (outcome.status === 'delivered') {
      const written = await this.repository.markDelivered(row.id, token, now.toISOString());
      if (written) metrics.outboxDelivered.inc({ kind });
      return written;
    }
    const error = scrubPii(outcome.error).slice(0, 500);
    const givingUp = outcome.status === 'rejected' || row.attempts >= this.#options.maxAttempts;
    if (givingUp) {
      const reason =
        outcome.status === 'rejected'
          ? `refused: ${error}`
          : `gave up after ${row.attempts} attempts: ${error}`;
      if (await this.repository.park(row.id, token, reason)) {
        metrics.outboxFailed.inc({ kind });
        this.logger.error(
          { kind, id: row.id, attempts: row.attempts, reason },
          'outbox: delivery parked as failed',
        );
      }
      return false;
    }
    const retryAfterMs = outcome.status === 'retry' ? outcome.retryAfterMs : undefined;
    const delay = retryDelayMs(row.attempts, this.#options.backoff, retryAfterMs, this.#options.random);
    const next = new Date(now.getTime() + delay).toISOString();
    if (await this.repository.reschedule(row.id, token, next, error)) metrics.outboxRetried.inc({ kind });
    return false;
  }

  async #refreshPendingGauge(): Promise<void> {
    try {
      const pending = await this.repository.countPending();
      for (const kind of new Set([...this.#handlers.keys(), ...pending.keys()])) {
        metrics.outboxPending.set({ kind }, pending.get(kind) ?? 0);
      }
    } catch (error) {
      this.#storeFailed(error);
    }
  }

  async #purgeOldRows(): Promise<void> {
    const now = this.#options.now().getTime();
    if (now - this.#lastPurge < PURGE_EVERY_MS) return;
    this.#lastPurge = now;
    try {
      await this.repository.purgeDelivered(new Date(now - this.#options.retainDeliveredMs).toISOString());
    } catch (error) {
      this.#storeFailed(error);
    }
  }

  async #pendingTotal(): Promise<number> {
    try {
      let total = 0;
      for (const [kind, n] of await this.repository.countPending()) if (this.#handlers.has(kind)) total += n;
      return total;
    } catch {
      return Number.NaN;
    }
  }

  #storeFailed(error: unknown, kind?: string): void {
    metrics.dependencyFailures.inc({ dependency: 'store' });
    this.logger.warn({ kind, reason: scrubPii(String(error)) }, 'outbox: store unavailable; will try again');
  }

  /** Keeps the earliest of the pending wake-up and this one. */
  #schedule(delayMs: number): void {
    const at = Date.now() + delayMs;
    if (this.#timer && this.#timerAt <= at) return;
    this.#clearTimer();
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Number.POSITIVE_INFINITY;
      void this.runPass();
    }, delayMs);
    // The dispatcher alone never keeps a process alive; shutdown calls stop() to drain.
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    attempts: row.attempts,
    createdAt: row.createdAt,
  };
}

const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT if it has not settled within `ms` (it keeps running). */
async function beforeDeadline<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
