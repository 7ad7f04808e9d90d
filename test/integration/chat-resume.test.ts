import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { COPY } from '../../src/conversation/index.js';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/server.js';
import { testApp } from '../support/app.js';
import { openChat, type ChatSocket, type Frame } from '../support/chat_socket.js';
import { forgedToken } from '../support/forged_token.js';
import { scanBeforeClose } from '../support/pii_scan.js';

const silent = pino({ level: 'silent' });
const SECRET = 'resume-test-secret-0123456789abcdef0123456789';
const opened: Array<{ close(): Promise<unknown> }> = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface Running {
  app: App;
  server: FastifyInstance;
  base: string;
}

async function serve(app: App): Promise<Running> {
  opened.push(app);
  const server = await buildServer(app, silent);
  opened.push(server);
  const base = await server.listen({ port: 0, host: '127.0.0.1' });
  return { app, server, base };
}

const env = (resumeSeconds: number) => ({
  SESSION_TOKEN_SECRET: SECRET,
  CHAT_RESUME_SECONDS: String(resumeSeconds),
  // One client address opens many chats in this file.
  CHAT_MAX_SESSIONS_PER_IP: '100',
});

type Chat = ChatSocket & { sessionId: string; token: string; opening: string };

/** Opens a chat (resuming one when `resume` is given) and waits for Sarah's first line. */
async function chat(base: string, resume?: { sessionId: string; token: string }): Promise<Chat> {
  const query = new URLSearchParams({ tz: 'America/New_York' });
  if (resume) {
    query.set('resume', resume.sessionId);
    query.set('token', resume.token);
  }
  const socket = await openChat(base, { query: `?${query.toString()}` });
  const session = await socket.next((f) => f.type === 'session');
  const opening = await socket.next((f) => f.type === 'agent');
  return Object.assign(socket, {
    sessionId: String(session.sessionId),
    token: String(session.token),
    opening: String(opening.text),
  });
}

async function ask(socket: ChatSocket, text: string): Promise<string> {
  socket.say(text);
  return String((await socket.next((f) => f.type === 'agent')).text);
}

/** Drops the connection the way a network does: no end frame, no close handshake. */
async function drop(socket: ChatSocket): Promise<void> {
  socket.socket.terminate();
  await socket.closed;
}

const isEnd = (f: Frame) => f.type === 'end';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the server has noticed the drop and saved the parked snapshot. */
async function parked(app: App, sessionId: string): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    if ((await app.store.snapshots.get(sessionId))?.parkedAt) return;
    await sleep(20);
  }
  throw new Error('the dropped chat was never parked');
}

const FACTS = "We're a team of 40 on Salesforce and send about 300 proposals a month.";

describe('a chat whose connection drops', () => {
  it('is picked up on the same server with everything the user said, mid-booking', async () => {
    const { app, base } = await serve(await testApp(env(120)));
    const first = await chat(base);
    await ask(first, 'yes that is fine, how do I add a signature field?');
    await ask(first, FACTS);
    const slotsLine = await ask(first, 'Can we book a call with your team?');
    expect(slotsLine).toMatch(/\d:\d\d/);
    await drop(first);
    await parked(app, first.sessionId);

    const again = await chat(base, first);
    expect(again.sessionId).toBe(first.sessionId);
    // Greeted back, with the times offered before the drop (the reply may never have arrived),
    // but not with the acknowledgement that opened it: that answered a message from before.
    expect(again.opening).toContain(COPY.welcomeBack);
    const offer = slotsLine.replace(/^(Thanks, noted|Got it|Understood)\. /, '');
    expect(again.opening).toBe(`${COPY.welcomeBack} ${offer}`);
    const emailAsk = await ask(again, 'the first one works');
    expect(emailAsk).toMatch(/email/i);
    const readBack = await ask(again, 'pat.lee@acme-widgets.com');
    expect(readBack).toMatch(/pat\.lee@acme-widgets\.com\. Shall I book it\?$/);
    const booked = await ask(again, 'yes');
    expect(booked).toMatch(/^You're booked for/);
    again.say('thanks, bye');
    await again.next((f) => f.type === 'agent');
    again.socket.send(JSON.stringify({ type: 'end' }));
    await again.next(isEnd);

    // Nothing asked twice: no question about what was already said, before or after the drop.
    const sarah = [...first.frames, ...again.frames]
      .filter((f) => f.type === 'agent')
      .map((f) => String(f.text));
    expect(sarah.join('\n')).not.toMatch(/how many people|how many documents|CRM like/i);
    expect(await app.store.bookings.countForSession(first.sessionId)).toBe(1);
    const session = await app.store.sessions.get(first.sessionId);
    expect(session?.endReason).toBe('user_ended');
    // The snapshot lives only as long as the conversation.
    expect(await app.store.snapshots.get(first.sessionId)).toBeUndefined();
  });

  it('is picked up by another instance on the same database, and the first one lets it go', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sarah-resume-'));
    dirs.push(dir);
    const sqlitePath = path.join(dir, 'sarah.db');
    const start = async () => scanBeforeClose(await createApp(loadConfig(env(2)), silent, { sqlitePath }));
    const a = await serve(await start());
    const b = await serve(await start());

    const first = await chat(a.base);
    await ask(first, 'sure');
    await ask(first, FACTS);
    await drop(first);
    await parked(a.app, first.sessionId);

    const onB = await chat(b.base, first);
    expect(onB.sessionId).toBe(first.sessionId);
    expect(onB.opening).toContain(COPY.welcomeBack);
    // The facts came across: asking for a call goes straight to times, with no discovery question.
    const reply = await ask(onB, 'I would like to talk to sales about a rollout');
    expect(reply).not.toMatch(/how many people|how many documents|CRM like/i);
    expect(reply).toMatch(/\d:\d\d|find a time/i);

    // A's parking time runs out; it sees B holds the conversation and ends nothing.
    await sleep(2500);
    expect((await b.app.store.sessions.get(first.sessionId))?.endedAt).toBeNull();
    onB.socket.send(JSON.stringify({ type: 'end' }));
    await onB.next(isEnd);
    expect((await b.app.store.sessions.get(first.sessionId))?.endReason).toBe('user_ended');
  });

  it('ends for good when nobody comes back in time, and a late page starts a new chat saying so', async () => {
    const { app, base } = await serve(await testApp(env(1)));
    const first = await chat(base);
    await ask(first, 'ok');
    await drop(first);
    await sleep(1600);
    const session = await app.store.sessions.get(first.sessionId);
    expect(session?.endReason).toBe('socket_closed');
    expect(await app.store.snapshots.get(first.sessionId)).toBeUndefined();

    const late = await chat(base, first);
    expect(late.sessionId).not.toBe(first.sessionId);
    expect(late.opening).toBe(COPY.resumeExpired);
    const greeting = await late.next((f) => f.type === 'agent');
    expect(greeting.text).toBe(COPY.greeting);
    late.socket.terminate();
  });

  it('needs the session token the chat was given', async () => {
    const { base } = await serve(await testApp(env(120)));
    const first = await chat(base);
    await ask(first, 'ok');
    await drop(first);
    const forged = await chat(base, { sessionId: first.sessionId, token: forgedToken(first.token) });
    expect(forged.sessionId).not.toBe(first.sessionId);
    expect(forged.opening).toBe(COPY.resumeExpired);
    forged.socket.terminate();
  });

  it('moves to a second tab that resumes it, and the first tab is told', async () => {
    const { app, base } = await serve(await testApp(env(120)));
    const first = await chat(base);
    await ask(first, 'ok');
    await ask(first, FACTS);
    const second = await chat(base, first);
    expect(second.sessionId).toBe(first.sessionId);
    const ended = await first.next(isEnd);
    expect(ended.reason).toBe('resumed_elsewhere');
    const reply = await ask(second, 'how do I add a signature field?');
    expect(reply.length).toBeGreaterThan(0);
    expect((await app.store.sessions.get(first.sessionId))?.endedAt).toBeNull();
    second.socket.terminate();
  });

  it('ends at once when resuming is turned off (CHAT_RESUME_SECONDS=0)', async () => {
    const { app, base } = await serve(await testApp(env(0)));
    const first = await chat(base);
    await ask(first, 'ok');
    await drop(first);
    for (let i = 0; i < 50 && !(await app.store.sessions.get(first.sessionId))?.endedAt; i += 1)
      await sleep(20);
    expect((await app.store.sessions.get(first.sessionId))?.endReason).toBe('socket_closed');
    expect(await app.store.snapshots.get(first.sessionId)).toBeUndefined();
  });
});
