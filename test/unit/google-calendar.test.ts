import { describe, expect, it } from 'vitest';
import { BusyIndex } from '../../src/services/calendar/google_busy.js';
import { parseRetryAfter, toCalendarError } from '../../src/services/calendar/google_errors.js';
import { bookingIdFor, eventIdFor } from '../../src/services/calendar/google_ids.js';

const H = 3_600_000;

describe('BusyIndex', () => {
  const index = new BusyIndex();
  index.add('a', [
    { startMs: 10 * H, endMs: 11 * H },
    { startMs: 0, endMs: 48 * H }, // a two-day absence added after a shorter event inside it
    { startMs: 50 * H, endMs: 50.5 * H },
  ]);
  index.add('a', [{ startMs: 50.5 * H, endMs: 51 * H }]); // touching runs merge
  index.seal();

  it.each([
    ['inside the long absence', 'a', 30 * H, 30.5 * H, true],
    ['ending exactly where busy time starts', 'a', 49.5 * H, 50 * H, false],
    ['starting exactly where busy time ends', 'a', 51 * H, 51.5 * H, false],
    ['straddling two merged runs', 'a', 50.25 * H, 50.75 * H, true],
    ['in a gap', 'a', 48 * H, 48.5 * H, false],
    ['another rep', 'b', 30 * H, 30.5 * H, false],
  ])('%s', (_what, rep, start, end, busy) => {
    expect(index.overlaps(rep, start, end)).toBe(busy);
  });
});

describe('Google errors', () => {
  const gaxios = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
    config: {},
    response: { status, data, headers: new Headers(headers) },
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('30')).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('2026-10-21T07:28:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it("treats Google's 403 rate limits as retryable and other 403s as final", () => {
    const limited = toCalendarError(
      gaxios(403, {
        error: { code: 403, message: 'Rate Limit Exceeded', errors: [{ reason: 'userRateLimitExceeded' }] },
      }),
      'freeBusy',
    );
    expect(limited).toMatchObject({ status: 403, reason: 'userRateLimitExceeded', retryable: true });
    const forbidden = toCalendarError(
      gaxios(403, {
        error: { code: 403, message: 'Forbidden', errors: [{ reason: 'forbiddenForServiceAccounts' }] },
      }),
      'events.insert',
    );
    expect(forbidden).toMatchObject({ reason: 'forbiddenForServiceAccounts', retryable: false });
  });

  it('reads the token endpoint error shape and survives bodies that are not JSON', () => {
    expect(
      toCalendarError(gaxios(400, { error: 'invalid_grant', error_description: 'Bad JWT' }), 'token'),
    ).toMatchObject({
      reason: 'invalid_grant',
      retryable: false,
      message: expect.stringContaining('Bad JWT'),
    });
    expect(toCalendarError(gaxios(502, '<html>Bad gateway</html>'), 'freeBusy')).toMatchObject({
      status: 502,
      reason: 'http502',
      retryable: true,
    });
  });

  it('calls a failure before any response a network error, and a plain bug not retryable', () => {
    expect(
      toCalendarError({ config: {}, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'x'),
    ).toMatchObject({
      reason: 'network',
      retryable: true,
    });
    expect(toCalendarError(new TypeError('x is undefined'), 'x')).toMatchObject({
      reason: 'client',
      retryable: false,
    });
  });
});

describe('booking and event ids', () => {
  const attempt = { sessionId: 's1', repId: 'r1', startUtc: '2026-11-24T15:00:00Z' };

  it('gives a retried attempt the same id, whatever the spelling of the start', () => {
    const id = bookingIdFor(attempt, 0);
    expect(bookingIdFor({ ...attempt, startUtc: '2026-11-24T10:00:00.000-05:00' }, 0)).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bookingIdFor(attempt, 1)).not.toBe(id);
    expect(bookingIdFor({ ...attempt, sessionId: 's2' }, 0)).not.toBe(id);
  });

  it('makes event ids Google accepts (base32hex, 5 to 1024 characters)', () => {
    expect(eventIdFor(bookingIdFor(attempt, 0))).toMatch(/^[a-v0-9]{5,1024}$/);
  });
});
