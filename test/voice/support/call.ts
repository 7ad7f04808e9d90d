import { inference } from '@livekit/agents';
import type { App } from '../../../src/app.js';
import {
  SarahConversation,
  type CallTiming,
  type ConversationOptions,
  type EndSummary,
} from '../../../src/agent/conversation.js';
import type { AgentServices } from '../../../src/agent/services.js';
import { DelayedTts } from './delayed_tts.js';
import { RecordingOutput } from './recording_output.js';
import { ScriptedStt } from './scripted_stt.js';
import { SpeakingUser, type Spoken } from './speaking_user.js';
import { silence, spokenAudio } from './speech.js';
import { localTurnDetector } from './turn_detector.js';

export const TEST_TIMING: CallTiming = {
  fillerAfterMs: 700,
  silenceNudgeMs: 60_000,
  maxCallMs: 15 * 60_000,
  callLimitGraceMs: 60_000,
};

export interface TestCall {
  conversation: SarahConversation;
  user: SpeakingUser;
  speaker: RecordingOutput;
  stt: ScriptedStt;
  tts: DelayedTts;
  /** Everything the conversation said and did, with `performance.now()` times. */
  lines: Array<{ who: 'sarah' | 'user'; text: string; at: number }>;
  tools: string[];
  ended: Promise<EndSummary>;
  startedAt: number;
  /** The user says `text` out loud (real speech audio); resolves when they stop speaking. */
  say(text: string): Promise<Spoken>;
  /** Resolves with Sarah's next line (after `since`) that matches, or rejects after `timeoutMs`. */
  nextLine(
    match: (text: string) => boolean,
    since?: number,
    timeoutMs?: number,
  ): Promise<{ text: string; at: number }>;
  /** Resolves once nothing has played for `quietMs` (Sarah finished speaking). */
  untilQuiet(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A voice call without a LiveKit room: the real session core, the real VAD and `v1-mini` turn
 * detector, speech audio in real time, a scripted STT, a TTS with a delay and a speaker that
 * records playback.
 */
export async function startTestCall(
  app: App,
  options: {
    timing?: Partial<CallTiming>;
    services?: Partial<AgentServices>;
    ttsDelayMs?: number;
    sttDelayMs?: number;
    languageModel?: ConversationOptions['languageModel'];
    /** The `v1-mini` end-of-turn model (default), or the VAD's silence alone. */
    turnDetection?: 'model' | 'vad';
  } = {},
): Promise<TestCall> {
  const user = new SpeakingUser();
  const speaker = new RecordingOutput();
  const stt = new ScriptedStt(options.sttDelayMs ?? 0);
  const tts = new DelayedTts(options.ttsDelayMs ?? 100);
  const conversation = SarahConversation.create({
    config: app.config,
    services: { ...app.services, ...options.services },
    channel: 'voice',
    userTimeZone: 'America/New_York',
    languageModel: options.languageModel,
    audio: {
      stt,
      tts,
      vad: new inference.VAD(),
      turnDetection: options.turnDetection === 'vad' ? 'vad' : await localTurnDetector(),
      input: user,
      output: speaker,
      timing: { ...TEST_TIMING, ...options.timing },
    },
  });
  const lines: TestCall['lines'] = [];
  const tools: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  conversation.on('agent', (text) => {
    lines.push({ who: 'sarah', text, at: performance.now() });
    notify();
  });
  conversation.on('user', (text) => lines.push({ who: 'user', text, at: performance.now() }));
  conversation.on('tool', (event) => tools.push(event.name));
  const ended = new Promise<EndSummary>((resolve) => conversation.once('end', resolve));
  const startedAt = performance.now();
  await conversation.begin();

  return {
    conversation,
    user,
    speaker,
    stt,
    tts,
    lines,
    tools,
    ended,
    startedAt,
    async say(text) {
      // Clause by clause, with the pauses a speaker makes at commas and full stops.
      const clauses = text.match(/[^,.;!?]+[,.;!?]*\s*/g) ?? [text];
      const audio = await Promise.all(clauses.map((clause) => spokenAudio(clause.trim())));
      let startedAt: number | undefined;
      let endedAt = 0;
      for (const [i, clause] of clauses.entries()) {
        const spoken = user.speak(audio[i]!);
        stt.expect(
          clause.trim(),
          spoken.then((s) => s.endedAt),
        );
        void spoken.then((s) => (startedAt ??= s.startedAt));
        if (i < clauses.length - 1) void user.speak(silence(/[.!?;]\s*$/.test(clause) ? 400 : 180));
        else endedAt = (await spoken).endedAt;
      }
      return { startedAt: startedAt!, endedAt };
    },
    nextLine(match, since = 0, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find((l) => l.who === 'sarah' && l.at >= since && match(l.text));
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `no matching line from Sarah within ${timeoutMs} ms: ${JSON.stringify({ lines, recognised: stt.heard, synthesised: tts.spoken })}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async untilQuiet(quietMs = 400) {
      for (;;) {
        const last = speaker.played[speaker.played.length - 1];
        const idleFor = speaker.playingSince === undefined ? performance.now() - (last?.endedAt ?? 0) : 0;
        if (speaker.played.length > 0 && idleFor >= quietMs) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await conversation.end('test_done');
      await conversation.closed();
      await user.close();
    },
  };
}
