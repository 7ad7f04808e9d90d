import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { COPY } from '../../src/conversation/index.js';
import { talk, testApp } from '../support/app.js';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

/** What the store kept of the conversation: the consent row and the transcript lines. */
async function kept(sessionId: string) {
  const consent = await app.store.consent.get(sessionId);
  const lines = await app.store.transcripts.list(sessionId);
  return { consent: consent?.transcription, lines: lines.map((l) => `${l.role}: ${l.text}`) };
}

describe('consent to a transcript: yes, no, or ask once more', () => {
  it('takes a yes said in its own sentence before a question, and answers the question', async () => {
    const t = await talk(app);
    await t.say('Yes, fine. How do I add a signature field?');
    expect(t.lastReply()).toMatch(/field/i);
    expect(t.lastReply()).not.toContain(COPY.consentAskAgain);
    const { consent, lines } = await kept(t.conversation.sessionId);
    expect(consent).toBe(true);
    expect(lines[0]).toBe('user: Yes, fine. How do I add a signature field?');
    await t.conversation.end('test');
  });

  it('does not read "Ok, how do I…" as consent: asks once more, and keeps nothing until a yes', async () => {
    const t = await talk(app);
    await t.say('Ok, how do I add a signature field?');
    expect(t.lastReply()).toMatch(/field/i);
    expect(t.lastReply()).toContain(COPY.consentAskAgain);
    expect(await kept(t.conversation.sessionId)).toEqual({ consent: undefined, lines: [] });

    await t.say('sure');
    expect(t.lastReply()).toContain(COPY.consentThanks);
    await t.say('how do I send a template?');
    const { consent, lines } = await kept(t.conversation.sessionId);
    expect(consent).toBe(true);
    // Only what was said after the yes (the yes itself included) is kept.
    expect(lines.join('\n')).not.toContain('signature field');
    expect(lines[0]).toBe('user: sure');
    await t.conversation.end('test');
  });

  it('asks once more only: no answer then means no transcript, and she lets it be', async () => {
    const t = await talk(app);
    await t.say('how do I add a signature field?');
    expect(t.lastReply()).toContain(COPY.consentAskAgain);
    await t.say('how do I send a template?');
    await t.say('and can I reuse it for every client?');
    const asks = t.agent.filter((line) => line.includes(COPY.consentAskAgain));
    expect(asks).toHaveLength(1);
    // A later "yes" answers nothing about transcripts.
    await t.say('yes');
    expect(await kept(t.conversation.sessionId)).toEqual({ consent: undefined, lines: [] });
    await t.conversation.end('test');
  });

  it('takes a no anywhere in the answer over a yes before it', async () => {
    const t = await talk(app);
    await t.say("Sure. But please don't keep a transcript.");
    expect(await kept(t.conversation.sessionId)).toEqual({ consent: false, lines: [] });
    await t.conversation.end('test');
  });

  it('does not ask again when the user is leaving', async () => {
    const t = await talk(app);
    await t.say('thank you so much, thats all i needed');
    expect(t.lastReply()).not.toContain(COPY.consentAskAgain);
    await t.conversation.end('test');
  });
});
