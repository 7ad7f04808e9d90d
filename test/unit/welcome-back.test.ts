import { describe, expect, it } from 'vitest';
import { SessionContext } from '../../src/agent/context.js';
import { welcomeBackLine } from '../../src/agent/session/welcome_back.js';
import { COPY, DEFAULT_THRESHOLDS } from '../../src/conversation/index.js';

function contextAfterOneTurn(): SessionContext {
  const context = new SessionContext(
    's-1',
    'web',
    'UTC',
    DEFAULT_THRESHOLDS,
    () => new Date('2026-11-25T15:00:00Z'),
  );
  context.observeUser('We are 30 people on HubSpot');
  return context;
}

describe('the line a resumed chat opens with', () => {
  it("repeats Sarah's last line without the acknowledgement that answered an earlier message", () => {
    const line = welcomeBackLine(
      contextAfterOneTurn(),
      'Thanks, noted. I have Thursday at 9:00 AM. Which works?',
    );
    expect(line).toBe(`${COPY.welcomeBack} I have Thursday at 9:00 AM. Which works?`);
  });

  it('keeps a reply that is only an acknowledgement whole, and greets a chat that never started', () => {
    expect(welcomeBackLine(contextAfterOneTurn(), 'Got it.')).toBe(`${COPY.welcomeBack} Got it.`);
    const fresh = new SessionContext('s-2', 'web', 'UTC', DEFAULT_THRESHOLDS, () => new Date());
    expect(welcomeBackLine(fresh, 'anything')).toBe(COPY.greeting);
  });

  it('does not read out a redacted line: asks what comes next instead', () => {
    const line = welcomeBackLine(contextAfterOneTurn(), 'The invite goes to [email]. Shall I book it?');
    expect(line).toBe(`${COPY.welcomeBack} ${COPY.welcomeBackOpen}`);
  });
});
