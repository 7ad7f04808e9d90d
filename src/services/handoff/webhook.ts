import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config.js';
import type { OutboxHandler, OutboxWriter } from '../outbox/types.js';
import { NoopHandoffNotifier, type HandoffNotifier, type HandoffSummary } from './types.js';
import {
  HANDOFF_OUTBOX_KIND,
  WebhookDelivery,
  type HandoffWebhookBody,
  type WebhookDeliveryOptions,
} from './webhook_delivery.js';

/**
 * Tells the CRM about a hand-off or a booking: the summary is written to the outbox (this resolves
 * once it is stored) and the dispatcher POSTs it, signed, until the CRM accepts it.
 */
export class WebhookHandoffNotifier implements HandoffNotifier {
  constructor(private readonly outbox: OutboxWriter) {}

  async handedOff(summary: HandoffSummary): Promise<void> {
    await this.outbox.enqueue(HANDOFF_OUTBOX_KIND, webhookBody('handoff', summary));
  }

  async booked(summary: HandoffSummary): Promise<void> {
    await this.outbox.enqueue(HANDOFF_OUTBOX_KIND, webhookBody('booking', summary));
  }

  async bookingChanged(summary: HandoffSummary): Promise<void> {
    await this.outbox.enqueue(HANDOFF_OUTBOX_KIND, webhookBody('booking_changed', summary));
  }
}

/** The JSON the CRM receives; field names are the documented contract (README "CRM hand-off"). */
export function webhookBody(type: HandoffWebhookBody['type'], summary: HandoffSummary): HandoffWebhookBody {
  const { signals } = summary;
  return {
    id: randomUUID(),
    type,
    occurredAt: summary.at,
    session: { id: summary.sessionId, channel: summary.channel },
    reason: summary.reason,
    tier: summary.tier,
    signals: {
      teamSize: signals.teamSize ?? null,
      monthlyVolume: signals.monthlyVolume ?? null,
      useCase: signals.useCase ?? null,
      integrations: signals.integrations,
      industry: signals.industry ?? null,
      urgency: signals.urgency ?? null,
    },
    booking: summary.booking,
    ...(summary.previousBookingId ? { previousBookingId: summary.previousBookingId } : {}),
    contact: summary.contactEmail ? { email: summary.contactEmail } : null,
  };
}

export interface HandoffOutbox extends OutboxWriter {
  register(handler: OutboxHandler<never>): void;
}

/**
 * The CRM webhook when HANDOFF_WEBHOOK_URL (and its secret) are set, registered on the outbox;
 * a notifier that does nothing otherwise.
 */
export function createHandoffNotifier(
  config: AppConfig,
  outbox: HandoffOutbox,
  options: Partial<Omit<WebhookDeliveryOptions, 'url' | 'secret'>> = {},
): HandoffNotifier {
  const { HANDOFF_WEBHOOK_URL: url, HANDOFF_WEBHOOK_SECRET: secret } = config.env;
  if (!url) return new NoopHandoffNotifier();
  if (!secret) throw new Error('HANDOFF_WEBHOOK_SECRET must be set with HANDOFF_WEBHOOK_URL');
  outbox.register(new WebhookDelivery({ url, secret, ...options }));
  return new WebhookHandoffNotifier(outbox);
}
