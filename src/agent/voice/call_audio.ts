import type { Room } from '@livekit/rtc-node';
import type { AppConfig } from '../../config.js';
import type { CallAudio, CallTiming } from '../conversation.js';
import { loadLlmPlugin } from '../llm_factory.js';
import { createStt, createTts, createTurnHandling } from './providers.js';

/** The call rules from configuration (SILENCE_NUDGE_S, MAX_CALL_MINUTES, FILLER_AFTER_MS). */
export function callTiming(config: AppConfig): CallTiming {
  const { env } = config;
  return {
    fillerAfterMs: env.FILLER_AFTER_MS,
    silenceNudgeMs: env.SILENCE_NUDGE_S * 1000,
    maxCallMs: env.MAX_CALL_MINUTES * 60_000,
    callLimitGraceMs: 60_000,
  };
}

/** Everything a LiveKit call adds to a conversation: the configured speech models and the room. */
export async function callAudio(config: AppConfig, room: Room): Promise<CallAudio> {
  const { vad, turnDetection } = createTurnHandling();
  // The session's own VAD also cuts audio into utterances for a non-streaming STT (OpenAI's).
  const [stt, tts] = await Promise.all([
    createStt(config, { vad }),
    createTts(config),
    loadLlmPlugin(config),
  ]);
  return { stt, tts, vad, turnDetection, room, timing: callTiming(config) };
}
