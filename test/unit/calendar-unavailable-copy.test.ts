import { describe, expect, it } from 'vitest';
import { detectReplyActs } from '../../src/agent/session/reply_acts.js';
import { calendarUnavailable } from '../../src/conversation/copy.js';

describe('calendarUnavailable', () => {
  const URL = 'https://www.pandadoc.com/book-a-call';

  it.each([
    ['with a booking page', calendarUnavailable(URL)],
    ['without one', calendarUnavailable()],
  ])('%s: says so briefly, never "error", and ends on the follow-up by email', (_name, line) => {
    expect(line).not.toMatch(/error/i);
    expect((line.match(/[.!?](?=\s|$)/g) ?? []).length).toBeLessThanOrEqual(3);
    expect(line).toMatch(/email you.*\?$/);
    // A plain "yes" takes the follow-up; it must not read as an offer to search for times again.
    expect(detectReplyActs(line)).toEqual([{ kind: 'offer', offer: 'email_followup' }]);
  });

  it('names the booking page when there is one', () => {
    expect(calendarUnavailable(URL)).toContain(URL);
    expect(calendarUnavailable()).not.toMatch(/https?:/);
  });
});
