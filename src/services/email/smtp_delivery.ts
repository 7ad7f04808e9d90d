import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryOutcome, OutboxHandler, OutboxMessage } from '../outbox/types.js';
import type { OutgoingEmail } from './messages.js';

export const EMAIL_OUTBOX_KIND = 'email';

export interface SmtpDeliveryOptions {
  url: string;
  /** Connection, greeting and socket-inactivity timeout of the SMTP client. */
  timeoutMs?: number;
  batchSize?: number;
}

/** Errors that say the server is unreachable: the rest of the batch is not tried this time. */
const CONNECTION_ERRORS = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EAUTH',
  'DEADLINE',
]);

/**
 * Sends outbox emails over SMTP with nodemailer, one message at a time. A 5xx answer to the
 * recipient or the message itself (unknown mailbox, message refused) is final; every other
 * failure is retried by the outbox, and an unreachable server ends the batch early.
 */
export class SmtpDelivery implements OutboxHandler<OutgoingEmail> {
  readonly kind = EMAIL_OUTBOX_KIND;
  readonly batchSize: number;
  readonly timeoutMs: number;
  readonly #transport: Transporter;
  readonly #messageDeadlineMs: number;

  constructor(options: SmtpDeliveryOptions) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    this.batchSize = options.batchSize ?? 5;
    this.#messageDeadlineMs = 2 * timeoutMs;
    this.timeoutMs = this.batchSize * this.#messageDeadlineMs + 5_000;
    this.#transport = nodemailer.createTransport({
      url: options.url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
    });
  }

  async deliver(messages: OutboxMessage<OutgoingEmail>[]): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = [];
    for (const { payload } of messages) {
      const outcome = await this.#send(payload);
      outcomes.push(outcome);
      if (outcome.status === 'retry' && outcome.error.startsWith('unreachable')) {
        const skipped: DeliveryOutcome = { status: 'retry', error: outcome.error };
        while (outcomes.length < messages.length) outcomes.push(skipped);
        break;
      }
    }
    return outcomes;
  }

  async #send(email: OutgoingEmail): Promise<DeliveryOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('no answer in time'), { code: 'DEADLINE' })),
        this.#messageDeadlineMs,
      );
    });
    try {
      await Promise.race([
        this.#transport.sendMail({
          messageId: email.messageId,
          from: email.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          ...(email.icalEvent ? { icalEvent: email.icalEvent } : {}),
        }),
        deadline,
      ]);
      return { status: 'delivered' };
    } catch (error) {
      return outcomeOf(error);
    } finally {
      clearTimeout(timer);
    }
  }
}

function outcomeOf(error: unknown): DeliveryOutcome {
  const { code, responseCode, command, message } = error as {
    code?: string;
    responseCode?: number;
    command?: string;
    message?: string;
  };
  const detail = `${code ?? 'error'}${responseCode ? ` ${responseCode}` : ''}${command ? ` on ${command}` : ''}: ${message ?? String(error)}`;
  // A permanent refusal of this recipient or this message. A refused sender (MAIL FROM) is a
  // setting an operator fixes, so it is retried like an outage.
  const aboutThisMessage =
    command === 'RCPT TO' || command === 'DATA' || code === 'EENVELOPE' || code === 'EMESSAGE';
  if (
    responseCode !== undefined &&
    responseCode >= 500 &&
    responseCode < 600 &&
    aboutThisMessage &&
    command !== 'MAIL FROM'
  ) {
    return { status: 'rejected', error: detail };
  }
  if (code !== undefined && CONNECTION_ERRORS.has(code))
    return { status: 'retry', error: `unreachable: ${detail}` };
  return { status: 'retry', error: detail };
}
