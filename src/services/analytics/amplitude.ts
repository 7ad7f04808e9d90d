import type { Logger } from 'pino';
import type { AppConfig } from '../../config.js';
import { scrubPii } from '../../observability/logger.js';
import { metrics } from '../../observability/metrics.js';
import type { OutboxHandler, OutboxWriter } from '../outbox/types.js';
import {
  AMPLITUDE_OUTBOX_KIND,
  AmplitudeDelivery,
  type AmplitudeDeliveryOptions,
  type AmplitudeOutboxEvent,
} from './amplitude_delivery.js';
import { cleanEvent } from './events.js';
import { pseudonymousId } from './pseudonym.js';
import type { Analytics, AnalyticsProperties } from './types.js';

/**
 * Amplitude analytics: `track` checks the event against the catalogue, replaces the session id
 * with a salted hash and writes the event to the outbox; the outbox dispatcher sends batches.
 * Nothing about the conversation waits for Amplitude, and an outage or a restart loses nothing.
 */
export class AmplitudeAnalytics implements Analytics {
  readonly #writes = new Set<Promise<unknown>>();

  constructor(
    private readonly outbox: OutboxWriter,
    private readonly salt: string,
    private readonly logger?: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  track(sessionId: string, event: string, properties: AnalyticsProperties = {}): void {
    const clean = cleanEvent(event, properties);
    if (!clean) {
      metrics.analyticsDropped.inc({ event, what: 'event' });
      this.logger?.debug({ event }, 'analytics: event not in the catalogue; not sent');
      return;
    }
    for (const property of clean.dropped) {
      metrics.analyticsDropped.inc({ event, what: 'property' });
      this.logger?.debug({ event, property }, 'analytics: property not allowed; dropped');
    }
    metrics.analyticsEvents.inc({ event });
    const id = pseudonymousId(this.salt, sessionId);
    const row: AmplitudeOutboxEvent = {
      event_type: clean.name,
      user_id: id,
      device_id: id,
      time: this.now().getTime(),
      event_properties: withoutNulls(clean.properties),
    };
    const write = this.outbox.enqueue(AMPLITUDE_OUTBOX_KIND, row).catch((error: unknown) => {
      metrics.dependencyFailures.inc({ dependency: 'store' });
      this.logger?.warn({ event, reason: scrubPii(String(error)) }, 'analytics: event not stored');
    });
    this.#writes.add(write);
    void write.finally(() => this.#writes.delete(write));
  }

  /** Resolves once every tracked event is in the outbox (sending is the dispatcher's job). */
  async flush(): Promise<void> {
    while (this.#writes.size > 0) await Promise.allSettled([...this.#writes]);
  }
}

function withoutNulls(properties: AnalyticsProperties): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(properties)) if (value !== null) out[key] = value;
  return out;
}

export interface AmplitudeOutbox extends OutboxWriter {
  register(handler: OutboxHandler<never>): void;
}

/**
 * Production analytics when AMPLITUDE_API_KEY is set: registers the Amplitude sender on the
 * outbox and returns the `Analytics` the agent uses. Returns undefined when the key is unset.
 */
export function createAmplitudeAnalytics(
  config: AppConfig,
  outbox: AmplitudeOutbox,
  options: { logger?: Logger; now?: () => Date; delivery?: Partial<AmplitudeDeliveryOptions> } = {},
): AmplitudeAnalytics | undefined {
  const { AMPLITUDE_API_KEY: apiKey, AMPLITUDE_SERVER_URL: serverUrl, ANALYTICS_SALT: salt } = config.env;
  if (!apiKey) return undefined;
  // loadConfig refuses a key without a salt; this guards callers that build a config by hand.
  if (!salt) throw new Error('ANALYTICS_SALT must be set with AMPLITUDE_API_KEY');
  outbox.register(new AmplitudeDelivery({ apiKey, serverUrl, ...options.delivery }));
  return new AmplitudeAnalytics(outbox, salt, options.logger, options.now);
}
