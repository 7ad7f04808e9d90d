import type { voice } from '@livekit/agents';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionContext } from '../../src/agent/context.js';
import { limitCallLength } from '../../src/agent/voice/call_limit.js';
import { COPY } from '../../src/conversation/index.js';

/** A call's goodbye claims "everything you told me is saved" only when every write of the call succeeded. */
describe('the call-limit goodbye', () => {
  afterEach(() => vi.useRealTimers());

  const goodbyeWith = async (saved: (() => boolean) | undefined) => {
    vi.useFakeTimers();
    const said: string[] = [];
    const session = {
      say: (text: string) => {
        said.push(text);
        return { waitForPlayout: () => Promise.resolve() };
      },
    } as unknown as voice.AgentSession<SessionContext>;
    const context = { ended: false } as SessionContext;
    const stop = limitCallLength(session, context, { maxMs: 10, graceMs: 10, onEnd: () => undefined, saved });
    await vi.advanceTimersByTimeAsync(30);
    stop();
    return said.at(-1);
  };

  it('says it is saved when the store kept every write', async () => {
    expect(await goodbyeWith(() => true)).toBe(COPY.callLimitGoodbye);
    expect(await goodbyeWith(undefined)).toBe(COPY.callLimitGoodbye);
  });

  it('claims nothing was saved after a failed write', async () => {
    expect(await goodbyeWith(() => false)).toBe(COPY.callLimitGoodbyeUnsaved);
  });
});
