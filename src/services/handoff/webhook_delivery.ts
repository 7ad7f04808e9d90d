import { parseRetryAfter } from '../outbox/backoff.js';
import type { DeliveryOutcome, OutboxHandler, OutboxMessage } from '../outbox/types.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';

export const HANDOFF_OUTBOX_KIND = 'handoff_webhook';

/** The JSON body as stored in the outbox and sent as is (the event id lets the receiver dedupe). */
export interface HandoffWebhookBody {
  id: string;
  type: 'handoff' | 'booking' | 'booking_changed';
  [field: string]: unknown;
}

export interface WebhookDeliveryOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
  batchSize?: number;
  now?: () => Date;
}

/** Answers that mean "this body will never be accepted": the row is parked, not retried. */
const REFUSED_FOR_GOOD = new Set([400, 413, 422]);

/**
 * POSTs hand-off summaries to the CRM webhook, signed with HMAC-SHA256. 2xx is delivered; 429
 * and 5xx are retried (after the receiver's Retry-After when it gives one); 400, 413 and 422
 * are final; anything else, and a network failure or timeout, is retried. An unreachable
 * receiver ends the batch early.
 */
export class WebhookDelivery implements OutboxHandler<HandoffWebhookBody> {
  readonly kind = HANDOFF_OUTBOX_KIND;
  readonly batchSize: number;
  readonly timeoutMs: number;
  readonly #requestTimeoutMs: number;
  readonly #now: () => Date;

  constructor(private readonly options: WebhookDeliveryOptions) {
    this.#requestTimeoutMs = options.timeoutMs ?? 10_000;
    this.batchSize = options.batchSize ?? 10;
    this.timeoutMs = this.batchSize * this.#requestTimeoutMs + 5_000;
    this.#now = options.now ?? (() => new Date());
  }

  async deliver(messages: OutboxMessage<HandoffWebhookBody>[]): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = [];
    for (const { payload } of messages) {
      const outcome = await this.#post(payload);
      outcomes.push(outcome);
      if (outcome.status === 'retry' && outcome.error.startsWith('unreachable')) {
        while (outcomes.length < messages.length) outcomes.push({ status: 'retry', error: outcome.error });
        break;
      }
    }
    return outcomes;
  }

  async #post(payload: HandoffWebhookBody): Promise<DeliveryOutcome> {
    const body = JSON.stringify(payload);
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'sarah-handoff/1',
          [SIGNATURE_HEADER]: signWebhook(this.options.secret, body, this.#now()),
          'x-sarah-event': payload.type,
          'x-sarah-delivery': payload.id,
        },
        body,
        // A redirect would turn the POST into a GET elsewhere; a moved endpoint is a setting to fix.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#requestTimeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message;
      return { status: 'retry', error: `unreachable: ${reason}` };
    }
    // The body is never needed (a malformed one changes nothing); drain it to free the socket.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { status: 'delivered' };
    const error = `receiver answered ${response.status}`;
    if (REFUSED_FOR_GOOD.has(response.status)) return { status: 'rejected', error };
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#now());
    return retryAfterMs === undefined ? { status: 'retry', error } : { status: 'retry', error, retryAfterMs };
  }
}
