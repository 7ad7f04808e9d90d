import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { rebuildDialogue } from '../../src/agent/session/rebuild.js';
import { FIXED_NOW, talk, testApp } from '../support/app.js';

// Sarah's understanding through the framework: assertions go through `result.expect` where the
// behaviour is a tool call, and through the dialogue state where it is what Sarah remembers.
let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

describe('bookings at the time meant', () => {
  it('passes the user words to check_availability and honours a named zone', async () => {
    const t = await talk(app);
    await t.say('We are a team of 9 account managers');
    const result = await t.conversation.send('Can we do a call Wednesday at 1pm Mountain time?');
    result!.expect.containsFunctionCall({ name: 'check_availability' });
    const chosen = t.conversation.context.dialogue.booking.chosen;
    expect(chosen?.startUtc).toBe('2026-12-02T20:00:00Z');
    expect(t.lastReply()).toMatch(/1:00 PM Mountain time/);
    expect(t.lastReply()).not.toMatch(/1:00 PM E[SD]T/);
    await t.conversation.end('test');
  });

  it('reads back day, date, time, zone and email, and books only after a yes', async () => {
    const t = await talk(app);
    await t.say('30 people on the sales team, can we talk to sales?');
    await t.say('my email is robin.diaz@example.com');
    // This Friday is a US holiday: the same time a week later is proposed, then read back.
    await t.say('Friday at 2');
    expect(t.lastReply()).toMatch(/isn't open.*Friday, December 4 at 2:00 PM Eastern time/);
    const read = await t.conversation.send('yes that works');
    expect(read!.events.some((e) => e.type === 'function_call' && e.item.name === 'book_meeting')).toBe(
      false,
    );
    expect(t.lastReply()).toMatch(/December 4 at 2:00 PM Eastern time.*robin\.diaz@example\.com.*book it\?/);
    const yes = await t.conversation.send('yes');
    yes!.expect.containsFunctionCall({ name: 'book_meeting' });
    expect(t.conversation.context.booking?.startUtc).toBe('2026-12-04T19:00:00Z');
    await t.conversation.end('test');
  });

  it('moves and then cancels a meeting booked in this conversation', async () => {
    const t = await talk(app);
    await t.say('We have 12 reps on HubSpot');
    await t.say('yes, Tuesday at 10am');
    await t.say('sam@example.com');
    await t.say('yes');
    expect(t.conversation.context.booking?.startUtc).toBe('2026-12-01T15:00:00Z');
    const moved = await t.conversation.send('can we move it to Thursday at 3 instead?');
    moved!.expect.containsFunctionCall({ name: 'change_meeting', args: { action: 'move' } });
    expect(t.conversation.context.booking?.startUtc).toBe('2026-12-03T20:00:00Z');
    const cancelled = await t.conversation.send('actually please cancel the meeting');
    cancelled!.expect.containsFunctionCall({ name: 'change_meeting', args: { action: 'cancel' } });
    expect(t.conversation.context.booking).toBeUndefined();
    const rows = await app.store.bookings.listBetween('2026-11-25T00:00:00Z', '2026-12-31T00:00:00Z');
    expect(rows.filter((r) => r.attendeeEmail === 'sam@example.com')).toHaveLength(0);
    await t.conversation.end('test');
  });
});

describe('grounded answers and the conversation itself', () => {
  it('says it does not know when no article answers, without calling the answer from an article', async () => {
    const t = await talk(app);
    const result = await t.conversation.send(
      'Can PandaDoc print my proposals and post paper copies to my clients?',
    );
    result!.expect.containsFunctionCall({ name: 'search_knowledge' });
    expect(t.lastReply()).toMatch(/not sure/);
    expect(t.lastReply()).not.toMatch(/article/);
    await t.conversation.end('test');
  });

  it('answers "is that booked?" from the state, without a search', async () => {
    const t = await talk(app);
    await t.say('We have 12 reps on HubSpot');
    await t.say('yes, Tuesday at 10am');
    await t.say('sam.k@example.com');
    await t.say('yes');
    const result = await t.conversation.send('is that booked?');
    expect(result!.events.some((e) => e.type === 'function_call')).toBe(false);
    expect(t.lastReply()).toMatch(/Tuesday, December 1 at 10:00 AM/);
    await t.conversation.end('test');
  });
});

describe('one dialogue state', () => {
  it('is rebuilt from the chat history alone to the same flow the live session is in', async () => {
    const t = await talk(app);
    await t.say('We have 12 reps on HubSpot');
    await t.say('yes please');
    await t.say('the second one');
    const live = t.conversation.context.dialogue;
    const rebuilt = rebuildDialogue(t.conversation.history(), { zone: 'America/New_York', now: FIXED_NOW });
    expect(rebuilt.booking).toEqual(live.booking);
    expect(rebuilt.offer).toEqual(live.offer);
    expect(rebuilt.meetingRequested).toBe(live.meetingRequested);
    expect(rebuilt.userTurns).toBe(live.userTurns);
    await t.conversation.end('test');
  });
});
