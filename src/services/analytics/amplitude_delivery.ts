import { createInstance, Types } from '@amplitude/analytics-node';
import type { DeliveryOutcome, OutboxHandler, OutboxMessage } from '../outbox/types.js';

export const AMPLITUDE_OUTBOX_KIND = 'amplitude';

/** One event as stored in the outbox: already cleaned by the catalogue and pseudonymised. */
export interface AmplitudeOutboxEvent {
  event_type: string;
  user_id: string;
  device_id: string;
  /** When it happened (ms since the epoch), kept across retries. */
  time: number;
  event_properties: Record<string, string | number | boolean>;
}

export interface AmplitudeDeliveryOptions {
  apiKey: string;
  /** Full HTTP V2 endpoint; unset = Amplitude's own (api2.amplitude.com/2/httpapi). */
  serverUrl?: string;
  /** Events per request (Amplitude accepts up to 2000 per batch; 100 keeps requests small). */
  batchSize?: number;
  requestTimeoutMs?: number;
  /** Wait after a 429 (Amplitude asks for 30 s for throttled users and devices). */
  throttleMs?: number;
}

/**
 * Sends outbox rows to Amplitude with the official Node SDK. The SDK is set up so that the
 * outbox, not the SDK, owns retries: one attempt per event (`flushMaxRetries: 1`), an explicit
 * `flush()` after the batch is queued, and each `track(...).promise` resolves with the HTTP
 * code for its event. A failed batch therefore keeps its rows, and the row id is the event's
 * `insert_id`, so Amplitude drops a copy of a batch it received but could not confirm.
 */
export class AmplitudeDelivery implements OutboxHandler<AmplitudeOutboxEvent> {
  readonly kind = AMPLITUDE_OUTBOX_KIND;
  readonly batchSize: number;
  readonly timeoutMs: number;
  readonly #client = createInstance();
  readonly #ready: Promise<void>;
  readonly #throttleMs: number;

  constructor(options: AmplitudeDeliveryOptions) {
    const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.batchSize = options.batchSize ?? 100;
    this.#throttleMs = options.throttleMs ?? 30_000;
    // The SDK may still fire one delayed flush of its own; allow for it before giving up on a batch.
    this.timeoutMs = 2 * requestTimeoutMs + 5_000;
    this.#ready = this.#client.init(options.apiKey, {
      serverUrl: options.serverUrl,
      flushQueueSize: this.batchSize,
      flushMaxRetries: 1,
      // Only a safety net: deliver() flushes at once. A short interval also lets the SDK's idle
      // timer end quickly, so it never keeps a finished process alive for long.
      flushIntervalMillis: 1_000,
      requestTimeoutMillis: requestTimeoutMs,
      // The SDK logs to the console; stdout belongs to the console's JSON lines.
      logLevel: Types.LogLevel.None,
    }).promise;
  }

  async deliver(messages: OutboxMessage<AmplitudeOutboxEvent>[]): Promise<DeliveryOutcome[]> {
    await this.#ready;
    const results = messages.map(
      ({ id, payload }) =>
        this.#client.track({
          event_type: payload.event_type,
          user_id: payload.user_id,
          device_id: payload.device_id,
          time: payload.time,
          event_properties: payload.event_properties,
          insert_id: id,
        }).promise,
    );
    await this.#client.flush().promise;
    return (await Promise.all(results)).map((result) => this.#outcome(result));
  }

  #outcome(result: Types.Result): DeliveryOutcome {
    const { code } = result;
    if (code >= 200 && code < 300) return { status: 'delivered' };
    const error = `Amplitude answered ${code || 'nothing'}: ${String(result.message).slice(0, 200)}`;
    // Invalid events are not refused for good: a 400 is also how Amplitude answers a wrong API
    // key, which an operator fixes; after maxAttempts the row is parked and can be requeued.
    if (code === 429) return { status: 'retry', error, retryAfterMs: this.#throttleMs };
    return { status: 'retry', error };
  }
}
