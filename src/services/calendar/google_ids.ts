import { createHash } from 'node:crypto';

/**
 * The booking id of one booking attempt, derived from what makes two attempts the same one: the
 * session, the rep and the start. A retried `book` (the guard's retry, a lost response) therefore
 * lands on the same id, the same Google event id and the same conference request, and cannot make
 * a second event. `generation` moves past ids already spent on a booking that was later cancelled.
 */
export function bookingIdFor(
  attempt: { sessionId: string; repId: string; startUtc: string },
  generation: number,
): string {
  const key = `${attempt.sessionId}|${attempt.repId}|${Date.parse(attempt.startUtc)}|${generation}`;
  const hex = createHash('sha256').update(key).digest('hex');
  // UUID-shaped (version nibble 5, RFC 4122 variant) so it sits with the store's other ids.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant(hex[16]!)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Google event ids may use only base32hex characters (0-9, a-v), 5 to 1024 of them; a UUID's hex
 * digits without dashes qualify, so the event id is the booking id, readable both ways.
 */
export function eventIdFor(bookingId: string): string {
  return bookingId.replaceAll('-', '').toLowerCase();
}

function variant(digit: string): string {
  return ((parseInt(digit, 16) & 0x3) | 0x8).toString(16);
}
