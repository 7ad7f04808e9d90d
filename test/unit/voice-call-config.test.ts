import { describe, expect, it } from 'vitest';
import { callTiming } from '../../src/agent/voice/call_audio.js';
import { callerKeyFrom, dispatchMetadata } from '../../src/agent/voice/caller_key.js';
import { roomForSession, sessionForRoom } from '../../src/agent/voice/room_name.js';
import { drainTimeoutMs } from '../../src/agent/worker.js';
import { loadConfig } from '../../src/config.js';

describe('voice call settings', () => {
  it('reads the call rules from configuration, with the documented defaults', () => {
    expect(callTiming(loadConfig({}))).toEqual({
      fillerAfterMs: 700,
      silenceNudgeMs: 8000,
      maxCallMs: 15 * 60_000,
      callLimitGraceMs: 60_000,
    });
    const custom = callTiming(
      loadConfig({ SILENCE_NUDGE_S: '5', MAX_CALL_MINUTES: '30', FILLER_AFTER_MS: '900' }),
    );
    expect(custom).toMatchObject({ silenceNudgeMs: 5000, maxCallMs: 30 * 60_000, fillerAfterMs: 900 });
  });

  it('rejects call rules out of range with the variable named', () => {
    expect(() => loadConfig({ SILENCE_NUDGE_S: '0' })).toThrow(/SILENCE_NUDGE_S/);
    expect(() => loadConfig({ MAX_CALL_MINUTES: 'forever' })).toThrow(/MAX_CALL_MINUTES/);
  });

  it('lets a draining worker wait for the longest possible call, and no longer', () => {
    expect(drainTimeoutMs(loadConfig({ MAX_CALL_MINUTES: '15' }))).toBe(17 * 60_000);
    expect(drainTimeoutMs(loadConfig({ MAX_CALL_MINUTES: '40' }))).toBe(42 * 60_000);
  });

  it('exposes the LiveKit job entry, with a prewarm that builds the app once per job process', async () => {
    const agent = (await import('../../src/voice_worker.js')).default;
    expect(typeof agent.entry).toBe('function');
    expect(typeof agent.prewarm).toBe('function');
  });

  it('names one room per session and finds the session back from the room', () => {
    const room = roomForSession('3f1c');
    expect(room).toBe('sarah-3f1c');
    expect(sessionForRoom(room)).toBe('3f1c');
    expect(sessionForRoom('dev-room')).toBe('dev-room');
  });
});

describe('the caller key in a call dispatch', () => {
  it('reads back what the web server put in, and nothing from anything else', () => {
    expect(callerKeyFrom(dispatchMetadata('203.0.113.7'))).toBe('203.0.113.7');
    expect(callerKeyFrom(dispatchMetadata('2001:0db8:0000:0001::/64'))).toBe('2001:0db8:0000:0001::/64');
    for (const other of [
      undefined,
      '',
      'not json',
      '{"clientKey":42}',
      '{}',
      JSON.stringify({ clientKey: 'x'.repeat(65) }),
    ])
      expect(callerKeyFrom(other)).toBeUndefined();
  });
});
