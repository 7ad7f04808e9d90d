import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SarahConversation } from '../../src/agent/conversation.js';
import type { App } from '../../src/app.js';
import { COPY } from '../../src/conversation/index.js';
import { testApp } from '../support/app.js';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

describe('one session core for every door', () => {
  it('holds a message sent before the greeting until the greeting has been said', async () => {
    const conversation = SarahConversation.create({
      config: app.config,
      services: app.services,
      channel: 'web',
    });
    const said: string[] = [];
    conversation.on('agent', (text) => said.push(text));
    const early = conversation.send('How do I add a signature field?');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(said).toEqual([]);
    await conversation.begin();
    await early;
    expect(said[0]).toBe(COPY.greeting);
    // The answer itself (corpus or Unleash wording) is about adding fields for signers.
    expect(said[1]).toMatch(/signature|field/i);
    await conversation.end('test_done');
  });

  it('ends cleanly when it never began, dropping turns sent meanwhile', async () => {
    const conversation = SarahConversation.create({
      config: app.config,
      services: app.services,
      channel: 'web',
    });
    const turn = conversation.send('hello?');
    const summary = await conversation.end('socket_closed');
    expect(summary.reason).toBe('socket_closed');
    expect(await turn).toBeUndefined();
  });

  it('records the session start and end once, whatever door closes it', async () => {
    const conversation = await SarahConversation.start({
      config: app.config,
      services: app.services,
      channel: 'console',
    });
    await conversation.end('user_ended');
    await conversation.end('socket_closed');
    const row = await app.store.sessions.get(conversation.sessionId);
    expect(row).toMatchObject({ channel: 'console', endReason: 'user_ended' });
  });
});
