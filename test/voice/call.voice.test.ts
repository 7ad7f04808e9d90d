import { initializeLogger } from '@livekit/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { COPY, LINES } from '../../src/conversation/index.js';
import { testApp } from '../support/app.js';
import { startTestCall } from './support/call.js';

// Real audio in real time: these tests take seconds each, by design.
let app: App;
beforeAll(async () => {
  app = await testApp();
  initializeLogger({ pretty: false, level: 'silent' });
});
afterAll(() => app.close());

/** How many times any of `lines` was said aloud (the TTS hears them sentence by sentence). */
function timesSaid(saidAloud: string, lines: readonly string[]): number {
  return lines.reduce((n, line) => n + saidAloud.split(line).length - 1, 0);
}

describe('a voice call, heard and spoken', { timeout: 60_000 }, () => {
  it('starts the greeting within a second and answers a spoken question after the user stops', async () => {
    const call = await startTestCall(app);
    try {
      await call.speaker.firstAudio;
      expect(call.speaker.playingSince! - call.startedAt).toBeLessThan(1000);
      expect(call.lines[0]?.text).toBe(COPY.greeting);
      await call.untilQuiet();
      const spoken = await call.say('Sure, that is fine, does PandaDoc integrate with HubSpot?');
      const answer = await call.nextLine((t) => /hubspot/i.test(t), spoken.endedAt);
      const reply = call.speaker.played.find((p) => p.startedAt > spoken.endedAt);
      expect(reply, 'a reply was played after the user stopped').toBeDefined();
      expect(answer.text).toMatch(/integrat|connect/i);
      expect(call.lines.filter((l) => l.who === 'user').map((l) => l.text)).toEqual([
        'Sure, that is fine, does PandaDoc integrate with HubSpot?',
      ]);
    } finally {
      await call.close();
    }
  });

  it('stops speaking within 300 ms when the user talks over her, and answers the interruption', async () => {
    const call = await startTestCall(app);
    try {
      await call.untilQuiet();
      await call.say(
        'Yes, you can keep a transcript, what is PandaDoc and what can I do with it during my trial?',
      );
      // Wait until her (long) answer is playing, then talk over it.
      while (call.speaker.playingSince === undefined) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 400));
      const interruptedSegments = call.speaker.played.length;
      const interruption = await call.say('Sorry, I need a person, can I talk to a human please?');
      const stopped = call.speaker.played[interruptedSegments];
      expect(stopped?.interrupted, 'her answer was cut off').toBe(true);
      expect(stopped!.endedAt - interruption.startedAt).toBeLessThan(300);
      const next = await call.nextLine((t) => /person|human|team/i.test(t), interruption.endedAt);
      expect(next.text).toMatch(/person|team/i);
    } finally {
      await call.close();
    }
  });

  it('nudges after silence, at most twice, then says goodbye and ends the call for silence', async () => {
    const call = await startTestCall(app, { timing: { silenceNudgeMs: 1200 } });
    try {
      const summary = await call.ended;
      expect(summary.reason).toBe('silence');
      const said = call.tts.saidAloud;
      expect(timesSaid(said, LINES.silenceNudge)).toBe(2);
      expect(said.endsWith(COPY.silenceGoodbye)).toBe(true);
      // Each nudge comes about one silence period after the previous line finished playing.
      const played = call.speaker.played;
      expect(played.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < 4; i++) {
        const gap = played[i]!.startedAt - played[i - 1]!.endedAt;
        expect(gap).toBeGreaterThan(1100);
        expect(gap).toBeLessThan(2200);
      }
    } finally {
      await call.close();
    }
  });

  it('the silence clock starts over when the user answers', async () => {
    const call = await startTestCall(app, { timing: { silenceNudgeMs: 2500 } });
    try {
      await call.untilQuiet();
      await new Promise((r) => setTimeout(r, 1500));
      await call.say('Yes please, how do I add a signature field?');
      await call.untilQuiet();
      expect(timesSaid(call.tts.saidAloud, LINES.silenceNudge)).toBe(0);
    } finally {
      await call.close();
    }
  });

  it('says exactly one filler while a slow tool runs', async () => {
    const slowKnowledge: App['services']['knowledge'] = {
      ...app.services.knowledge,
      search: async (query, options) => {
        await new Promise((r) => setTimeout(r, 1800));
        return app.services.knowledge.search(query, options);
      },
    };
    const call = await startTestCall(app, { services: { knowledge: slowKnowledge } });
    try {
      await call.untilQuiet();
      const spoken = await call.say('Yes, how do I create a template in PandaDoc?');
      await call.nextLine((t) => /template/i.test(t), spoken.endedAt, 15_000);
      expect(timesSaid(call.tts.saidAloud, LINES.filler)).toBe(1);
      expect(call.tools).toContain('search_knowledge');
    } finally {
      await call.close();
    }
  });

  it('says no filler when tools are quick', async () => {
    const call = await startTestCall(app);
    try {
      await call.untilQuiet();
      const spoken = await call.say('Yes, how do I create a template in PandaDoc?');
      await call.nextLine((t) => /template/i.test(t), spoken.endedAt, 15_000);
      expect(timesSaid(call.tts.saidAloud, LINES.filler)).toBe(0);
    } finally {
      await call.close();
    }
  });

  it('hands off on the second request for a person and stores both sides of the transcript', async () => {
    const call = await startTestCall(app);
    try {
      await call.untilQuiet();
      let spoken = await call.say('Yes, that is okay, can I talk to a person?');
      await call.nextLine(() => true, spoken.endedAt);
      await call.untilQuiet();
      spoken = await call.say('Yes, a real person please.');
      await call.nextLine((t) => /connecting you|team/i.test(t), spoken.endedAt);
      expect(call.tools).toContain('request_human');
      expect(call.conversation.context.handoff).toBe(true);
      await call.close();
      const rows = await app.store.transcripts.list(call.conversation.sessionId);
      const roles = new Set(rows.map((r) => r.role));
      expect(roles).toEqual(new Set(['user', 'assistant']));
      expect(rows.some((r) => r.role === 'user' && /real person/.test(r.text))).toBe(true);
      const session = await app.store.sessions.get(call.conversation.sessionId);
      expect(session?.channel).toBe('voice');
    } finally {
      await call.close();
    }
  });

  it('keeps no transcript when the caller declines', async () => {
    const call = await startTestCall(app);
    try {
      await call.untilQuiet();
      const spoken = await call.say("No, please don't keep a transcript, how do I add a signature field?");
      await call.nextLine(() => true, spoken.endedAt);
      expect(call.conversation.context.consent).toBe(false);
      await call.close();
      expect(await app.store.transcripts.list(call.conversation.sessionId)).toEqual([]);
    } finally {
      await call.close();
    }
  });

  it('wraps up a call that reaches the length limit with an offer of a person', async () => {
    const call = await startTestCall(app, { timing: { maxCallMs: 6000, callLimitGraceMs: 1500 } });
    try {
      const summary = await call.ended;
      expect(summary.reason).toBe('max_duration');
      const said = call.tts.saidAloud;
      expect(said).toContain(COPY.callLimitWarning);
      expect(said.endsWith(COPY.callLimitGoodbye)).toBe(true);
    } finally {
      await call.close();
    }
  });
});
