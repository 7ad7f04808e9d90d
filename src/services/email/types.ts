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
  /**
   * The invite's UID when it differs from the booking id: a moved call keeps the UID of its first
   * invite, so the trialist's calendar moves the event instead of adding a second one.
   */
  inviteUid?: string;
  /** 0 for the first invite of a call; one more for each change after it. */
  sequence?: number;
  /** Why the invite is sent again: the call moved, or it goes to a corrected address. */
  change?: 'moved' | 'new_address';
}

/** A call cancelled in the chat: the email removes it from the trialist's calendar. */
export interface BookingCancellation {
  sessionId: string;
  /** The UID of the invite the trialist has. */
  inviteUid: string;
  to: string;
  startUtc: string;
  endUtc: string;
  userTimeZone: string;
  /** Higher than the sequence of the last invite sent for this call. */
  sequence: number;
}

export interface EmailSender {
  sendResource(email: ResourceEmail): Promise<void>;
  sendBookingConfirmation(confirmation: BookingConfirmation): Promise<void>;
  sendBookingCancellation(cancellation: BookingCancellation): Promise<void>;
}
