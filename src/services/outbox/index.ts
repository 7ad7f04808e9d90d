import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../../store/index.js';
import { OutboxDispatcher, type DispatcherOptions, type StopReport } from './dispatcher.js';
import { OutboxRepository } from './repository.js';
import type { OutboxHandler, OutboxWriter } from './types.js';

/**
 * The durable outbox as the rest of the app sees it: producers `enqueue`, production parts
 * `register` a handler for their kind, and the composition root `start`s it after wiring and
 * `stop`s it on shutdown (which first waits for enqueues still being written).
 */
export class Outbox implements OutboxWriter {
  readonly #writes = new Set<Promise<unknown>>();

  constructor(
    readonly repository: OutboxRepository,
    readonly dispatcher: OutboxDispatcher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async enqueue(kind: string, payload: unknown): Promise<string> {
    const id = randomUUID();
    const write = this.repository.insert({
      id,
      kind,
      payload: JSON.stringify(payload),
      createdAt: this.now().toISOString(),
    });
    this.#writes.add(write);
    try {
      await write;
    } finally {
      this.#writes.delete(write);
    }
    this.dispatcher.wake();
    return id;
  }

  register(handler: OutboxHandler<never>): void {
    this.dispatcher.register(handler);
  }

  start(): void {
    this.dispatcher.start();
  }

  /** Enqueues still being written (fire-and-forget producers such as analytics) have landed. */
  async settled(): Promise<void> {
    while (this.#writes.size > 0) await Promise.allSettled([...this.#writes]);
  }

  /** One delivery pass now (tests, and commands that exit right after their work). */
  async deliverDue(): Promise<number> {
    await this.settled();
    return this.dispatcher.runPass();
  }

  /** Waits for writes in flight, then drains what it can within `deadlineMs`. Call before closing the store. */
  async stop(deadlineMs = 5_000): Promise<StopReport> {
    await this.settled();
    return this.dispatcher.stop(deadlineMs);
  }
}

/** One outbox over the app's store. Handlers are registered by the production parts that use it. */
export function createOutbox(
  store: Pick<Store, 'database'>,
  logger: Logger,
  options: Partial<DispatcherOptions> = {},
): Outbox {
  const repository = new OutboxRepository(store.database);
  const dispatcher = new OutboxDispatcher(repository, logger.child({ component: 'outbox' }), options);
  return new Outbox(repository, dispatcher, options.now);
}

export { DEFAULT_DISPATCHER_OPTIONS, OutboxDispatcher } from './dispatcher.js';
export type { DispatcherOptions, StopReport } from './dispatcher.js';
export { OutboxRepository } from './repository.js';
export type { OutboxRow, OutboxStatus } from './repository.js';
export { parseRetryAfter, retryDelayMs } from './backoff.js';
export type { BackoffPolicy } from './backoff.js';
export type { DeliveryOutcome, OutboxHandler, OutboxMessage, OutboxWriter } from './types.js';
