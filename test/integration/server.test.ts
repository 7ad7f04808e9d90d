import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { App } from '../../src/app.js';
import { buildServer } from '../../src/server/server.js';
import { testApp } from '../support/app.js';
import { openChat, type Frame } from '../support/chat_socket.js';

let app: App;
let server: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = await testApp();
  // Several tests here send bursts of frames on purpose; the message rate has its own tests
  // (abuse-limits.test.ts).
  server = await buildServer(app, pino({ level: 'silent' }), { chatLimits: { messageBurst: 50 } });
  base = await server.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  await app.close();
});

/** A chat on this server (the shared test client: frames collected, `next` waits for one). */
const connect = (query = '') => openChat(base, { query });

describe('HTTP routes', () => {
  it('answers health, readiness and metrics', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', store: 'sqlite' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/sarah_sessions_started_total/);
  });

  it('stores valid NPS feedback and rejects bad input with a clear message', async () => {
    const post = (body: unknown) =>
      fetch(`${base}/api/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // The survey answers a chat: its session frame carries the token the feedback needs.
    const chat = await connect();
    const { sessionId, token } = (await chat.next((f) => f.type === 'session')) as Frame & {
      sessionId: string;
      token: string;
    };
    chat.socket.close();
    const ok = await post({ sessionId, token, score: 8, comment: 'Helpful' });
    expect(ok.status).toBe(201);
    const stored = (await app.store.feedback.list(50)).find((f) => f.sessionId === sessionId);
    expect(stored).toMatchObject({ score: 8, comment: 'Helpful' });
    for (const bad of [{ sessionId: 'x', score: 11 }, { sessionId: 'x', score: 4.5 }, { score: 5 }, 'nope']) {
      const response = await post(bad);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/survey/i);
    }
  });

  it('sends security headers', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/connect-src/);
  });
});

describe('WebSocket /api/chat', () => {
  it('sends the session id, then the greeting, then answers a question', async () => {
    const chat = await connect('?tz=Europe/Paris');
    const greeting = await chat.next((f) => f.type === 'agent');
    expect(chat.frames[0]).toMatchObject({ type: 'session' });
    expect(String(chat.frames[0]!.sessionId)).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(greeting.text)).toMatch(/beta/i);
    chat.socket.send(JSON.stringify({ type: 'user', text: 'How do I add a pricing table?' }));
    const answer = await chat.next((f) => f.type === 'agent');
    expect(String(answer.text)).toMatch(/pricing table/i);
    chat.socket.close();
  });

  it('answers malformed, empty, unknown and oversized frames with an error frame and keeps the session', async () => {
    const chat = await connect();
    await chat.next((f) => f.type === 'agent');
    const errors: Frame[] = [];
    for (const raw of [
      'not json',
      '{"type":"user"}',
      '{"type":"dance"}',
      JSON.stringify({ type: 'user', text: '   ' }),
    ]) {
      chat.socket.send(raw);
      errors.push(await chat.next((f) => f.type === 'error'));
    }
    chat.socket.send(JSON.stringify({ type: 'user', text: 'x'.repeat(1001) }));
    const tooLong = await chat.next((f) => f.type === 'error');
    expect(String(tooLong.message)).toMatch(/1000 characters/);
    for (const e of errors) expect(String(e.message)).not.toMatch(/error|exception|zod/i);
    // Still alive: a normal message gets a normal answer.
    chat.socket.send(JSON.stringify({ type: 'user', text: 'We are 8 people using HubSpot' }));
    const reply = await chat.next((f) => f.type === 'agent');
    expect(String(reply.text).length).toBeGreaterThan(0);
    expect(chat.socket.readyState).toBe(WebSocket.OPEN);
    chat.socket.close();
  });

  it('ends the session on an end frame and records it', async () => {
    const chat = await connect();
    const sessionId = String((await chat.next((f) => f.type === 'session')).sessionId);
    await chat.next((f) => f.type === 'agent');
    chat.socket.send(JSON.stringify({ type: 'end' }));
    await chat.next((f) => f.type === 'end');
    await new Promise((resolve) => chat.socket.once('close', resolve));
    const session = await app.store.sessions.get(sessionId);
    expect(session?.channel).toBe('web');
    expect(session?.endReason).toBe('user_ended');
    expect(session?.endedAt).not.toBeNull();
  });

  it('tells the browser when a human takes over', async () => {
    const chat = await connect();
    await chat.next((f) => f.type === 'agent');
    chat.socket.send(JSON.stringify({ type: 'user', text: 'I was double charged on my last invoice' }));
    await chat.next((f) => f.type === 'handoff');
    chat.socket.close();
  });
});
