/**
 * The outbox: deliveries to outside systems are written to the store first and sent later by
 * the dispatcher, so an outage or a restart loses nothing. A handler per kind does the sending.
 */

/** One stored delivery, as a handler sees it. `attempts` includes the attempt being made now. */
export interface OutboxMessage<P = unknown> {
  id: string;
  kind: string;
  payload: P;
  attempts: number;
  createdAt: string;
}

/** What became of one message. `retryAfterMs` is the receiver's own request (Retry-After, throttling). */
export type DeliveryOutcome =
  | { status: 'delivered' }
  | { status: 'retry'; error: string; retryAfterMs?: number }
  /** The receiver refused it for good (a malformed message); retrying cannot help. */
  | { status: 'rejected'; error: string };

export interface OutboxHandler<P = unknown> {
  kind: string;
  /** Messages claimed and handed to `deliver` at once. */
  batchSize: number;
  /**
   * The longest one `deliver` call may take; past it every message in the batch is retried.
   * Handlers enforce their own shorter network timeouts; this is the backstop.
   */
  timeoutMs: number;
  /** Sends the batch; returns one outcome per message, in the same order. Throwing retries them all. */
  deliver(messages: OutboxMessage<P>[]): Promise<DeliveryOutcome[]>;
}

/** The one thing producers need: a durable "send this later". */
export interface OutboxWriter {
  /** Stores the message and resolves with its id once it is durable. */
  enqueue(kind: string, payload: unknown): Promise<string>;
}
