import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { FAKE_OPENAI_KEY, openAiEnv, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { talk, testApp } from '../support/app.js';

// The production LLM path: LiveKit's OpenAI plugin (real client code) against a local fake that
// follows OpenAI's streaming contract, with the offline brain as fallback.
let fake: FakeOpenAI;
let app: App;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  app = await testApp(openAiEnv(fake));
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.mode = 'text';
});

describe('OpenAI through the LiveKit plugin, with the offline brain behind it', () => {
  it('reports the llm part as production without printing the key', () => {
    const llmPart = app.config.parts.find((p) => p.part === 'llm');
    expect(llmPart?.mode).toBe('production');
    expect(JSON.stringify(app.config.parts)).not.toContain(FAKE_OPENAI_KEY);
  });

  it("sends Sarah's instructions, the user's words and all the tools, and relays the reply", async () => {
    fake.reply = 'Templates save you time. Want a quick tour?';
    const t = await talk(app);
    await t.say('Tell me about templates');
    expect(t.lastReply()).toBe('Templates save you time. Want a quick tour?');
    const request = fake.requests[0]!;
    expect(request.stream).toBe(true);
    expect(JSON.stringify(request.messages[0])).toMatch(/Sarah/);
    expect(
      request.messages.some((m) => m.role === 'user' && JSON.stringify(m.content).includes('templates')),
    ).toBe(true);
    expect(request.tools?.map((tool) => tool.function.name).sort()).toEqual([
      'book_meeting',
      'calculate_roi',
      'change_meeting',
      'check_availability',
      'compare_competitor',
      'record_qualification',
      'request_human',
      'search_knowledge',
      'send_resource',
    ]);
    await t.conversation.end('test');
  });

  it("runs the model's tool calls through Sarah's tools and returns their output to the model", async () => {
    fake.mode = 'tool';
    const t = await talk(app);
    await t.say('How do I add a pricing table?');
    expect(t.tools.map((x) => x.name)).toEqual(['search_knowledge']);
    const followUp = fake.requests[1]!;
    const toolMessage = followUp.messages.find((m) => m.role === 'tool');
    expect(JSON.stringify(toolMessage?.content)).toMatch(/pricing table/i);
    expect(t.lastReply()).toMatch(/^From the help center/);
    await t.conversation.end('test');
  });

  it.each([
    ['server_error', '500'],
    ['rate_limited', '429'],
    ['malformed', 'a malformed stream'],
    ['slow', 'no answer within the timeout'],
  ] as const)('falls back to the offline brain on %s (%s) without losing the turn', async (mode, _why) => {
    fake.mode = mode;
    const t = await talk(app);
    const started = Date.now();
    await t.say('How do I add a pricing table to my template?');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(t.tools.map((x) => x.name)).toContain('search_knowledge');
    expect(t.lastReply()).toMatch(/pricing table/i);
    expect(t.agent.join(' ')).not.toMatch(/error|429|500/i);
    // One reply for one question: a failed attempt must not leave duplicated text behind.
    expect(t.agent).toHaveLength(2);
    await t.conversation.end('test');
  });

  it('answers every turn while OpenAI flaps (every other request a 500), each within 2 s', async () => {
    fake.mode = 'flapping';
    // Its own app: the failures it provokes must not change which model the other tests meet.
    const flappingApp = await testApp(openAiEnv(fake));
    const t = await talk(flappingApp);
    const questions = [
      'How do I add a pricing table?',
      'Can I reuse a template for every client?',
      'How do I send a document for signature?',
      'Can signers sign on their phone?',
    ];
    for (const question of questions) {
      const started = Date.now();
      await t.say(question);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    // One reply per question, whichever model gave it, and never a provider's failure in the text.
    expect(t.agent).toHaveLength(1 + questions.length);
    expect(t.agent.join(' ')).not.toMatch(/error|500/i);
    expect(fake.requests.length).toBeGreaterThanOrEqual(questions.length);
    await t.conversation.end('test');
    await flappingApp.close();
  });

  it('keeps the booking going when OpenAI breaks mid-booking and the offline brain takes over', async () => {
    fake.mode = 'script';
    fake.script = [
      { tool: 'record_qualification', args: { teamSize: 25, integrations: ['salesforce'] } },
      { text: 'Thanks! A quick call with our team could help. Would you like me to set up a call?' },
      { tool: 'check_availability', args: { when: 'Friday at 2' } },
      { text: 'Friday, December 4 at 2:00 PM works. What email should I send the invite to?' },
    ];
    const t = await talk(app);
    await t.say('We have 25 sales reps and we use Salesforce');
    expect(t.conversation.context.tier).toBe('sales_ready');
    await t.say('Yes, Friday at 2 works for me');
    expect(t.conversation.context.dialogue.booking.chosen?.startUtc).toBe('2026-12-04T19:00:00Z');
    // OpenAI goes down between the time and the email: the brain reads the same dialogue state.
    fake.mode = 'server_error';
    await t.conversation.send('robin.diaz@example.com');
    expect(t.lastReply()).toMatch(/December 4 at 2:00 PM.*robin\.diaz@example\.com.*book it\?/);
    const result = await t.conversation.send('yes');
    result!.expect.containsFunctionCall({ name: 'book_meeting' });
    expect(t.conversation.context.booking?.startUtc).toBe('2026-12-04T19:00:00Z');
    expect(t.lastReply()).toMatch(/December 4 at 2:00 PM/);
    expect(t.lastReply()).toMatch(/robin\.diaz@example\.com/);
    await t.conversation.end('test');
  });
});
