export interface ResourceEmail {
  sessionId: string;
  to: string;
  subject: string;
  resourceUrl: string;
}

/** A booked call, for the confirmation email and its calendar invite. Times are ISO-8601 UTC. */
export interface BookingConfirmation {
  sessionId: string;
  /** Also the invite's UID, so a later update replaces the same calendar event. */
  bookingId: string;
  to: string;
  startUtc: string;
  endUtc: string;
  /** The trialist's zone: the email states the time in it. */
  userTimeZone: string;
  /** The sales rep hosting the call, shown in the email; the invite's organizer is the sender. */
  host?: { name: string };
  /** A conference link, when the calendar made one. */
  meetingUrl?: string;
}

export interface EmailSender {
  sendResource(email: ResourceEmail): Promise<void>;
  sendBookingConfirmation(confirmation: BookingConfirmation): Promise<void>;
}
