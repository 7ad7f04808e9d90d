import { randomUUID } from 'node:crypto';
import type { BookingCancellation, BookingConfirmation, EmailSender, ResourceEmail } from './types.js';

export interface EmailOutbox {
  record(row: {
    id: string;
    sessionId: string;
    toAddress: string;
    subject: string;
    resourceUrl?: string;
    createdAt: string;
  }): Promise<void>;
}

/** Without SMTP settings, "sent" emails go to an outbox table that support can read and resend from. */
export class EmbeddedEmailSender implements EmailSender {
  constructor(
    private readonly outbox: EmailOutbox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sendResource(email: ResourceEmail): Promise<void> {
    await this.outbox.record({
      id: randomUUID(),
      sessionId: email.sessionId,
      toAddress: email.to,
      subject: email.subject,
      resourceUrl: email.resourceUrl,
      createdAt: this.now().toISOString(),
    });
  }

  /** Recorded like a resource email (no link): the booking itself is in the store already. */
  async sendBookingConfirmation(confirmation: BookingConfirmation): Promise<void> {
    await this.outbox.record({
      id: randomUUID(),
      sessionId: confirmation.sessionId,
      toAddress: confirmation.to,
      subject: `${confirmation.change === 'moved' ? 'Booking moved' : 'Booking confirmation'} ${confirmation.bookingId}`,
      createdAt: this.now().toISOString(),
    });
  }

  async sendBookingCancellation(cancellation: BookingCancellation): Promise<void> {
    await this.outbox.record({
      id: randomUUID(),
      sessionId: cancellation.sessionId,
      toAddress: cancellation.to,
      subject: `Booking cancelled ${cancellation.inviteUid}`,
      createdAt: this.now().toISOString(),
    });
  }
}
