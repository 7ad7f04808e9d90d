import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { chatLimitsFromEnv } from '../../src/server/chat_limits.js';
import { clientKey } from '../../src/server/client_address.js';
import { createMessageGate } from '../../src/server/message_gate.js';
import { isDuplicateKey } from '../../src/server/duplicate_key.js';
import { originAllowed } from '../../src/server/origin_check.js';
import { startSessionClock } from '../../src/server/session_clock.js';
import { createSessionTokens } from '../../src/server/session_token.js';
import { TokenBucket } from '../../src/server/token_bucket.js';
import { fastifyTrustProxy } from '../../src/server/trust_proxy.js';
import { parseTrustProxy } from '../../src/trust_proxy_setting.js';

describe('TokenBucket', () => {
  it('lets a burst through, then the steady rate', () => {
    let now = 0;
    const bucket = new TokenBucket(5, 20, () => now);
    const burst = Array.from({ length: 8 }, () => bucket.take());
    expect(burst).toEqual([true, true, true, true, true, false, false, false]);
    now += 3_000; // 20 a minute is one every 3 s
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('admits about 25 of 6,000 frames sent over one minute (burst 5 + 20 a minute), then 20 a minute', () => {
    let now = 0;
    const bucket = new TokenBucket(5, 20, () => now);
    let admitted = 0;
    for (; now < 60_000; now += 10) if (bucket.take()) admitted += 1;
    // The 20th refill lands on the minute mark itself.
    expect(admitted).toBeGreaterThanOrEqual(24);
    expect(admitted).toBeLessThanOrEqual(25);
    let nextMinute = 0;
    for (; now < 120_000; now += 10) if (bucket.take()) nextMinute += 1;
    expect(nextMinute).toBeGreaterThanOrEqual(19);
    expect(nextMinute).toBeLessThanOrEqual(21);
  });

  it('never saves up more than the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 60, () => now);
    now += 3_600_000;
    expect(Array.from({ length: 5 }, () => bucket.take()).filter(Boolean)).toHaveLength(3);
  });
});

describe('message gate', () => {
  const text = (value: string) => Buffer.from(value);

  it('says "slow down" once per streak of dropped frames', () => {
    let told = 0;
    const admit = createMessageGate({ messageBurst: 2, messagesPerMinute: 1 }, () => (told += 1));
    const frame = text('{"type":"user","text":"hi"}');
    const results = Array.from({ length: 6 }, () => admit(frame, false));
    expect(results).toEqual([true, true, false, false, false, false]);
    expect(told).toBe(1);
  });

  it('always lets an end frame through, and nothing else that looks like one', () => {
    const admit = createMessageGate({ messageBurst: 1, messagesPerMinute: 1 }, () => undefined);
    admit(text('x'), false);
    expect(admit(text('{"type":"end"}'), false)).toBe(true);
    expect(admit(text('{"type":"end"}'), true)).toBe(false);
    expect(admit(text(`{"type":"end","pad":"${'x'.repeat(40)}"}`), false)).toBe(false);
    expect(admit(text('{"type":"user","text":"end"}'), false)).toBe(false);
  });
});

describe('session clock', () => {
  // Fake timers: with real ones a loaded CI machine once ran the 100 ms wait past the idle time.
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A clock of 80 ms idle and 200 ms longest that writes down when each fired. */
  function clockWithLog() {
    const fired: string[] = [];
    const started = Date.now();
    const at = (what: string) => () => fired.push(`${what}@${Date.now() - started}`);
    const clock = startSessionClock({ idleMs: 80, maxMs: 200, onIdle: at('idle'), onMaxLength: at('max') });
    return { clock, fired };
  }

  it('fires idle after the last touch; stop clears both', () => {
    const { clock, fired } = clockWithLog();
    vi.advanceTimersByTime(50);
    clock.touch();
    vi.advanceTimersByTime(79);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['idle@130']);
    clock.stop();
    vi.advanceTimersByTime(500);
    expect(fired).toEqual(['idle@130']); // max length never fired after stop
  });

  it('fires max length from the start, however busy the chat is', () => {
    const { clock, fired } = clockWithLog();
    for (let ms = 0; ms < 250; ms += 50) {
      clock.touch();
      vi.advanceTimersByTime(50);
    }
    expect(fired).toEqual(['max@200']);
    clock.stop();
  });
});

describe('chat limits from config', () => {
  it('maps the variables, minutes to milliseconds', () => {
    const limits = chatLimitsFromEnv(
      loadConfig({
        CHAT_IDLE_MINUTES: '2',
        CHAT_MAX_SESSION_MINUTES: '5',
        CHAT_MAX_TURNS: '7',
        CHAT_RESUME_SECONDS: '90',
      }).env,
    );
    expect(limits).toEqual({
      messagesPerMinute: 20,
      messageBurst: 5,
      maxSessionsPerIp: 5,
      maxTurns: 7,
      idleMs: 120_000,
      maxSessionMs: 300_000,
      resumeMs: 90_000,
    });
  });
});

describe('originAllowed', () => {
  const production = { publicOrigin: 'https://sarah.example.com', production: true };
  const development = { publicOrigin: 'https://sarah.example.com', production: false };
  const host = 'sarah.example.com';

  it.each([
    ['https://sarah.example.com', production, true],
    ['https://sarah.example.com:443', production, true],
    ['http://sarah.example.com', production, false],
    ['https://sarah.example.com.evil.example', production, false],
    ['https://evil.example', production, false],
    ['http://localhost:5173', production, false],
    ['null', production, false],
    [undefined, production, false],
    ['http://localhost:5173', development, true],
    ['https://127.0.0.1:8443', development, true],
    ['http://[::1]:3000', development, true],
    ['http://localhost.evil.example', development, false],
    ['file:///tmp/page.html', development, false],
    [undefined, development, true],
  ] as const)('%s (production: %s)', (origin, rules, expected) => {
    expect(originAllowed(origin, host, rules)).toBe(expected);
  });

  it('without PUBLIC_URL accepts the same host only', () => {
    const rules = { production: true };
    expect(originAllowed('https://sarah.example.com', 'sarah.example.com', rules)).toBe(true);
    expect(originAllowed('http://10.0.0.7:3000', '10.0.0.7:3000', rules)).toBe(true);
    expect(originAllowed('https://evil.example', 'sarah.example.com', rules)).toBe(false);
    expect(originAllowed('https://sarah.example.com', undefined, rules)).toBe(false);
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['TRUE', true],
    ['2', 2],
    ['10.0.0.0/8, 192.168.1.7', ['10.0.0.0/8', '192.168.1.7']],
    ['loopback,fd00::/8', ['loopback', 'fd00::/8']],
  ] as const)('parses %j', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected);
  });

  it.each(['yes', '10.0.0.0/33', '10.0.0.1/8/2', '300.1.1.1', '99', 'example.com'])('refuses %j', (raw) => {
    expect(parseTrustProxy(raw)).toBeUndefined();
    expect(() => loadConfig({ TRUST_PROXY: raw })).toThrow(/TRUST_PROXY/);
  });

  it('turns a hop count into "trust the nearest hops" for Fastify', () => {
    const trust = fastifyTrustProxy(1) as (address: string, hop: number) => boolean;
    expect(trust('10.0.0.1', 0)).toBe(true);
    expect(trust('203.0.113.9', 1)).toBe(false);
    expect(fastifyTrustProxy(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
  });
});

describe('clientKey', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:0db8:0001:0002::/64'],
    ['2001:db8:1:2::99', '2001:0db8:0001:0002::/64'],
    ['2001:db8::1', '2001:0db8:0000:0000::/64'],
    ['::1', '0000:0000:0000:0000::/64'],
  ])('%s counts as %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });
});

describe('session tokens', () => {
  const sessionId = '5b0f8c1e-8a2c-4a57-9a43-0c1f1e0b2d11';

  it('verify for their own session until they expire', () => {
    let now = 1_000_000;
    const tokens = createSessionTokens('s'.repeat(32), 60_000, () => now);
    const token = tokens.issue(sessionId);
    expect(tokens.verify(sessionId, token)).toBe(true);
    expect(tokens.verify('another-session', token)).toBe(false);
    now += 59_000;
    expect(tokens.verify(sessionId, token)).toBe(true);
    now += 2_000;
    expect(tokens.verify(sessionId, token)).toBe(false);
  });

  it('refuse other secrets, a changed expiry, a changed signature and garbage', () => {
    const tokens = createSessionTokens('s'.repeat(32), 60_000);
    const token = tokens.issue(sessionId);
    const [expires, mac] = token.split('.') as [string, string];
    expect(createSessionTokens('t'.repeat(32), 60_000).verify(sessionId, token)).toBe(false);
    expect(tokens.verify(sessionId, `${Number(expires) + 3600}.${mac}`)).toBe(false);
    expect(tokens.verify(sessionId, `${expires}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`)).toBe(
      false,
    );
    for (const bad of ['', 'x', `${expires}.`, `${expires}.${mac}.extra`, `-1.${mac}`])
      expect(tokens.verify(sessionId, bad)).toBe(false);
  });
});

describe('isDuplicateKey', () => {
  it('knows PostgreSQL and SQLite duplicates, and nothing else', () => {
    expect(isDuplicateKey({ code: '23505' })).toBe(true);
    expect(isDuplicateKey({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' })).toBe(true);
    expect(
      isDuplicateKey({ code: 'SQLITE_CONSTRAINT', message: 'UNIQUE constraint failed: feedback.id' }),
    ).toBe(true);
    expect(isDuplicateKey({ code: 'SQLITE_CONSTRAINT_CHECK', message: 'CHECK constraint failed' })).toBe(
      false,
    );
    expect(isDuplicateKey({ code: 'SQLITE_READONLY' })).toBe(false);
    expect(isDuplicateKey(new Error('UNIQUE constraint failed'))).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });
});
