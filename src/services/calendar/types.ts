export interface SalesRep {
  id: string;
  name: string;
  timeZone: string;
  /** ISO weekday numbers, Monday = 1. */
  workDays: number[];
  /** 'HH:MM' in the rep's own time zone. */
  workStart: string;
  workEnd: string;
}

export interface Slot {
  repId: string;
  startUtc: string;
  endUtc: string;
}

export interface SlotPreference {
  /** ISO date (yyyy-mm-dd) in the user's time zone. */
  date?: string;
  /** ISO weekday, Monday = 1, in the user's time zone. */
  weekday?: number;
  partOfDay?: 'morning' | 'afternoon' | 'evening';
  /** Minutes after local midnight in the user's time zone. */
  timeOfDay?: number;
  /** Inclusive span of days (yyyy-mm-dd) in the user's time zone. */
  dateFrom?: string;
  dateTo?: string;
  /** Allowed ISO weekdays. */
  weekdays?: number[];
  /** Bounds on the start, in minutes after local midnight. */
  after?: number;
  before?: number;
}

export interface FindSlotsRequest {
  now: Date;
  userTimeZone: string;
  count: number;
  preference?: SlotPreference;
  /** Offer the times closest to this one (minutes after local midnight) first, not the earliest. */
  nearTime?: number;
}

export interface BookingRequest {
  slot: Slot;
  sessionId: string;
  attendeeEmail: string;
  attendeeName?: string;
  userTimeZone: string;
  now: Date;
}

export type BookingResult = { status: 'booked'; bookingId: string; slot: Slot } | { status: 'conflict' };

export interface CalendarService {
  findSlots(request: FindSlotsRequest): Promise<Slot[]>;
  book(request: BookingRequest): Promise<BookingResult>;
  /** Frees the slot of a booking made earlier; false when there was nothing to cancel. */
  cancel(bookingId: string): Promise<boolean>;
  /** Sends the invite of an existing booking to a corrected address. */
  updateAttendee(bookingId: string, email: string): Promise<boolean>;
}

/** A booking as a calendar hands it to the store. */
export interface BookingRow {
  id: string;
  sessionId: string;
  repId: string;
  startAt: string;
  endAt: string;
  attendeeEmail: string;
  attendeeName?: string;
  userTimeZone: string;
  createdAt: string;
}

/** What the embedded calendar needs from the store. */
export interface CalendarRepository {
  listReps(): Promise<SalesRep[]>;
  listBusy(fromIso: string, toIso: string): Promise<Array<{ repId: string; startAt: string }>>;
  insertBooking(booking: BookingRow): Promise<'booked' | 'conflict'>;
  /** A booking by id, to settle an insert whose answer was lost; undefined when there is none. */
  getBooking(id: string): Promise<{ sessionId: string | null; status: string } | undefined>;
  cancelBooking(id: string): Promise<boolean>;
  updateAttendee(id: string, email: string): Promise<boolean>;
}
