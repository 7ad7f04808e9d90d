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
}

export interface FindSlotsRequest {
  now: Date;
  userTimeZone: string;
  count: number;
  preference?: SlotPreference;
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
}

/** What the embedded calendar needs from the store. */
export interface CalendarRepository {
  listReps(): Promise<SalesRep[]>;
  listBusy(fromIso: string, toIso: string): Promise<Array<{ repId: string; startAt: string }>>;
  insertBooking(booking: {
    id: string;
    sessionId: string;
    repId: string;
    startAt: string;
    endAt: string;
    attendeeEmail: string;
    attendeeName?: string;
    userTimeZone: string;
    createdAt: string;
  }): Promise<'booked' | 'conflict'>;
}
