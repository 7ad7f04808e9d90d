import { inference, type stt, type tts } from '@livekit/agents';
import * as deepgram from '@livekit/agents-plugin-deepgram';
import * as elevenlabs from '@livekit/agents-plugin-elevenlabs';
import * as openai from '@livekit/agents-plugin-openai';
import type { AppConfig } from '../config.js';

/** Speech-to-text: Deepgram when its key is set, otherwise OpenAI's transcription. */
export function createStt(config: AppConfig): stt.STT {
  const { env } = config;
  if (env.DEEPGRAM_API_KEY)
    return new deepgram.STT({ apiKey: env.DEEPGRAM_API_KEY, model: 'nova-3', language: 'en-US' });
  return new openai.STT({ apiKey: env.OPENAI_API_KEY });
}

/** Text-to-speech from TTS_PROVIDER ('auto' prefers ElevenLabs when its key is set). */
export function createTts(config: AppConfig): tts.TTS {
  const { env } = config;
  const provider =
    env.TTS_PROVIDER === 'auto' ? (env.ELEVENLABS_API_KEY ? 'elevenlabs' : 'openai') : env.TTS_PROVIDER;
  if (provider === 'elevenlabs') {
    return new elevenlabs.TTS({
      apiKey: env.ELEVENLABS_API_KEY,
      ...(env.ELEVENLABS_VOICE_ID ? { voiceId: env.ELEVENLABS_VOICE_ID } : {}),
    });
  }
  return new openai.TTS({ apiKey: env.OPENAI_API_KEY, voice: 'coral' });
}

/** Local Silero VAD and the small local turn detector: nothing here calls LiveKit's cloud inference. */
export function createTurnHandling() {
  return {
    vad: new inference.VAD(),
    turnDetection: new inference.TurnDetector({ version: 'v1-mini' }),
  };
}
