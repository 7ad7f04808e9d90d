import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { buildServer } from '../../src/server/server.js';
import { testApp, talk } from '../support/app.js';

const ADMIN_TOKEN = 'a'.repeat(16) + 'b'.repeat(16) + 'c'.repeat(8);
let app: App;
let server: Awaited<ReturnType<typeof buildServer>>;

beforeAll(async () => {
  app = await testApp({ ADMIN_TOKEN });
  server = await buildServer(app, pino({ level: 'silent' }));
});
afterAll(async () => {
  await server.close();
  await app.close();
});

const privacy = (body: object, token = ADMIN_TOKEN) =>
  server.inject({
    method: 'POST',
    url: '/api/admin/privacy',
    headers: { authorization: `Bearer ${token}` },
    payload: body,
  });

/** A trialist who consented, gave facts, booked a call with `email`. */
async function bookedTrialist(email: string) {
  const t = await talk(app);
  await t.say("Yes that's fine. We're a team of 30 and we use HubSpot.");
  await t.say('Can we book a call with sales?');
  await t.say('The first one works');
  await t.say(`my email is ${email}`);
  await t.say('yes');
  await t.conversation.end('test');
  expect(t.conversation.context.booking, t.lastReply()).toBeDefined();
  return t.conversation.sessionId;
}

describe("a person's access and erasure requests", () => {
  it('exports everything found by the email, then erases it, leaving other people untouched', async () => {
    const sessionId = await bookedTrialist('dana@northwind-example.com');
    const otherSession = await bookedTrialist('lee@contoso-example.com');

    const exported = (await privacy({ action: 'export', email: 'Dana@Northwind-Example.com' })).json<{
      sessions: Array<{ id: string }>;
      bookings: unknown[];
      transcripts: unknown[];
      qualification: unknown[];
    }>();
    expect(exported.sessions.map((s) => s.id)).toEqual([sessionId]);
    expect(exported.bookings).toHaveLength(1);
    expect(exported.transcripts.length).toBeGreaterThan(0);
    expect(exported.qualification).toHaveLength(1);

    const erased = await privacy({ action: 'erase', email: 'dana@northwind-example.com' });
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({ sessions: 1, bookings: 1 });
    const after = (await privacy({ action: 'export', email: 'dana@northwind-example.com' })).json<{
      bookings: unknown[];
      transcripts: unknown[];
    }>();
    expect(after.bookings).toEqual([]);
    expect(await app.store.transcripts.list(sessionId)).toEqual([]);
    // Someone else's conversation is untouched.
    expect((await app.store.transcripts.list(otherSession)).length).toBeGreaterThan(0);
  });

  it('refuses without the admin token, and rejects a malformed request', async () => {
    expect((await privacy({ action: 'export', email: 'x@example.com' }, 'wrong-token')).statusCode).toBe(401);
    expect((await privacy({ action: 'drop', email: 'x@example.com' })).statusCode).toBe(400);
  });

  it('does not exist when ADMIN_TOKEN is unset', async () => {
    const plain = await testApp();
    const plainServer = await buildServer(plain, pino({ level: 'silent' }));
    try {
      const response = await plainServer.inject({
        method: 'POST',
        url: '/api/admin/privacy',
        payload: { action: 'export', email: 'x@example.com' },
      });
      expect(response.statusCode).toBe(404);
    } finally {
      await plainServer.close();
      await plain.close();
    }
  });
});
