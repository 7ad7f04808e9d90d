import type { CalendarService } from '../services/calendar/types.js';
import type { EmailSender } from '../services/email/types.js';
import type { KnowledgeBase } from '../services/knowledge/types.js';
import type { DependencyGuard } from './guard.js';

declare const guarded: unique symbol;

/**
 * A service whose every method goes through a DependencyGuard. Only the decorators below make
 * one, and the agent's services are typed with it, so a tool cannot be handed a raw client.
 */
export type Guarded<S> = S & { readonly [guarded]: true };

const asGuarded = <S>(service: S) => service as Guarded<S>;

export function guardKnowledge(knowledge: KnowledgeBase, guard: DependencyGuard): Guarded<KnowledgeBase> {
  return asGuarded<KnowledgeBase>({
    search: (query, options) =>
      guard.call((signal) =>
        knowledge.search(query, {
          ...options,
          signal: options?.signal ? AbortSignal.any([options.signal, signal]) : signal,
        }),
      ),
  });
}

export interface CalendarGuardOptions {
  /**
   * True when the calendar deduplicates a repeated booking (Google Calendar's `requestId`). Until
   * then a booking is never retried: an attempt that timed out may still have been written, and a
   * retry would book the slot twice.
   */
  idempotentBooking?: boolean;
}

export function guardCalendar(
  calendar: CalendarService,
  guard: DependencyGuard,
  options: CalendarGuardOptions = {},
): Guarded<CalendarService> {
  const bookingRetries = options.idempotentBooking ? undefined : 0;
  return asGuarded<CalendarService>({
    findSlots: (request) => guard.call(() => calendar.findSlots(request)),
    book: (request) => guard.call(() => calendar.book(request), { retries: bookingRetries }),
    cancel: (bookingId) => guard.call(() => calendar.cancel(bookingId)),
    updateAttendee: (bookingId, email) => guard.call(() => calendar.updateAttendee(bookingId, email)),
  });
}

/** An email sent twice is a small nuisance; one never sent is a broken promise: both are retried. */
export function guardEmail(sender: EmailSender, guard: DependencyGuard): Guarded<EmailSender> {
  return asGuarded<EmailSender>({
    sendResource: (email) => guard.call(() => sender.sendResource(email)),
    sendBookingConfirmation: (confirmation) => guard.call(() => sender.sendBookingConfirmation(confirmation)),
    sendBookingCancellation: (cancellation) => guard.call(() => sender.sendBookingCancellation(cancellation)),
  });
}
