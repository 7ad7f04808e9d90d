/** Conversions between domain values and the portable column encodings. */

// Without an explicit offset, Date parses date-times as local time; refuse rather than guess.
const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * One spelling per instant (`Date#toISOString`, UTC, milliseconds). Timestamps are
 * compared as text (ordering, range queries, the bookings unique index), and
 * '10:00:00Z' vs '10:00:00.000Z' would otherwise be different slots.
 */
export function toUtcIso(value: string, field: string): string {
  const time = HAS_OFFSET.test(value.trim()) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new RangeError(
      `${field} must be an ISO-8601 timestamp with a time zone offset, got ${JSON.stringify(value)}`,
    );
  }
  return new Date(time).toISOString();
}

export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlag(value: number): boolean {
  return value !== 0;
}

/** count(*) is a number from SQLite but a bigint-as-string from PostgreSQL. */
export function toCount(value: string | number | bigint | undefined): number {
  return value === undefined ? 0 : Number(value);
}
