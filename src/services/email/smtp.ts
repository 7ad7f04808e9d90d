import type { AppConfig } from '../../config.js';
import type { OutboxHandler, OutboxWriter } from '../outbox/types.js';
import {
  bookingCancellationMessage,
  bookingConfirmationMessage,
  resourceMessage,
  type InviteOptions,
} from './messages.js';
import { EMAIL_OUTBOX_KIND, SmtpDelivery, type SmtpDeliveryOptions } from './smtp_delivery.js';
import type { BookingCancellation, BookingConfirmation, EmailSender, ResourceEmail } from './types.js';

/**
 * Production email: each message is composed and written to the outbox, and this resolves once
 * it is stored; the dispatcher sends it over SMTP and retries until the server takes it. So
 * "I've emailed you" is true as soon as it is said: the email can no longer be lost.
 */
export class SmtpEmailSender implements EmailSender {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly from: string,
    private readonly now: () => Date = () => new Date(),
    private readonly invites: InviteOptions = { attachInvite: true },
  ) {}

  async sendResource(email: ResourceEmail): Promise<void> {
    await this.outbox.enqueue(EMAIL_OUTBOX_KIND, resourceMessage(this.from, email));
  }

  async sendBookingConfirmation(confirmation: BookingConfirmation): Promise<void> {
    await this.outbox.enqueue(
      EMAIL_OUTBOX_KIND,
      bookingConfirmationMessage(this.from, confirmation, this.now(), this.invites),
    );
  }

  async sendBookingCancellation(cancellation: BookingCancellation): Promise<void> {
    await this.outbox.enqueue(
      EMAIL_OUTBOX_KIND,
      bookingCancellationMessage(this.from, cancellation, this.now(), this.invites),
    );
  }
}

export interface EmailOutboxWithHandlers extends OutboxWriter {
  register(handler: OutboxHandler<never>): void;
}

/**
 * SMTP email when SMTP_URL is set: registers the SMTP sender on the outbox and returns the
 * `EmailSender` for the agent; undefined when SMTP_URL is unset (use the embedded sender).
 */
export function createSmtpSender(
  config: AppConfig,
  outbox: EmailOutboxWithHandlers,
  options: { now?: () => Date; delivery?: Partial<Omit<SmtpDeliveryOptions, 'url'>> } = {},
): SmtpEmailSender | undefined {
  const { SMTP_URL: url, EMAIL_FROM: from } = config.env;
  if (!url) return undefined;
  // loadConfig refuses SMTP_URL without EMAIL_FROM; this guards configs built by hand.
  if (!from) throw new Error('EMAIL_FROM must be set with SMTP_URL');
  outbox.register(new SmtpDelivery({ url, ...options.delivery }));
  // Google Calendar invites the attendee itself, and sends the updates and cancellations.
  return new SmtpEmailSender(outbox, from, options.now, {
    attachInvite: config.googleCalendar === undefined,
  });
}
