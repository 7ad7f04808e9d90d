import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { COPY, LINES } from '../../src/conversation/copy.js';
import { findEmail } from '../../src/agent/understanding/email.js';
import { talk, testApp } from '../support/app.js';

// Conversations a QA pass found handled badly; each stays fixed.
let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

const names = (t: { tools: Array<{ name: string }> }) => t.tools.map((x) => x.name);

describe('QA regressions', () => {
  it('never speaks a raw argument-validation message', async () => {
    const t = await talk(app);
    await t.say('?');
    expect(t.lastReply()).not.toMatch(/invalid arguments|too_small|expected string/i);
    await t.conversation.end('test');
  });

  it('books the slot the user switched to, not the first one picked', async () => {
    const t = await talk(app);
    await t.say('12 of us, salesforce');
    await t.say('yes');
    const third = t.conversation.context.offeredSlots[2]!;
    await t.say('the first one');
    await t.say('actually, make it the third one');
    await t.say('x@example.com');
    await t.say('yes');
    expect(t.conversation.context.booking?.startUtc).toBe(third.startUtc);
    await t.conversation.end('test');
  });

  it('reads spoken emails with underscores and dashes', () => {
    expect(findEmail('j underscore doe at example dot com')).toMatchObject({ address: 'j_doe@example.com' });
    expect(findEmail('it is mary dash ann at big dash co dot io')).toMatchObject({
      address: 'mary-ann@big-co.io',
    });
  });

  it('does not treat an email typed in capitals as anger', async () => {
    const t = await talk(app);
    await t.say('we have 9 reps on hubspot');
    await t.say('yes');
    await t.say('option 3');
    await t.say('JO.SMITH@ACME.IO');
    await t.say('yes');
    expect(t.conversation.context.handoff).toBe(false);
    expect(t.conversation.context.booking).toBeDefined();
    await t.conversation.end('test');
  });

  it('takes "no, I don\'t want a meeting" as a no', async () => {
    const t = await talk(app);
    await t.say('50 people, salesforce');
    await t.say("no thanks, I don't want a meeting");
    expect(names(t)).not.toContain('check_availability');
    expect(t.lastReply()).toBe(COPY.declinedOffer);
    await t.conversation.end('test');
  });

  it('hears "can I talk to someone" as a request for a person, and hands off the second time', async () => {
    const t = await talk(app);
    await t.say('can I talk to someone');
    expect(t.lastReply()).toBe(COPY.humanFirstAsk);
    await t.say('talk to someone please');
    expect(t.conversation.context.handoff).toBe(true);
    await t.conversation.end('test');
  });

  it('understands a bare number as the answer to "how many people?"', async () => {
    const t = await talk(app);
    await t.say('I want a demo');
    expect(t.lastReply()).toMatch(/how many people/i);
    await t.say('10');
    expect(t.conversation.context.signals.teamSize).toBe(10);
    expect(names(t)).toContain('check_availability');
    await t.conversation.end('test');
  });

  it('hands off a cancellation to billing', async () => {
    const t = await talk(app);
    await t.say('how do I cancel my subscription?');
    expect(t.tools.find((x) => x.name === 'request_human')?.args).toEqual({ reason: 'billing' });
    await t.conversation.end('test');
  });

  it('answers "are you a bot?" about itself', async () => {
    const t = await talk(app);
    await t.say('are you a bot or a real person?');
    expect(t.lastReply()).toBe(LINES.identity[0]);
    expect(t.conversation.context.humanRequests).toBe(0);
    await t.conversation.end('test');
  });

  it('finds the template article for a plural question', async () => {
    const t = await talk(app);
    await t.say('how do templates work?');
    const output = t.tools[0]?.output as { results: Array<{ title: string }> };
    expect(output.results[0]?.title).toMatch(/template/i);
    await t.conversation.end('test');
  });

  it('lists times for a vague preference instead of booking one silently', async () => {
    const t = await talk(app);
    await t.say('30 people, hubspot');
    await t.say('yes book');
    await t.say('none of those work, do you have anything next week?');
    expect(t.conversation.context.dialogue.booking.chosen).toBeUndefined();
    await t.conversation.end('test');
  });

  it('does not ask the same discovery question twice', async () => {
    const t = await talk(app);
    await t.say('how do I add a pricing table?');
    await t.say('how do I set a signing order?');
    const askedUseCase = t.agent.filter((line) => line.includes('what kind of documents'));
    expect(askedUseCase.length).toBeLessThanOrEqual(1);
    await t.conversation.end('test');
  });

  it('answers a question about an integration without counting it as one the user has', async () => {
    const t = await talk(app);
    await t.say('how do I set up the hubspot integration?');
    expect(names(t)).toEqual(['search_knowledge']);
    expect(t.lastReply()).toMatch(/HubSpot/);
    expect(t.conversation.context.tier).toBe('self_serve');
    await t.conversation.end('test');
  });

  it('answers a question that also shares facts, then offers the meeting those facts earned', async () => {
    const t = await talk(app);
    await t.say("we're 12 people on salesforce, how do I add a pricing table?");
    expect(names(t)).toEqual(['record_qualification', 'search_knowledge']);
    expect(t.lastReply()).toMatch(/pricing table/i);
    expect(t.lastReply()).toContain(COPY.offerMeeting);
    await t.conversation.end('test');
  });
});
