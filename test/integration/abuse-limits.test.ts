import { randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { COPY } from '../../src/conversation/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { connectRedis, redisReady } from '../../src/services/shared/redis.js';
import { GENERIC_FAILURE } from '../../src/server/error_handler.js';
import { FEEDBACK_ALREADY_SENT, FEEDBACK_NOT_OPEN } from '../../src/server/feedback_route.js';
import { ORIGIN_REFUSED } from '../../src/server/origin_check.js';
import { buildServer, type ServerOptions } from '../../src/server/server.js';
import { testApp } from '../support/app.js';
import { openChat, upgradeStatus, type ChatSocket, type Frame } from '../support/chat_socket.js';
import { freePort } from '../support/free_port.js';
import { forgedToken } from '../support/forged_token.js';

const silent = pino({ level: 'silent' });
const opened: Array<{ close(): Promise<unknown> }> = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

interface Running {
  app: App;
  server: FastifyInstance;
  base: string;
}

async function serve(
  env: Record<string, string> = {},
  options: ServerOptions = {},
  logger: pino.Logger = silent,
): Promise<Running> {
  const app = await testApp(env);
  opened.push(app);
  const server = await buildServer(app, logger, options);
  opened.push(server);
  const base = await server.listen({ port: 0, host: '127.0.0.1' });
  return { app, server, base };
}

/** A chat past its greeting, with the session ID and feedback token from its session frame. */
async function greeted(
  base: string,
  headers: Record<string, string> = {},
): Promise<ChatSocket & { sessionId: string; token: string }> {
  const chat = await openChat(base, { headers });
  const session = await chat.next((f) => f.type === 'session');
  await chat.next((f) => f.type === 'agent');
  return Object.assign(chat, { sessionId: String(session.sessionId), token: String(session.token) });
}

const isNotice = (message: string) => (f: Frame) => f.type === 'error' && f.message === message;
const isEnd = (f: Frame) => f.type === 'end';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A different made-up client address at each call, so counts never meet. Counted, not random:
 * two random picks in one test met about once in 250 runs.
 */
let addressesGiven = 0;
const clientAddress = () => `198.51.100.${(addressesGiven++ % 250) + 1}`;

describe('per-socket message rate', () => {
  it('answers frames over the rate with one polite notice, keeps the chat, and refills', async () => {
    const { base } = await serve({}, { chatLimits: { messageBurst: 3, messagesPerMinute: 120 } });
    const chat = await greeted(base);
    for (let i = 0; i < 10; i++) chat.socket.send('not json'); // cheap frames: no turn is started
    const slowDown = await chat.next(isNotice(COPY.slowDown));
    expect(slowDown.message).not.toMatch(/error/i);
    await sleep(300);
    // Three frames got through (each read and answered as unreadable), seven were dropped unread,
    // and the user heard "slow down" once.
    const unreadable = chat.frames.filter((f) => f.type === 'error' && f !== slowDown);
    expect(unreadable).toHaveLength(3);
    expect(chat.frames.filter(isNotice(COPY.slowDown))).toHaveLength(1);
    expect(chat.socket.readyState).toBe(chat.socket.OPEN);
    // 120 a minute is one token every 500 ms.
    await sleep(600);
    chat.say('How do I add a pricing table?');
    const answer = await chat.next((f) => f.type === 'agent');
    expect(String(answer.text)).toMatch(/pricing table/i);
    chat.socket.close();
  });

  it('honours an end frame even over the rate', async () => {
    const { app, base } = await serve({}, { chatLimits: { messageBurst: 1 } });
    const chat = await greeted(base);
    chat.socket.send('not json');
    chat.socket.send('not json');
    chat.socket.send(JSON.stringify({ type: 'end' }));
    expect((await chat.next(isEnd)).reason).toBe('user_ended');
    await chat.closed;
    expect((await app.store.sessions.get(chat.sessionId))?.endReason).toBe('user_ended');
  });
});

describe('open chats per client address', () => {
  it('refuses one chat too many with a friendly end, and gives the slot back on every kind of close', async () => {
    const { base } = await serve({ TRUST_PROXY: 'loopback' }, { chatLimits: { maxSessionsPerIp: 2 } });
    const headers = { 'x-forwarded-for': clientAddress() };
    const first = await greeted(base, headers);
    const second = await greeted(base, headers);

    const third = await openChat(base, { headers });
    expect(await third.next((f) => f.type === 'error')).toMatchObject({ message: COPY.tooManyChats });
    expect(await third.next(isEnd)).toMatchObject({ reason: 'too_many_sessions' });
    expect(await third.closed).toBe(1000);
    expect(third.frames.some((f) => f.type === 'session')).toBe(false);

    // Another address is not affected.
    (await greeted(base, { 'x-forwarded-for': clientAddress() })).socket.close();

    // A normal close gives the slot back...
    first.socket.close();
    await first.closed;
    const fourth = await openWhenFree(base, headers);
    // ...and so does an abnormal one (no close handshake at all).
    second.socket.terminate();
    const fifth = await openWhenFree(base, headers);
    fourth.socket.close();
    fifth.socket.close();
  });

  it('counts across instances through Redis', async () => {
    const redis = connectRedis('redis://127.0.0.1:6379', silent);
    opened.push({ close: async () => redis.disconnect() });
    expect(await redisReady(redis)).toBe(true);
    const options = { redis, chatLimits: { maxSessionsPerIp: 2 } };
    const a = await serve({ TRUST_PROXY: 'loopback' }, options);
    const b = await serve({ TRUST_PROXY: 'loopback' }, options);
    const headers = { 'x-forwarded-for': `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}::1` };
    const onA = await greeted(a.base, headers);
    // Another address of the same IPv6 /64 counts as the same client.
    const onB = await greeted(b.base, {
      'x-forwarded-for': headers['x-forwarded-for'].replace(/::1$/, '::2'),
    });
    const refused = await openChat(b.base, { headers });
    expect(await refused.next(isEnd)).toMatchObject({ reason: 'too_many_sessions' });
    onA.socket.close();
    await onA.closed;
    (await openWhenFree(b.base, headers)).socket.close();
    onB.socket.close();
  });
});

/** Opens a chat, retrying while the slot just freed is still being given back. */
async function openWhenFree(base: string, headers: Record<string, string>): Promise<ChatSocket> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const chat = await openChat(base, { headers });
    const first = await chat.next((f) => f.type === 'session' || f.type === 'end');
    if (first.type === 'session') return chat;
    if (Date.now() > deadline) throw new Error('the slot was never given back');
    await sleep(50);
  }
}

describe('session length limits', () => {
  it('closes the chat after its last allowed turn, with a closing line and reason max_turns', async () => {
    const { app, base } = await serve({}, { chatLimits: { maxTurns: 2 } });
    const chat = await greeted(base);
    chat.say('How do I add a pricing table?');
    await chat.next((f) => f.type === 'agent');
    chat.say('And how do I send a document for signature?');
    await chat.next((f) => f.type === 'agent' && f.text !== COPY.turnLimitGoodbye);
    expect(await chat.next((f) => f.type === 'agent')).toMatchObject({ text: COPY.turnLimitGoodbye });
    expect(await chat.next(isEnd)).toMatchObject({ reason: 'max_turns' });
    await chat.closed;
    expect((await app.store.sessions.get(chat.sessionId))?.endReason).toBe('max_turns');
  });

  it('closes a quiet chat after the idle time, counted from the last user message', async () => {
    const { app, base } = await serve({}, { chatLimits: { idleMs: 1_000 } });
    const chat = await greeted(base);
    await sleep(600);
    const lastMessage = Date.now();
    chat.say('How do I add a pricing table?');
    expect(await chat.next((f) => f.type === 'agent' && f.text === COPY.idleGoodbye, 5_000)).toBeTruthy();
    expect(Date.now() - lastMessage).toBeGreaterThanOrEqual(950);
    expect(await chat.next(isEnd)).toMatchObject({ reason: 'idle' });
    await chat.closed;
    expect((await app.store.sessions.get(chat.sessionId))?.endReason).toBe('idle');
  });

  it('closes a busy chat at its longest length, reason max_duration', async () => {
    const { app, base } = await serve({}, { chatLimits: { maxSessionMs: 1_500, messagesPerMinute: 600 } });
    const opened = Date.now();
    const chat = await greeted(base);
    const typing = setInterval(() => chat.say('How do I add a pricing table?'), 300);
    try {
      expect(
        await chat.next((f) => f.type === 'agent' && f.text === COPY.chatLimitGoodbye, 5_000),
      ).toBeTruthy();
      expect(await chat.next(isEnd)).toMatchObject({ reason: 'max_duration' });
    } finally {
      clearInterval(typing);
    }
    expect(Date.now() - opened).toBeGreaterThanOrEqual(1_450);
    await chat.closed;
    expect((await app.store.sessions.get(chat.sessionId))?.endReason).toBe('max_duration');
  });
});

/** A full garbage collection, so RSS before and after a run compare what is really kept. */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

describe('a one-socket flood', () => {
  it('refuses frames over the rate cheaply: few turns run, memory stays bounded, the chat survives', async () => {
    const { base } = await serve();
    const chat = await greeted(base);
    const message = JSON.stringify({ type: 'user', text: 'How do I add a pricing table to my template?' });
    collectGarbage();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    for (let i = 0; i < 1_000; i++) chat.socket.send(message);
    await chat.next(isNotice(COPY.slowDown));
    // Long enough for the server to read every frame and answer the admitted turns.
    await sleep(2_000);
    clearInterval(sampler);
    collectGarbage();
    const rssAfter = process.memoryUsage().rss;
    const seconds = (performance.now() - started) / 1000;
    const answers = chat.frames.filter((f) => f.type === 'agent').length - 1; // minus the greeting
    const busy = chat.frames.filter(
      isNotice("I'm still answering your earlier messages. One moment, please."),
    );
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(
      `flood: 1000 messages on one socket, ${seconds.toFixed(1)} s: ${answers} answered, ${busy.length} told to wait, ` +
        `${chat.frames.filter(isNotice(COPY.slowDown)).length} slow-down notice; ` +
        `RSS +${mb(rssAfter - rssBefore)} MB after GC, peak +${mb(rssPeak - rssBefore)} MB`,
    );
    // The default burst is 5 and the queue holds 3: at most 5 turns (plus a refill) were admitted.
    expect(answers + busy.length).toBeLessThanOrEqual(6);
    expect(chat.frames.filter(isNotice(COPY.slowDown))).toHaveLength(1);
    expect(rssAfter - rssBefore).toBeLessThan(64 * 1024 * 1024);
    expect(rssPeak - rssBefore).toBeLessThan(128 * 1024 * 1024);
    expect(chat.socket.readyState).toBe(chat.socket.OPEN);
    chat.socket.close();
  }, 30_000);
});

describe('Origin of browser requests', () => {
  it('in production accepts only PUBLIC_URL, and refuses before the upgrade', async () => {
    const { server, base } = await serve({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://sarah.example.com/',
    });
    expect(await upgradeStatus(base, { origin: 'https://sarah.example.com' })).toBe('open');
    expect(await upgradeStatus(base, { origin: 'https://evil.example' })).toBe('403');
    expect(await upgradeStatus(base, { origin: 'http://localhost:5173' })).toBe('403');
    expect(await upgradeStatus(base, { origin: 'null' })).toBe('403');
    expect(await upgradeStatus(base)).toBe('403'); // no Origin: a script, not our page

    for (const url of ['/api/feedback', '/api/voice/session']) {
      const refused = await server.inject({
        method: 'POST',
        url,
        headers: { origin: 'https://evil.example' },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toEqual(ORIGIN_REFUSED);
    }
    const voice = await server.inject({
      method: 'POST',
      url: '/api/voice/session',
      headers: { origin: 'https://sarah.example.com' },
    });
    expect(voice.statusCode).toBe(503); // allowed through; voice is simply not configured here
    // Pages and probes are not guarded.
    expect(
      (await server.inject({ url: '/healthz', headers: { origin: 'https://evil.example' } })).statusCode,
    ).toBe(200);
  });

  it('without PUBLIC_URL accepts the page served from the same host', async () => {
    const { base } = await serve({ NODE_ENV: 'production' });
    const host = new URL(base).host;
    expect(await upgradeStatus(base, { origin: `http://${host}` })).toBe('open');
    expect(await upgradeStatus(base, { origin: 'http://sarah.evil.example' })).toBe('403');
  });

  it('in development also accepts localhost pages and scripts without an Origin', async () => {
    const { base } = await serve({ PUBLIC_URL: 'https://sarah.example.com' });
    expect(await upgradeStatus(base, { origin: 'http://localhost:5173' })).toBe('open');
    expect(await upgradeStatus(base, { origin: 'http://127.0.0.1:3000' })).toBe('open');
    expect(await upgradeStatus(base)).toBe('open');
    expect(await upgradeStatus(base, { origin: 'https://evil.example' })).toBe('403');
    expect(await upgradeStatus(base, { origin: 'http://localhost.evil.example' })).toBe('403');
  });
});

describe('TRUST_PROXY', () => {
  /** Opens two chats claiming different addresses; "open" when the second is admitted. */
  async function secondChatFromAnotherClaimedAddress(env: Record<string, string>): Promise<string> {
    const { base } = await serve(env, { chatLimits: { maxSessionsPerIp: 1 } });
    const first = await greeted(base, { 'x-forwarded-for': clientAddress() });
    const second = await openChat(base, {
      headers: { 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}` },
    });
    const frame = await second.next((f) => f.type === 'session' || f.type === 'end');
    first.socket.close();
    second.socket.close();
    return frame.type === 'session' ? 'open' : String(frame.reason);
  }

  it('ignores X-Forwarded-For by default: both chats count as 127.0.0.1', async () => {
    expect(await secondChatFromAnotherClaimedAddress({})).toBe('too_many_sessions');
  });

  it('uses X-Forwarded-For from a trusted proxy (address list or hop count)', async () => {
    expect(await secondChatFromAnotherClaimedAddress({ TRUST_PROXY: '127.0.0.1' })).toBe('open');
    expect(await secondChatFromAnotherClaimedAddress({ TRUST_PROXY: '1' })).toBe('open');
  });

  it('ignores X-Forwarded-For from a peer outside the trusted ranges', async () => {
    expect(await secondChatFromAnotherClaimedAddress({ TRUST_PROXY: '10.0.0.0/8' })).toBe(
      'too_many_sessions',
    );
  });
});

describe('feedback bound to its session', () => {
  const post = (base: string, body: unknown) =>
    fetch(`${base}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('needs the token of that very session, and takes one answer per session', async () => {
    const { app, base } = await serve();
    const chat = await greeted(base);
    const other = await greeted(base);
    chat.socket.close();
    other.socket.close();
    const { sessionId, token } = chat;

    const missing = await post(base, { sessionId, score: 9 });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: FEEDBACK_NOT_OPEN });
    expect((await post(base, { sessionId, token: other.token, score: 9 })).status).toBe(401);
    expect((await post(base, { sessionId, token: forgedToken(token), score: 9 })).status).toBe(401);
    expect((await post(base, { sessionId: randomUUID(), token, score: 9 })).status).toBe(401);

    expect((await post(base, { sessionId, token, score: 9, comment: 'Quick and clear' })).status).toBe(201);
    const again = await post(base, { sessionId, token, score: 2 });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: FEEDBACK_ALREADY_SENT });

    const stored = (await app.store.feedback.list(50)).filter((f) => f.sessionId === sessionId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ score: 9, comment: 'Quick and clear' });
  });
});

describe('failures on our side', () => {
  it('answer 500 with a generic sentence and a request ID; the details go to the log only', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { app, base } = await serve({}, {}, createLogger('info', sink));
    app.store.feedback.save = () =>
      Promise.reject(
        Object.assign(
          new Error('SQLITE_READONLY: attempt to write a readonly database at db.internal:5432'),
          {
            code: 'SQLITE_READONLY',
          },
        ),
      );
    const chat = await greeted(base);
    chat.socket.close();
    const response = await fetch(`${base}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: chat.sessionId, token: chat.token, score: 7 }),
    });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: string; requestId: string };
    expect(body).toEqual({ error: GENERIC_FAILURE, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(JSON.stringify(body)).not.toMatch(/SQLITE|readonly|5432|db\.internal/);

    const logged = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'request failed');
    expect(logged?.requestId).toBe(body.requestId);
    expect(JSON.stringify(logged)).toMatch(/SQLITE_READONLY.*db\.internal:5432/);
  });
});

describe('/metrics', () => {
  it('is open in development, for local dashboards and benchmarks', async () => {
    const { base } = await serve();
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/sarah_sessions_started_total/);
  });

  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'a-metrics-token-long-enough';
    const { base } = await serve({ NODE_ENV: 'production', METRICS_TOKEN: token });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token' } })).status,
    ).toBe(401);
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/sarah_/);
  });

  it('is not served publicly in production without a token or a port of its own', async () => {
    const { base } = await serve({ NODE_ENV: 'production' });
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/sarah_/);
  });

  it('moves to METRICS_PORT when set, and leaves the main port', async () => {
    const port = await freePort();
    const { base } = await serve({ METRICS_PORT: String(port), HOST: '127.0.0.1' });
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/sarah_/);
  });
});
