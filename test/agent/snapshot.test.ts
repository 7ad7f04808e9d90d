import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { SarahConversation, type SnapshotKeeper } from '../../src/agent/conversation.js';
import { parseSnapshot, takeSnapshot, type ConversationSnapshot } from '../../src/agent/session/snapshot.js';
import { COPY, DEFAULT_LIMITS } from '../../src/conversation/index.js';
import { FIXED_NOW, talk, testApp } from '../support/app.js';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

/** Snapshots kept in memory, as the store would keep them, with its generation rule. */
function memoryKeeper() {
  const rows = new Map<string, { json: string; generation: number }>();
  const keeper: SnapshotKeeper = {
    save: async (id, snapshot, generation) => {
      const row = rows.get(id);
      if (row && row.generation !== generation) return false;
      rows.set(id, { json: JSON.stringify(snapshot), generation });
      return true;
    },
    park: async () => undefined,
    remove: async (id, generation) => {
      if (rows.get(id)?.generation === generation) rows.delete(id);
    },
  };
  return { keeper, rows };
}

describe('conversation snapshots', () => {
  it("keep Sarah's last replies for recall, redacted like the messages", async () => {
    const chat = await talk(app);
    await chat.say('We have 25 sales reps and use Salesforce');
    await chat.say('Yes, please find a time');
    await chat.say('the first one');
    await chat.say('my email is robin.diaz@example.com');
    const context = chat.conversation.context;
    expect(context.dialogue.replies.at(-1)).toContain('robin.diaz@example.com');
    const snapshot = takeSnapshot(context, new Date(FIXED_NOW), chat.conversation.history());
    expect(snapshot.dialogue.replies.length).toBeGreaterThan(0);
    expect(JSON.stringify(snapshot.dialogue.replies)).not.toContain('robin.diaz@example.com');
    await chat.conversation.end('test');
  });

  it('carry facts, tier, dialogue and state through JSON into a new conversation', async () => {
    const chat = await talk(app);
    await chat.say('sure, go ahead');
    await chat.say(
      "We're 25 people on HubSpot sending around 150 contracts a month, call me at 415-555-0134",
    );
    await chat.say('can we set up a call next week? my colleague sam@northwind-labs.com may join');
    const context = chat.conversation.context;
    const snapshot = parseSnapshot(
      JSON.stringify(takeSnapshot(context, new Date(FIXED_NOW), chat.conversation.history())),
    );
    expect(snapshot).toBeDefined();
    // Messages are stored like transcripts: the phone number is gone.
    expect(JSON.stringify(snapshot!.messages)).not.toContain('555-0134');
    expect(JSON.stringify(snapshot!.messages)).toContain('[phone]');

    const resumed = SarahConversation.create({
      config: app.config,
      services: app.services,
      channel: 'web',
      sessionId: context.sessionId,
      now: () => new Date(FIXED_NOW),
      resume: { snapshot: snapshot!, generation: 1 },
    });
    expect(resumed.context.signals).toEqual(context.signals);
    expect(resumed.context.tier).toBe(context.tier);
    expect(resumed.context.states.state).toBe(context.states.state);
    expect(resumed.context.dialogue).toEqual(context.dialogue);
    expect([...resumed.context.othersEmails]).toEqual(['sam@northwind-labs.com']);
    const lines: string[] = [];
    resumed.on('agent', (text) => lines.push(text));
    await resumed.begin();
    expect(lines[0]).toContain(COPY.welcomeBack);
    // The offer left open before the drop is open again: a pick books the conversation forward.
    await resumed.send('the second one please');
    expect(lines.at(-1)).toMatch(/email/i);
    await resumed.end('test');
    await chat.conversation.end('test');
  });

  it('are written after every turn, and stop when a newer holder took the conversation over', async () => {
    const { keeper, rows } = memoryKeeper();
    const conversation = SarahConversation.create({
      config: app.config,
      services: app.services,
      channel: 'web',
      now: () => new Date(FIXED_NOW),
      snapshots: keeper,
    });
    await conversation.begin();
    await conversation.send('ok');
    const saved = JSON.parse(rows.get(conversation.sessionId)!.json) as ConversationSnapshot;
    expect(saved.dialogue.userTurns).toBe(1);
    // Another instance resumed it (generation 1): this one may no longer write.
    rows.set(conversation.sessionId, { json: '{}', generation: 1 });
    await conversation.send('we are 12 people');
    expect(rows.get(conversation.sessionId)!.json).toBe('{}');
    await conversation.end('test');
    expect(rows.has(conversation.sessionId)).toBe(true);
  });

  it('keep what the per-conversation limits have counted, so a reconnect resets none of them', async () => {
    const chat = await talk(app);
    await chat.say('sure');
    await chat.say('how do I add a signature field?');
    await chat.say('and how do templates work?');
    const used = chat.conversation.context.usage.count('knowledgeSearches');
    expect(used).toBeGreaterThanOrEqual(2);
    const snapshot = parseSnapshot(
      JSON.stringify(
        takeSnapshot(chat.conversation.context, new Date(FIXED_NOW), chat.conversation.history()),
      ),
    )!;
    await chat.conversation.end('test');
    const resume = (searches: number) =>
      SarahConversation.create({
        config: app.config,
        services: app.services,
        channel: 'web',
        now: () => new Date(FIXED_NOW),
        resume: {
          snapshot: { ...snapshot, usage: { ...snapshot.usage, knowledgeSearches: searches } },
          generation: 1,
        },
      });
    expect(resume(used).context.usage.count('knowledgeSearches')).toBe(used);

    // Resumed with the searches used up: the next question is not looked up.
    const spent = resume(DEFAULT_LIMITS.knowledgeSearches);
    const lines: string[] = [];
    spent.on('agent', (text) => lines.push(text));
    await spent.begin();
    await spent.send('how do I send a document for signature?');
    expect(lines.at(-1)).toContain(COPY.searchLimit);
    await spent.end('test');
  });

  it('refuse what this version did not write', () => {
    expect(parseSnapshot('not json')).toBeUndefined();
    expect(parseSnapshot('{"version":2}')).toBeUndefined();
    expect(parseSnapshot('{"version":1,"userTimeZone":"UTC"}')).toBeUndefined();
  });
});
