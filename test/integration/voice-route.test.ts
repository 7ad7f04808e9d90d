import pino from 'pino';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { App } from '../../src/app.js';
import { buildServer } from '../../src/server/server.js';
import { VOICE_TOKEN_TTL_SECONDS } from '../../src/server/voice_route.js';
import { callerKeyFrom } from '../../src/agent/voice/caller_key.js';
import { testApp } from '../support/app.js';

const KEY = 'APItestkey';
const SECRET = 'a-test-secret-that-is-long-enough-for-hs256-signing';
const opened: Array<{ close(): Promise<unknown> }> = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

async function serverWith(env: Record<string, string>) {
  const app: App = await testApp(env);
  const server = await buildServer(app, pino({ level: 'silent' }));
  opened.push(app, server);
  return server;
}

describe('POST /api/voice/session', () => {
  it('answers 503 with a sentence the page can show when voice is not configured', async () => {
    const server = await serverWith({});
    const response = await server.inject({ method: 'POST', url: '/api/voice/session' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      voice: 'not_configured',
      error: expect.stringMatching(/coming soon/i),
    });
  });

  it('gives one identity a short-lived token for one new room, with Sarah dispatched by name', async () => {
    const server = await serverWith({
      LIVEKIT_URL: 'wss://sarah.livekit.example',
      LIVEKIT_API_KEY: KEY,
      LIVEKIT_API_SECRET: SECRET,
      LIVEKIT_AGENT_NAME: 'sarah-test',
    });
    const first = await server.inject({ method: 'POST', url: '/api/voice/session' });
    const second = await server.inject({ method: 'POST', url: '/api/voice/session' });
    expect(first.statusCode).toBe(201);
    const body = first.json<{ url: string; token: string; sessionId: string; room: string }>();
    expect(body.url).toBe('wss://sarah.livekit.example');
    expect(second.json<{ room: string }>().room).not.toBe(body.room);

    // The signature checks out with the secret, and the grants are exactly what the page needs.
    const claims = await new TokenVerifier(KEY, SECRET).verify(body.token);
    expect(claims.video).toMatchObject({ room: body.room, roomJoin: true, canPublish: true });
    expect(claims.video?.roomAdmin ?? false).toBe(false);
    expect(claims.video?.roomCreate ?? false).toBe(false);
    expect(claims.sub).toMatch(/^trialist-/);
    const lifetime = (claims.exp as number) - (claims.nbf as number);
    expect(lifetime).toBeLessThanOrEqual(15 * 60);
    expect(lifetime).toBe(VOICE_TOKEN_TTL_SECONDS);
    expect(JSON.stringify(claims.roomConfig)).toContain('sarah-test');
    // The caller's address rides along for the worker's booking caps, and reads back as sent.
    const dispatch = (claims.roomConfig as { agents?: Array<{ metadata?: string }> }).agents?.[0];
    expect(callerKeyFrom(dispatch?.metadata)).toBe('127.0.0.1');
    await expect(
      new TokenVerifier(KEY, 'another-secret-that-is-long-enough-too').verify(body.token),
    ).rejects.toThrow();
  });

  it('limits how many sessions one address can open per minute', async () => {
    const server = await serverWith({
      LIVEKIT_URL: 'wss://sarah.livekit.example',
      LIVEKIT_API_KEY: KEY,
      LIVEKIT_API_SECRET: SECRET,
    });
    const codes: number[] = [];
    for (let i = 0; i < 12; i++)
      codes.push((await server.inject({ method: 'POST', url: '/api/voice/session' })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 201)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });
});

describe('a call that cannot go ahead continues in the chat', () => {
  const LIVEKIT = {
    LIVEKIT_URL: 'wss://sarah.livekit.example',
    LIVEKIT_API_KEY: KEY,
    LIVEKIT_API_SECRET: SECRET,
  };

  /** The session ID the chat reports first, for a chat opened with `query`. */
  async function chatSession(base: string, query: string): Promise<string> {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/chat${query}`);
    try {
      const frame = await new Promise<{ type: string; sessionId?: string }>((resolve, reject) => {
        socket.once('message', (raw) => resolve(JSON.parse(raw.toString())));
        socket.once('error', reject);
      });
      expect(frame.type).toBe('session');
      return frame.sessionId!;
    } finally {
      socket.terminate();
    }
  }

  it('keeps the session ID the voice token was issued for, once', async () => {
    const server = await serverWith(LIVEKIT);
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    const { sessionId } = (await server.inject({ method: 'POST', url: '/api/voice/session' })).json<{
      sessionId: string;
    }>();
    expect(await chatSession(base, `?session=${sessionId}`)).toBe(sessionId);
    // A second chat cannot take the same session over.
    expect(await chatSession(base, `?session=${sessionId}`)).not.toBe(sessionId);
  });

  it('starts a new session for an ID this server never issued', async () => {
    const server = await serverWith(LIVEKIT);
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    const madeUp = '11111111-2222-3333-4444-555555555555';
    expect(await chatSession(base, `?session=${madeUp}`)).not.toBe(madeUp);
  });
});
